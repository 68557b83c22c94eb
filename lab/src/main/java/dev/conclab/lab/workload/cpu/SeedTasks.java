package dev.conclab.lab.workload.cpu;

import dev.conclab.lab.workload.GilPoint;

/**
 * The note's {@code Pool.map} tasks as static methods, usable as serializable method references
 * ({@code SeedTasks::square}) on every model, including worker JVMs. Stateless and thread-safe.
 */
public final class SeedTasks {
  private SeedTasks() {}

  /** The note's {@code compute(n)}: {@code n * n}. */
  public static Long square(Integer n) {
    GilPoint.check();
    long v = n;
    return v * v;
  }

  /** 1 if {@code n} is prime, else 0 (trial division, checking the GIL on every divisor step). */
  public static Long isPrime(Integer n) {
    return Primes.isPrime(n) ? 1L : 0L;
  }
}
