package dev.conclab.lab.workload.cpu;

import dev.conclab.lab.workload.GilPoint;
import dev.conclab.lab.workload.Size;

/** {@code squares}: the note's compute(n) = n * n, one tiny task per number. */
public final class Squares extends CpuWorkload {

  public Squares() {
    super("squares", "the note's compute(n) = n * n, one tiny task per number",
        "repetitions per task", new Size(20000, 1), new Size(1000000, 1), Squares::compute);
  }

  /** {@code item * item}, computed {@code unit} times (a GIL check each time), as the note's compute. */
  static long compute(int item, int unit) {
    long v = 0;
    for (int r = 0; r < unit; r++) {
      GilPoint.check();
      v = (long) item * item;
    }
    return v;
  }
}
