package dev.conclab.lab;

import static dev.conclab.lab.TestCells.cell;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conclab.lab.workload.WorkloadKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A cell's JSON keeps the flat fields saved reports have, whatever the cell's type. */
class CellJsonTest {
  private static final List<String> FIELDS = List.of("model", "modelKind", "workload", "kind", "tasks", "unit", "loops",
      "tasksPerRun", "warmups", "wallMs", "wallMsCi", "spreadPct", "repetitions", "runsMs", "cpuMs", "cpuUtilization",
      "speedup", "speedupCi", "peakRssMb", "peakHeapMb", "peakThreads", "peakProcesses", "peakInFlight", "tasksPerSec",
      "p50Ms", "p99Ms", "correct", "estimated", "backgroundCores", "warnings", "error", "note");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static List<String> names(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }

  @Test
  void everyCellType_writesTheSameFieldsInTheSameOrder() throws Exception {
    List<Cell> cells = TestCells.withSpeedups(List.of(cell("sequential", "primes", "cpu").build(),
        cell("threads", "primes", "cpu").ms(50).build(), cell("async", "http", "io").error("stopped").build(),
        FailedCell.nothing("gil", "gil", "sleep", WorkloadKind.IO, 100, 10, "failed")));
    for (Cell c : cells) {
      assertThat(names(JSON.readTree(JSON.writeValueAsString(c)))).as(c.model()).containsExactlyElementsOf(FIELDS);
    }
    JsonNode threads = JSON.readTree(JSON.writeValueAsString(cells.get(1)));
    assertThat(threads.get("speedup").asDouble()).isEqualTo(2.0);
    assertThat(names(threads.get("speedupCi"))).containsExactly("low", "high");
    assertThat(threads.get("error").isNull()).isTrue();
  }

  @Test
  void failedCellWithoutMeasurement_writesNaNZeroAndNullAsBefore() throws Exception {
    String json = JSON.writeValueAsString(FailedCell.nothing("gil", "gil", "sleep", WorkloadKind.IO, 100, 10, "why"));
    assertThat(json).contains("\"kind\":\"io\"", "\"loops\":0", "\"wallMs\":\"NaN\"", "\"wallMsCi\":null",
        "\"spreadPct\":0.0", "\"runsMs\":[]", "\"speedup\":null", "\"peakInFlight\":null", "\"tasksPerSec\":\"NaN\"",
        "\"p99Ms\":null", "\"correct\":false", "\"backgroundCores\":0.0", "\"error\":\"why\"", "\"note\":null");
  }

  @Test
  void failedCellKeepsWhatItMeasured() {
    Cell measured = cell("threads", "primes", "cpu").ms(50).build();
    FailedCell failed = measured.withError("measurement error");
    assertThat(failed.ok()).isFalse();
    assertThat(failed.correct()).isTrue();
    assertThat(failed.wallMs()).isEqualTo(measured.wallMs());
    assertThat(failed.runsMs()).isEqualTo(measured.runsMs());
  }
}
