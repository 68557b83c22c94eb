package dev.conclab.bench.pool;

/** The functions the pool benchmarks send to workers. */
public final class PoolTasks {
  private PoolTasks() {}

  /** The seed's {@code compute(n) = n * n}. */
  public static long square(int n) {
    return (long) n * n;
  }

  /** The tiniest task: returns its argument. */
  public static int identity(int n) {
    return n;
  }

  /** Counts the primes in [from, from + 10_000) by trial division: pure CPU. */
  public static int primesInBlock(int block) {
    int from = block * 10_000;
    int count = 0;
    for (int n = Math.max(2, from); n < from + 10_000; n++) {
      boolean prime = true;
      for (int d = 2; (long) d * d <= n; d++) {
        if (n % d == 0) {
          prime = false;
          break;
        }
      }
      if (prime) {
        count++;
      }
    }
    return count;
  }
}
