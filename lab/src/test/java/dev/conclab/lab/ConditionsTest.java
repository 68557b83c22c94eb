package dev.conclab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conclab.lab.measure.MachineLoad;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {
  private static final MachineLoad.Load QUIET = new MachineLoad.Load(0, 0, 0.5);

  private static Cell unstable() {
    MeasuredCell c = (MeasuredCell) TestCells.cell("threads", "primes", "cpu").ms(100).build();
    return new MeasuredCell(c.model(), c.modelKind(), c.workload(), c.kind(), c.tasks(), c.unit(), c.measured(),
        List.of("unstable: the runs spread 30%; the result may be unstable"), c.note());
  }

  @Test
  void unstableCells_compareSaysWhichOfItsOptionsSettleThem() {
    Conditions c = Conditions.of(List.of(unstable()), QUIET, Machine.current());

    assertThat(c.unstableCells()).isEqualTo(1);
    assertThat(c.warnings()).containsExactly(
        "1 cell stayed unstable after re-measurement; rerun with --repetitions 10 or --scale full to settle it");
  }

  @Test
  void busyCells_areCountedAndSaidToBeLeftOutOfTheVerdicts() {
    Cell busy = TestCells.cell("threads", "sha256", "cpu").ms(100).background(0.9).build();
    Cell quiet = TestCells.cell("threads", "primes", "cpu").ms(100).background(0.1).build();
    Conditions c = Conditions.of(List.of(busy, quiet), QUIET, Machine.current());

    assertThat(c.busyCells()).isEqualTo(1);
    assertThat(c.warnings()).containsExactly("1 cell ran while other processes or the hypervisor took more than 0.25 "
        + "of a core, even when measured again; it is flagged and left out of the verdicts");
  }

  @Test
  void unstableCandidates_adviseSaysALargerBudgetSettlesThem() {
    Conditions c = ModelBench.conditions(List.of(unstable(), unstable()), QUIET);

    assertThat(c.warnings()).containsExactly(
        "2 cells stayed unstable after re-measurement; rerun with a larger --budget to settle them");
  }
}
