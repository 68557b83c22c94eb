package dev.conclab.lab.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conclab.lab.Cell;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class VerdictsTest {

  static Cell cell(String model, String workload, String kind, double speedup, int threads, @Nullable Integer inFlight) {
    return new Cell(model, model, workload, kind, 100, 1, 1000 / speedup, 1, 3, 100, 0.5, speedup, 50, 20, threads, 1,
        inFlight, 100, kind.equals("io") ? 10.0 : null, kind.equals("io") ? 20.0 : null, true, false, null, null);
  }

  private static final List<Cell> CELLS = List.of(
      cell("sequential", "primes", "cpu", 1.0, 20, 1),
      cell("threads", "primes", "cpu", 1.93, 22, 2),
      cell("virtual", "primes", "cpu", 1.90, 23, 100),
      cell("gil", "primes", "cpu", 1.02, 22, 2),
      cell("async", "primes", "cpu", 0.99, 21, 1),
      cell("processes", "primes", "cpu", 1.85, 40, null),
      cell("sequential", "http", "io", 1.0, 20, 1),
      cell("threads", "http", "io", 40, 120, 100),
      cell("virtual", "http", "io", 45, 24, 100),
      cell("gil", "http", "io", 38, 120, 100),
      cell("async", "http", "io", 46, 21, 100),
      cell("processes", "http", "io", 1.9, 40, null));

  private static Verdict of(String model) {
    return Verdicts.derive(CELLS, 2).stream().filter(v -> v.model().equals(model)).findFirst().orElseThrow();
  }

  @Test
  void threads_speedupAboveThreshold_isParallelAndNotGilAffected() {
    Verdict v = of("threads");
    assertThat(v.parallel()).isTrue();
    assertThat(v.gilAffected()).isFalse();
    assertThat(v.parallelWhy()).contains("primes ran 1.93× faster than sequential on 2 cores");
    assertThat(v.bestFor()).contains("CPU-bound").contains("I/O-bound");
  }

  @Test
  void gil_tasksInFlightTogetherWithoutSpeedup_isGilAffected() {
    Verdict v = of("gil");
    assertThat(v.parallel()).isFalse();
    assertThat(v.gilAffected()).isTrue();
    assertThat(v.gilWhy()).contains("2 primes tasks were in progress at once").contains("1.02×");
    assertThat(v.bestFor()).isEqualTo("I/O-bound");
  }

  @Test
  void async_oneTaskAtATime_isNotParallelNorGilAffected_andHighConcurrencyIo() {
    Verdict v = of("async");
    assertThat(v.parallel()).isFalse();
    assertThat(v.gilAffected()).isFalse();
    assertThat(v.bestFor()).isEqualTo("high-concurrency I/O");
    assertThat(v.bestForWhy()).contains("100 requests in flight on 1 extra OS threads");
  }

  @Test
  void virtual_parallelAndFewThreadsForManyRequests_isCpuAndHighConcurrencyIo() {
    Verdict v = of("virtual");
    assertThat(v.parallel()).isTrue();
    assertThat(v.bestFor()).isEqualTo("CPU-bound, high-concurrency I/O");
  }

  @Test
  void processes_parallelButSlowIo_isCpuBoundOnly() {
    Verdict v = of("processes");
    assertThat(v.parallel()).isTrue();
    assertThat(v.gilAffected()).isFalse();
    assertThat(v.bestFor()).isEqualTo("CPU-bound");
  }

  @Test
  void sequential_isTheBaseline() {
    assertThat(of("sequential").bestFor()).startsWith("baseline");
  }

  @Test
  void oneCore_parallelIsUnknown() {
    Verdict v = Verdicts.derive(CELLS, 1).get(1);
    assertThat(v.parallel()).isNull();
    assertThat(v.parallelWhy()).contains("only 1 core");
  }

  @Test
  void errorCells_areIgnored() {
    Cell failed = new Cell("threads", "threads", "primes", "cpu", 100, 1, Double.NaN, 0, 0, Double.NaN, Double.NaN,
        null, Double.NaN, Double.NaN, 0, 0, null, Double.NaN, null, null, false, false, "boom", null);
    Verdict v = Verdicts.derive(List.of(cell("sequential", "primes", "cpu", 1, 20, 1), failed), 2).get(1);
    assertThat(v.parallel()).isNull();
    assertThat(v.parallelWhy()).contains("no CPU workload finished");
    assertThat(v.bestFor()).isEqualTo("neither here");
    assertThat(v.bestForWhy()).contains("it did not finish primes");
  }

  @Test
  void busyMachine_noModelParallel_parallelAndGilAreUnclear() {
    List<Cell> busy = List.of(
        cell("sequential", "primes", "cpu", 1.0, 20, 1),
        cell("threads", "primes", "cpu", 0.6, 22, 2),
        cell("gil", "primes", "cpu", 0.3, 22, 2));
    List<Verdict> vs = Verdicts.derive(busy, 2);
    assertThat(vs.get(1).parallel()).isNull();
    assertThat(vs.get(1).parallelWhy()).contains("no model beat 1.40×");
    assertThat(vs.get(2).gilAffected()).isNull();
    assertThat(vs.get(2).gilWhy()).contains("no model ran it in parallel here");
  }

  @Test
  void manyInFlightPerThread_atHalfTheBestIoSpeedup_isStillHighConcurrency_belowHalfIsNot() {
    List<Cell> cells = List.of(
        cell("sequential", "http", "io", 1.0, 20, 1),
        cell("gil", "http", "io", 60, 120, 100),
        cell("async", "http", "io", 45, 23, 100),
        cell("virtual", "http", "io", 25, 21, 100));
    List<Verdict> vs = Verdicts.derive(cells, 2);
    assertThat(vs.get(2).bestFor()).isEqualTo("high-concurrency I/O");
    assertThat(vs.get(3).bestFor()).isEqualTo("I/O-bound");
  }
}
