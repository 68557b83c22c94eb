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

  /**
   * Re-hashes a 1 KiB buffer seeded by {@code item} with SHA-256 {@code 2048} times (about 1.4 ms
   * on the 2-core VM), as the lab's {@code sha256} workload does at quick scale.
   */
  public static long sha256(int item) {
    java.security.MessageDigest md;
    try {
      md = java.security.MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
    byte[] block = new byte[1024];
    for (int i = 0; i < block.length; i++) {
      block[i] = (byte) (item * 31 + i);
    }
    byte[] digest = new byte[0];
    for (int k = 0; k < 2048; k++) {
      md.update(block);
      md.update(digest);
      digest = md.digest();
      System.arraycopy(digest, 0, block, (k * 32) & 1023, 32);
    }
    return digest[0];
  }
}
