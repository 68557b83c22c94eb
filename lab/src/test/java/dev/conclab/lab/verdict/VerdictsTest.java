package dev.conclab.lab.verdict;

import static dev.conclab.lab.TestCells.cell;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conclab.lab.Cell;
import dev.conclab.lab.TestCells;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerdictsTest {

  /** A quiet run: 3 % noise, five runs per cell, the note's models on primes and http. */
  private static final List<Cell> CELLS = TestCells.withSpeedups(List.of(
      cell("sequential", "primes", "cpu").ms(100).noise(3, 1).build(),
      cell("threads", "primes", "cpu").ms(51.8).noise(3, 2).inFlight(2).threads(22).build(),
      cell("virtual", "primes", "cpu").ms(52.6).noise(3, 3).inFlight(48).threads(23).build(),
      cell("gil", "primes", "cpu").ms(98).noise(3, 4).inFlight(2).threads(22).build(),
      cell("async", "primes", "cpu").ms(101).noise(3, 5).inFlight(1).threads(21).build(),
      cell("processes", "primes", "cpu").ms(54).noise(3, 6).inFlight(null).threads(40).build(),
      cell("sequential", "http", "io").ms(2000).noise(3, 7).tasks(100).build(),
      cell("threads", "http", "io").ms(50).noise(3, 8).tasks(100).inFlight(100).threads(120).build(),
      cell("virtual", "http", "io").ms(44).noise(3, 9).tasks(100).inFlight(100).threads(24).build(),
      cell("gil", "http", "io").ms(53).noise(3, 10).tasks(100).inFlight(100).threads(120).build(),
      cell("async", "http", "io").ms(43).noise(3, 11).tasks(100).inFlight(100).threads(21).build(),
      cell("processes", "http", "io").ms(1000).noise(3, 12).tasks(100).inFlight(null).threads(40).build()));

  private static Verdict of(List<Cell> cells, String model) {
    return Verdicts.derive(cells, 2).stream().filter(v -> v.model().equals(model)).findFirst().orElseThrow();
  }

  @Test
  void threads_intervalAboveThreshold_isParallelAndNotGilAffected_andQuotesTheInterval() {
    Verdict v = of(CELLS, "threads");
    assertThat(v.parallel()).isTrue();
    assertThat(v.gilAffected()).isFalse();
    assertThat(java.util.Objects.requireNonNull(v.cpuSpeedupCi()).low()).isGreaterThanOrEqualTo(1.3);
    assertThat(v.parallelWhy()).matches(
        "threads: parallel — ran CPU work at 1\\.\\d\\d× \\[\\d\\.\\d\\d, \\d\\.\\d\\d\\] sequential's speed on 2 cores \\(primes; .*");
    assertThat(v.bestFor()).contains("CPU-bound").contains("I/O-bound");
  }

  @Test
  void gil_tasksInFlightTogetherWithoutSpeedup_isGilAffected() {
    Verdict v = of(CELLS, "gil");
    assertThat(v.parallel()).isFalse();
    assertThat(v.gilAffected()).isTrue();
    assertThat(v.gilWhy()).contains("2 or more CPU tasks were in progress at once").contains("while threads reached");
    assertThat(v.bestFor()).isEqualTo("I/O-bound");
  }

  @Test
  void async_oneTaskAtATime_isNotParallelNorGilAffected_andHighConcurrencyIo() {
    Verdict v = of(CELLS, "async");
    assertThat(v.parallel()).isFalse();
    assertThat(v.gilAffected()).isFalse();
    assertThat(v.bestFor()).isEqualTo("high-concurrency I/O");
    assertThat(v.bestForWhy()).contains("100 requests in flight on 1 extra OS threads");
  }

  @Test
  void sequential_isNotParallel_andTheBaseline() {
    Verdict v = of(CELLS, "sequential");
    assertThat(v.parallel()).isFalse();
    assertThat(v.gilAffected()).isFalse();
    assertThat(v.bestFor()).startsWith("baseline");
  }

  @Test
  void processes_parallelWithoutInFlightCounts_isCpuBoundOnly() {
    Verdict v = of(CELLS, "processes");
    assertThat(v.parallel()).isTrue();
    assertThat(v.gilAffected()).isFalse();
    assertThat(v.bestFor()).isEqualTo("CPU-bound");
  }

  @Test
  void virtual_parallelAndFewThreadsForManyRequests_isCpuAndHighConcurrencyIo() {
    assertThat(of(CELLS, "virtual").bestFor()).isEqualTo("CPU-bound, high-concurrency I/O");
  }

  @Test
  void oneCore_parallelIsUnknown() {
    Verdict v = Verdicts.derive(CELLS, 1).get(1);
    assertThat(v.parallel()).isNull();
    assertThat(v.parallelWhy()).contains("only 1 core");
  }

  @Test
  void errorCells_areLeftOut() {
    List<Cell> cells = TestCells.withSpeedups(List.of(cell("sequential", "primes", "cpu").build(),
        cell("threads", "primes", "cpu").ms(50).error("boom").build()));
    Verdict v = of(cells, "threads");
    assertThat(v.parallel()).isNull();
    assertThat(v.parallelWhy()).contains("unknown").contains("it did not finish primes");
    assertThat(v.bestFor()).isEqualTo("neither here");
  }

  @Test
  void tinyTaskWorkloads_doNotCountAsEvidence() {
    // squares: 20,000 tasks in 4 ms, where handing out tasks costs more than the work
    List<Cell> cells = new ArrayList<>(CELLS);
    cells.addAll(TestCells.withSpeedups(List.of(
        cell("sequential", "squares", "cpu").ms(4).tasks(20_000).noise(3, 20).build(),
        cell("threads", "squares", "cpu").ms(12).tasks(20_000).noise(3, 21).inFlight(2).build())));
    Verdict v = of(cells, "threads");
    assertThat(v.parallel()).isTrue();
    assertThat(v.parallelWhy()).contains("(primes;").doesNotContain("squares");
  }

  @Test
  void severalCpuWorkloads_areTakenTogether_asAGeometricMean() {
    List<Cell> cells = TestCells.withSpeedups(List.of(
        cell("sequential", "primes", "cpu").ms(100).noise(2, 1).build(),
        cell("gil", "primes", "cpu").ms(100).noise(2, 2).inFlight(2).build(),
        cell("threads", "primes", "cpu").ms(52).noise(2, 3).inFlight(2).build(),
        cell("sequential", "blur", "cpu").ms(100).noise(2, 4).build(),
        // one lucky cell: alone it would look parallel
        cell("gil", "blur", "cpu").ms(65).noise(2, 5).inFlight(2).build(),
        cell("threads", "blur", "cpu").ms(51).noise(2, 6).inFlight(2).build()));
    Verdict gil = of(cells, "gil");
    assertThat(gil.parallel()).isFalse();
    assertThat(gil.cpuSpeedup()).isBetween(1.2, 1.3);
    assertThat(gil.parallelWhy()).contains("geometric mean over primes, blur");
  }

  @Test
  void busyMachineCells_areLeftOutOfTheEvidence_andTheVerdictSaysSo() {
    List<Cell> cells = TestCells.withSpeedups(List.of(
        cell("sequential", "primes", "cpu").ms(100).noise(2, 1).build(),
        cell("threads", "primes", "cpu").ms(52).noise(2, 2).inFlight(2).build(),
        cell("processes", "primes", "cpu").ms(60).noise(2, 3).inFlight(null).build(),
        cell("sequential", "sha256", "cpu").ms(100).noise(2, 4).build(),
        // the hypervisor stole a core meanwhile: every model ran at one core's speed
        cell("threads", "sha256", "cpu").ms(95).noise(2, 5).inFlight(2).background(0.9).build(),
        cell("processes", "sha256", "cpu").ms(99).noise(2, 6).inFlight(null).background(0.9).build()));
    Verdict v = of(cells, "processes");
    assertThat(v.parallel()).isTrue();
    assertThat(v.cpuSpeedup()).isBetween(1.6, 1.75);
    assertThat(v.parallelWhy()).contains("(primes; sha256 left out: measured on a busy machine;");
    assertThat(of(cells, "threads").parallel()).isTrue();
  }

  @Test
  void onlyBusyMachineCells_parallelIsUnknown_andSaysToRerunOnAQuietMachine() {
    List<Cell> cells = TestCells.withSpeedups(List.of(
        cell("sequential", "primes", "cpu").ms(100).noise(2, 1).build(),
        cell("threads", "primes", "cpu").ms(95).noise(2, 2).inFlight(2).background(1.0).build()));
    Verdict v = of(cells, "threads");
    assertThat(v.parallel()).isNull();
    assertThat(v.parallelWhy()).contains("unknown").contains("primes ran while other processes or the hypervisor took cores");
  }

  @Test
  void gilReleasingWorkload_isTheNotesException_notEvidence() {
    List<Cell> cells = TestCells.withSpeedups(List.of(
        cell("sequential", "primes", "cpu").ms(100).noise(2, 1).build(),
        cell("gil", "primes", "cpu").ms(101).noise(2, 2).inFlight(2).build(),
        cell("threads", "primes", "cpu").ms(52).noise(2, 3).inFlight(2).build(),
        cell("sequential", "hashbig", "cpu").ms(100).tasks(32).noise(2, 4).build(),
        cell("gil", "hashbig", "cpu").ms(52).tasks(32).noise(2, 5).inFlight(2).build()));
    Verdict gil = of(cells, "gil");
    assertThat(gil.parallel()).isFalse();
    assertThat(gil.gilAffected()).isTrue();
    assertThat(gil.parallelWhy()).contains("(primes)").doesNotContain("hashbig");
    assertThat(gil.gilWhy()).contains("on hashbig, whose heavy work releases the GIL").contains("parallel there");
  }

  @Test
  void pythonRows_areMeasuredAgainstPySequential_withTheSameRules() {
    List<Cell> cells = TestCells.withSpeedups(List.of(
        cell("sequential", "primes", "cpu").ms(100).noise(2, 1).build(),
        cell("threads", "primes", "cpu").ms(52).noise(2, 2).inFlight(2).build(),
        cell("py:sequential", "primes", "cpu").ms(4000).noise(2, 3).build(),
        cell("py:threads", "primes", "cpu").ms(4100).noise(2, 4).inFlight(2).build(),
        cell("py:processes", "primes", "cpu").ms(2100).noise(2, 5).inFlight(null).build()));
    assertThat(cells.get(3).speedup()).isBetween(0.9, 1.05);
    Verdict threads = of(cells, "py:threads");
    assertThat(threads.parallel()).isFalse();
    assertThat(threads.gilAffected()).isTrue();
    assertThat(of(cells, "py:processes").parallel()).isTrue();
    assertThat(of(cells, "py:sequential").bestFor()).startsWith("baseline");
  }

  @Test
  void busyMachine_noModelParallel_parallelAndGilAreInconclusive() {
    List<Cell> busy = TestCells.withSpeedups(List.of(
        cell("sequential", "primes", "cpu").ms(100).noise(2, 1).build(),
        cell("threads", "primes", "cpu").ms(160).noise(2, 2).inFlight(2).build(),
        cell("gil", "primes", "cpu").ms(300).noise(2, 3).inFlight(2).build()));
    List<Verdict> vs = Verdicts.derive(busy, 2);
    assertThat(vs.get(1).parallel()).isNull();
    assertThat(vs.get(1).parallelWhy()).contains("inconclusive").contains("no model's interval reached 1.30×");
    assertThat(vs.get(2).gilAffected()).isNull();
    assertThat(vs.get(2).gilWhy()).contains("no model ran it in parallel here");
  }

  @Test
  void straddlingInterval_isInconclusive_andSaysHowToSettleIt() {
    List<Cell> cells = TestCells.withSpeedups(List.of(
        cell("sequential", "primes", "cpu").ms(100).noise(15, 1).build(),
        cell("threads", "primes", "cpu").ms(52).noise(2, 2).inFlight(2).build(),
        cell("cluster", "primes", "cpu").ms(77).noise(15, 3).inFlight(null).build()));
    Verdict v = of(cells, "cluster");
    assertThat(java.util.Objects.requireNonNull(v.cpuSpeedupCi()).contains(1.3)).isTrue();
    assertThat(v.parallel()).isNull();
    assertThat(v.parallelWhy()).contains("inconclusive").contains("straddles 1.30×").contains("--scale full");
  }

  /**
   * Noise never gives a wrong yes or no, only "inconclusive": over many seeded runs with noise up to
   * 20 %, a model whose true speedup is 1.0 with two tasks in flight (a GIL) is never called
   * parallel nor free of a GIL, and one whose true speedup is 1.9 is never called serial or
   * GIL-affected.
   */
  @Test
  void noisyCells_neverGiveAWrongYesOrNo_onlyInconclusive() {
    int inconclusive = 0;
    for (int seed = 0; seed < 300; seed++) {
      double noise = 2 + seed % 10 * 2; // 2 % .. 20 %
      List<Cell> cells = TestCells.withSpeedups(List.of(
          cell("sequential", "primes", "cpu").ms(100).noise(noise, seed * 7L).build(),
          cell("threads", "primes", "cpu").ms(100 / 1.9).noise(noise, seed * 7L + 1).inFlight(2).build(),
          cell("gil", "primes", "cpu").ms(100).noise(noise, seed * 7L + 2).inFlight(2).build(),
          cell("sequential", "kmeans", "cpu").ms(80).noise(noise, seed * 7L + 3).build(),
          cell("threads", "kmeans", "cpu").ms(80 / 1.9).noise(noise, seed * 7L + 4).inFlight(2).build(),
          cell("gil", "kmeans", "cpu").ms(80).noise(noise, seed * 7L + 5).inFlight(2).build()));
      Verdict threads = of(cells, "threads");
      Verdict gil = of(cells, "gil");
      assertThat(threads.parallel()).as("threads parallel, seed %d, noise %.0f%%", seed, noise).isNotEqualTo(false);
      assertThat(threads.gilAffected()).as("threads GIL, seed %d", seed).isNotEqualTo(true);
      assertThat(gil.parallel()).as("gil parallel, seed %d, noise %.0f%%", seed, noise).isNotEqualTo(true);
      assertThat(gil.gilAffected()).as("gil GIL, seed %d, noise %.0f%%", seed, noise).isNotEqualTo(false);
      if (threads.parallel() == null || gil.gilAffected() == null) {
        inconclusive++;
      }
    }
    // the loudest noise must have made some verdicts inconclusive: the intervals do widen
    assertThat(inconclusive).isPositive();
  }

  @Test
  void manyInFlightPerThread_atHalfTheBestIoSpeedup_isStillHighConcurrency_belowHalfIsNot() {
    List<Cell> cells = TestCells.withSpeedups(List.of(
        cell("sequential", "http", "io").ms(2000).tasks(100).noise(2, 1).build(),
        cell("gil", "http", "io").ms(33).tasks(100).noise(2, 2).inFlight(100).threads(120).build(),
        cell("async", "http", "io").ms(44).tasks(100).noise(2, 3).inFlight(100).threads(23).build(),
        cell("virtual", "http", "io").ms(80).tasks(100).noise(2, 4).inFlight(100).threads(21).build()));
    List<Verdict> vs = Verdicts.derive(cells, 2);
    assertThat(vs.get(2).bestFor()).isEqualTo("high-concurrency I/O");
    assertThat(vs.get(3).bestFor()).isEqualTo("I/O-bound");
  }
}
