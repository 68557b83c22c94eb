package dev.conclab.lab;

import static dev.conclab.lab.TestCells.cell;
import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conclab.lab.measure.Interval;
import java.util.List;
import org.junit.jupiter.api.Test;

class CellsTest {

  @Test
  void flagBeyondCores_superlinearCpuCell_becomesAMeasurementError() {
    List<Cell> cells = TestCells.withSpeedups(List.of(
        cell("sequential", "kmeans", "cpu").ms(100).noise(2, 1).build(),
        cell("threads", "kmeans", "cpu").ms(40).noise(2, 2).inFlight(2).build(),
        cell("virtual", "kmeans", "cpu").ms(51).noise(2, 3).inFlight(2).build()));
    List<Cell> flagged = Cells.flagBeyondCores(cells, 2);
    assertThat(flagged.get(1).ok()).isFalse();
    assertThat(flagged.get(1).error()).startsWith("measurement error: 2.").contains("beyond what 2 cores can give");
    assertThat(flagged.get(1).speedup()).as("not reported as a result").isNull();
    assertThat(flagged.get(1).runsMs()).isEqualTo(cells.get(1).runsMs());
    assertThat(flagged.get(2).ok()).isTrue();
    assertThat(flagged.get(0).ok()).isTrue();
  }

  @Test
  void flagBeyondCores_withinTheMargin_orOnIo_isAResult() {
    List<Cell> cells = TestCells.withSpeedups(List.of(
        cell("sequential", "kmeans", "cpu").ms(100).noise(1, 1).build(),
        cell("threads", "kmeans", "cpu").ms(47).noise(1, 2).inFlight(2).build(),
        cell("sequential", "http", "io").ms(2000).noise(1, 3).build(),
        cell("async", "http", "io").ms(40).noise(1, 4).build()));
    assertThat(Cells.flagBeyondCores(cells, 2)).allMatch(Cell::ok);
  }

  @Test
  void withSpeedup_intervalComesFromBothCellsRuns() {
    Cell base = cell("sequential", "primes", "cpu").ms(100).noise(5, 1).build();
    Cell quiet = Cells.withSpeedup(cell("threads", "primes", "cpu").ms(50).noise(0.1, 2).build(), base);
    Cell noisy = Cells.withSpeedup(cell("threads", "primes", "cpu").ms(50).noise(10, 2).build(), base);
    Interval q = requireNonNull(quiet.speedupCi());
    Interval n = requireNonNull(noisy.speedupCi());
    assertThat(q.contains(requireNonNull(quiet.speedup()))).isTrue();
    double quietWidth = q.high() - q.low();
    assertThat(quietWidth).isPositive(); // the baseline's noise alone widens it
    assertThat(n.high() - n.low()).isGreaterThan(quietWidth);
  }
}
