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

  /** The range of candidate divisors tried between two GIL checks (about 32 odd ones). */
  static final int CHECK_EVERY = 64;

  /**
   * True if {@code n} is prime; calls the GIL check once per block of {@value #CHECK_EVERY}
   * candidate divisors. The block's own loop has no call in it: a check inside the division loop
   * made the JIT's code for it about 30 % slower and its run time vary by ±15 % from run to run
   * (measured on a 2-core EPYC VM), which no lab can measure through.
   */
  static boolean isPrime(long n) {
    if (n < 2) {
      return false;
    }
    if (n % 2 == 0) {
      return n == 2;
    }
    long limit = (long) Math.sqrt((double) n);
    while (limit * limit > n) {
      limit--;
    }
    while ((limit + 1) * (limit + 1) <= n) {
      limit++;
    }
    for (long d = 3; d <= limit; ) {
      long end = Math.min(limit, d + CHECK_EVERY);
      for (; d <= end; d += 2) {
        if (n % d == 0) {
          return false;
        }
      }
      GilPoint.check();
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
