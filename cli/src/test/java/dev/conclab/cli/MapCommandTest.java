package dev.conclab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class MapCommandTest {

  @Test
  void squares_onSequential_printsSumOfSquares() {
    MainTest.Run r = MainTest.run("map", "--task", "squares", "--n", "10", "--model", "sequential");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("= 285").contains("sequential");
  }

  @Test
  void primes_onThreads_countsPrimesBelowN() {
    MainTest.Run r = MainTest.run("map", "--task", "primes", "--n", "100", "--model", "threads", "--workers", "2");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("primes below 100 = 25");
  }

  @Test
  void json_printsOneObjectWithTaskModelWorkersNResultAndWallMs() throws Exception {
    MainTest.Run r = MainTest.run("map", "--n", "1000", "--model", "virtual", "--json");
    assertThat(r.code()).isZero();
    JsonNode o = new ObjectMapper().readTree(r.out());
    assertThat(o.get("task").asText()).isEqualTo("squares");
    assertThat(o.get("model").asText()).isEqualTo("virtual");
    assertThat(o.get("n").asInt()).isEqualTo(1000);
    assertThat(o.get("result").bigIntegerValue()).hasToString("332833500");
    assertThat(o.get("workers").asInt()).isPositive();
    assertThat(o.get("wallMs").asDouble()).isNotNegative();
  }

  @Test
  void squares_largeN_sumDoesNotOverflow() {
    MainTest.Run r = MainTest.run("map", "--n", "3000000", "--model", "threads", "--workers", "2");
    assertThat(r.code()).isZero();
    // sum_{k<n} k^2 = (n-1) n (2n-1) / 6
    assertThat(r.out()).contains("= 8999995500000500000");
  }

  @Test
  void nOutOfRange_isOneLineUsageError() {
    MainTest.Run r = MainTest.run("map", "--n", "0");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("conclab: --n must be").doesNotContain("\tat ");
  }

  @Test
  void unknownModel_isOneLineUsageErrorListingKnownKinds() {
    MainTest.Run r = MainTest.run("map", "--model", "fibers");
    MainTest.assertOneLineError(r, 2, "fibers");
    assertThat(r.err()).contains("threads");
  }

  @Test
  void unknownTask_isUsageError() {
    MainTest.Run r = MainTest.run("map", "--task", "cubes");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("conclab: ");
  }

  @Test
  void zeroWorkers_isUsageError() {
    assertThat(MainTest.run("map", "--workers", "0").code()).isEqualTo(2);
  }
}
