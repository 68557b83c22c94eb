package dev.conclab.lab.workload.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrimesTest {

  @Test
  void isPrime_agreesWithASieve() {
    int n = 200_000;
    boolean[] composite = new boolean[n];
    for (int i = 2; (long) i * i < n; i++) {
      if (!composite[i]) {
        for (int j = i * i; j < n; j += i) {
          composite[j] = true;
        }
      }
    }
    for (int i = 0; i < n; i++) {
      assertThat(Primes.isPrime(i)).as("%d", i).isEqualTo(i >= 2 && !composite[i]);
    }
  }

  @Test
  void isPrime_findsFactorsAtTheEdgeOfItsDivisorBlocks() {
    // squares and products of primes whose smallest factor is the last divisor tried, or the first
    // of a new block of Primes.CHECK_EVERY
    long[] primes = {1_000_003, 1_000_033, 67, 131, 4_099, 65_537};
    for (long p : primes) {
      assertThat(Primes.isPrime(p)).as("%d", p).isTrue();
      assertThat(Primes.isPrime(p * p)).as("%d²", p).isFalse();
      assertThat(Primes.isPrime(p * 1_000_037)).as("%d × 1000037", p).isFalse();
    }
  }

  @Test
  void count_ofTheFirstBlockMatchesTheKnownValue() {
    // π(1,000,100) - π(1,000,000) = 6 (1000003, 1000033, 1000037, 1000039, 1000081, 1000099)
    assertThat(Primes.count(0, 100)).isEqualTo(6);
  }
}
