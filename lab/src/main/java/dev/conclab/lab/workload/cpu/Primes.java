package dev.conclab.lab.workload.cpu;

import dev.conclab.lab.workload.GilPoint;
import dev.conclab.lab.workload.Size;

/** {@code primes}: each task counts the primes in its own block of numbers by trial division. */
public final class Primes extends CpuWorkload {
  static final long BASE = 1_000_000L;

  public Primes() {
    super("primes", "count primes in a block of numbers by trial division",
        "numbers per task", new Size(48, 40_000), new Size(192, 100_000), Primes::count);
  }

  /** True if {@code n} is prime; calls the GIL check once per candidate divisor block. */
  static boolean isPrime(long n) {
    if (n < 2) {
      return false;
    }
    if (n % 2 == 0) {
      return n == 2;
    }
    for (long d = 3; d * d <= n; d += 2) {
      if ((d & 63) == 3) {
        GilPoint.check();
      }
      if (n % d == 0) {
        return false;
      }
    }
    return true;
  }

  /** Counts the primes in {@code [BASE + item * block, BASE + (item + 1) * block)}. */
  static long count(int item, int block) {
    long from = BASE + (long) item * block;
    long count = 0;
    for (long n = from; n < from + block; n++) {
      GilPoint.check();
      if (isPrime(n)) {
        count++;
      }
    }
    return count;
  }
}
