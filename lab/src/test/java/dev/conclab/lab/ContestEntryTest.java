package dev.conclab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conclab.lab.measure.Latencies;
import dev.conclab.lab.measure.MachineLoad;
import dev.conclab.lab.measure.Sampler;
import dev.conclab.model.ExecutionModel;
import dev.conclab.model.ExecutionModels;
import dev.conclab.model.ModelSpec;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContestEntryTest {
  private static final ModelSpec SEQ = ModelSpec.parse("sequential");

  private static Runner.Run run(double ms, double otherCores, double stealCores) {
    return new Runner.Run(ms, 1, new Sampler.Usage(0, 0, 0, 0, 0, 1, 1), 1,
        new MachineLoad.Load(otherCores, stealCores, 1), 0, List.of(), new Latencies());
  }

  private static Contest.Entry entry(ExecutionModel model, Runner.Run... runs) {
    Contest.Entry e = new Contest.Entry(SEQ, model, true, Lab.range(4), Set.of(), 0);
    e.runs.addAll(List.of(runs));
    return e;
  }

  @Test
  void steadyRunsOnAQuietMachine_areSettled() {
    try (ExecutionModel m = ExecutionModels.create(SEQ)) {
      assertThat(entry(m, run(100, 0.02, 0.01), run(101, 0, 0), run(99, 0.05, 0)).unsettled()).isFalse();
    }
  }

  @Test
  void steadyRunsWhileTheHypervisorStoleACore_areMeasuredAgain() {
    try (ExecutionModel m = ExecutionModels.create(SEQ)) {
      Contest.Entry e = entry(m, run(100, 0, 0.9), run(101, 0, 1.0), run(99, 0.05, 0.8));
      assertThat(e.takenCores()).isEqualTo(0.9);
      assertThat(e.unsettled()).isTrue();
    }
  }

  @Test
  void oneBusyRunOfThree_isNotABusyCell_theMedianDecides() {
    try (ExecutionModel m = ExecutionModels.create(SEQ)) {
      assertThat(entry(m, run(100, 0.9, 0), run(101, 0, 0), run(99, 0, 0)).unsettled()).isFalse();
    }
  }

  @Test
  void spreadRuns_areMeasuredAgain() {
    try (ExecutionModel m = ExecutionModels.create(SEQ)) {
      assertThat(entry(m, run(100, 0, 0), run(150, 0, 0), run(70, 0, 0)).unsettled()).isTrue();
    }
  }

  @Test
  void busyWarning_namesWhoTookTheCores() {
    assertThat(Cells.busy(0.9, 0.9, 1, false)).isEqualTo(
        "busy machine: the hypervisor stole 0.90 cores during these runs, measured again; left out of the verdicts");
    assertThat(Cells.busy(0.4, 0, 0, false)).isEqualTo(
        "busy machine: other processes used 0.40 cores during these runs; left out of the verdicts");
    assertThat(Cells.busy(0.5, 0.2, 0, true)).isEqualTo("busy machine: other processes used 0.30 cores and the "
        + "hypervisor stole 0.20 during these runs, not measured again to keep the comparison within its time budget; "
        + "left out of the verdicts");
  }
}
