package dev.conclab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conclab.lab.verdict.Verdict;
import dev.conclab.model.ModelSpec;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** {@code compare --python}: CPython's own models beside the JVM's, on the real {@code python3}. */
class LabPythonTest {

  @Test
  void compare_withPython_addsCheckedPyRowsWithVerdictsAndTheGilsFidelity() throws Exception {
    CompareSpec spec = CompareSpec.builder(Scale.QUICK)
        .models(List.of(ModelSpec.of("gil", 2), ModelSpec.of("threads", 2)))
        .workloads(List.of("primes", "http"))
        .tasks(8).warmups(0).repetitions(1)
        .python("")
        .build();
    CompareResult r = Lab.compare(spec, new Lab.Listener() {});
    for (String w : List.of("primes", "http")) {
      List<Cell> py = r.cells().stream().filter(c -> c.workload().equals(w) && c.model().startsWith("py:")).toList();
      assertThat(py).extracting(Cell::model).containsExactly("py:sequential", "py:threads", "py:processes", "py:asyncio");
      assertThat(py).allSatisfy(c -> {
        assertThat(c.error()).as(c.model() + " / " + w).isNull();
        assertThat(c.correct()).isTrue();
        assertThat(c.speedup()).isNotNull();
        assertThat(c.note()).startsWith("CPython 3.");
      });
    }
    Cell pyThreadsHttp = r.cells().stream().filter(c -> c.workload().equals("http") && c.model().equals("py:threads"))
        .findFirst().orElseThrow();
    assertThat(pyThreadsHttp.peakInFlight()).as("threads overlap the requests").isGreaterThan(1);
    assertThat(r.verdicts()).extracting(Verdict::model).contains("py:sequential", "py:threads", "py:processes",
        "py:asyncio");
    PythonSummary summary = Objects.requireNonNull(r.python());
    assertThat(summary.interpreter()).startsWith("CPython 3.");
    assertThat(summary.speedups()).extracting(PythonSummary.GilGap::workload).containsExactly("primes");
    assertThat(summary.handOffMs()).isNotNull().isPositive();
    assertThat(summary.emulatedHandOffMs()).isNotNull().isPositive();
  }

  @Test
  void compare_withAnInterpreterThatCannotRun_failsBeforeMeasuring_namingIt() {
    CompareSpec spec = CompareSpec.builder(Scale.QUICK).models(List.of(ModelSpec.of("threads")))
        .workloads(List.of("squares")).python("/no/such/python3").build();
    assertThatThrownBy(() -> Lab.compare(spec, new Lab.Listener() {})).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/no/such/python3").hasMessageNotContaining("\n");
  }

  @Test
  void spec_startMethodWithoutPython_orUnknown_isRejected() {
    assertThatThrownBy(() -> CompareSpec.builder(Scale.QUICK).pythonStart("fork").build())
        .hasMessageContaining("--python");
    assertThatThrownBy(() -> CompareSpec.builder(Scale.QUICK).python("").pythonStart("vfork").build())
        .hasMessageContaining("vfork");
  }
}
