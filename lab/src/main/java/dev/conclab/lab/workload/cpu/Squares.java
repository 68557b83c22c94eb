package dev.conclab.lab.workload.cpu;

import dev.conclab.lab.workload.GilPoint;
import dev.conclab.lab.workload.Size;
import dev.conclab.lab.workload.Trial;
import dev.conclab.lab.workload.Workload;
import dev.conclab.lab.workload.WorkloadKind;
import dev.conclab.model.Work;
/** {@code squares}: the note's compute(n) = n * n, one tiny task per number. */
public final class Squares implements Workload {

  @Override
  public String name() {
    return "squares";
  }

  @Override
  public WorkloadKind kind() {
    return WorkloadKind.CPU;
  }

  @Override
  public String description() {
    return "the note's compute(n) = n * n, one tiny task per number";
  }

  @Override
  public String unitName() {
    return "repetitions per task";
  }

  @Override
  public Size quickSize() {
    return new Size(20000, 1);
  }

  @Override
  public Size fullSize() {
    return new Size(1000000, 1);
  }

  @Override
  public Trial open(Size size) {
    return Trial.of(Work.of(name(), new CpuTask(Squares::compute, size.unit())), size);
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
