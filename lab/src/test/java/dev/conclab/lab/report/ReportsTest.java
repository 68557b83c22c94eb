package dev.conclab.lab.report;

import static dev.conclab.lab.TestCells.cell;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conclab.lab.Cell;
import dev.conclab.lab.CompareResult;
import dev.conclab.lab.Conditions;
import dev.conclab.lab.Machine;
import dev.conclab.lab.TestCells;
import dev.conclab.lab.verdict.Verdicts;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportsTest {

  static CompareResult sample(List<String> warnings) {
    List<Cell> cells = TestCells.withSpeedups(List.of(
        cell("sequential", "primes", "cpu").ms(1000).noise(2, 1).build(),
        cell("threads:workers=2", "primes", "cpu").ms(520).noise(2, 2).inFlight(2).threads(22).build(),
        cell("sequential", "http", "io").ms(2100).noise(2, 3).tasks(100).build(),
        cell("threads:workers=100", "threads", "io").ms(40).noise(2, 4).tasks(100).inFlight(100).threads(120).build(),
        cell("gil", "sleep", "io").error("stopped after 60 s, \"why\"").build()));
    return new CompareResult(new Machine(2, 8000, 2000, "Test JDK 21", "Linux"), "quick", "2026-01-01T00:00:00Z", 31.5,
        new Conditions(0.2, 0.01, 0, 0, 0, warnings), cells, Verdicts.derive(cells, 2), null);
  }

  static CompareResult sample() {
    return sample(List.of());
  }

  @Test
  void json_hasMachineConditionsCellsWithIntervalsAndVerdicts() throws Exception {
    JsonNode root = new ObjectMapper().readTree(Reports.render(sample(), ReportFormat.JSON));
    assertThat(root.get("machine").get("cores").asInt()).isEqualTo(2);
    assertThat(root.get("machine").get("jdk").asText()).isEqualTo("Test JDK 21");
    assertThat(root.get("elapsedSeconds").asDouble()).isEqualTo(31.5);
    assertThat(root.get("conditions").get("loadAverage").asDouble()).isEqualTo(0.2);
    JsonNode cell = root.get("cells").get(1);
    for (String f : List.of("model", "workload", "kind", "loops", "tasksPerRun", "warmups", "wallMs", "wallMsCi",
        "runsMs", "speedup", "speedupCi", "cpuUtilization", "peakRssMb", "peakThreads", "backgroundCores", "warnings")) {
      assertThat(cell.has(f)).as(f).isTrue();
    }
    assertThat(cell.get("kind").asText()).as("a workload kind is written as before").isIn("cpu", "io");
    assertThat(cell.get("runsMs")).hasSize(5);
    assertThat(cell.get("speedupCi").get("low").asDouble()).isLessThanOrEqualTo(cell.get("speedup").asDouble());
    assertThat(cell.get("speedupCi").get("high").asDouble()).isGreaterThanOrEqualTo(cell.get("speedup").asDouble());
    assertThat(root.get("cells").get(3).get("p99Ms").asDouble()).isEqualTo(20.0);
    JsonNode verdict = root.get("verdicts").get(1);
    assertThat(verdict.get("model").asText()).isEqualTo("threads");
    assertThat(verdict.get("parallel").asBoolean()).isTrue();
    assertThat(verdict.get("cpuSpeedupCi").has("low")).isTrue();
  }

  @Test
  void csv_hasHeaderAndOneRowPerCellWithIntervalsAndQuotedErrors() {
    List<String> lines = Reports.render(sample(), ReportFormat.CSV).lines().toList();
    assertThat(lines.get(0).split(",")).containsExactlyElementsOf(Reports.CSV_COLUMNS);
    assertThat(lines).hasSize(6);
    assertThat(lines.get(2)).startsWith("threads:workers=2,primes,cpu,48,1,1,48,3,");
    assertThat(lines.get(5)).endsWith("\"stopped after 60 s, \"\"why\"\"\"");
  }

  @Test
  void html_isOneOfflineFileWithChartsAndVerdictTable() {
    String html = Reports.render(sample(List.of("the machine was busy")), ReportFormat.HTML);
    assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg").contains("Speedup over sequential: primes")
        .contains("line: 95% interval").containsPattern("<path d=\"M\\d+ ")
        .contains("Response time percentiles: http").contains("affected by GIL?").contains("Warning: the machine was busy")
        .endsWith("</html>\n");
    assertThat(html).doesNotContain("http://").doesNotContain("https://").doesNotContain("<script src")
        .doesNotContain("<link");
  }

  @Test
  void textAndMarkdown_showIntervalsVerdictsExplanationsAndWarnings() {
    String text = Reports.render(sample(List.of("the machine was busy")), ReportFormat.TEXT);
    assertThat(text).contains("speedup [95% CI]").containsPattern("1\\.\\d\\d \\[1\\.\\d\\d, [12]\\.\\d\\d\\]")
        .containsPattern("threads: parallel — ran CPU work at 1\\.\\d\\d× \\[")
        .contains("ERROR").contains("stopped after 60 s").contains("warning: the machine was busy")
        .contains("took 32 s; load average 0.20");
    String md = Reports.render(sample(), ReportFormat.MD);
    assertThat(md).contains("| model | parallel? | affected by GIL? | best for |").contains("| threads | yes | no |")
        .contains("95 % bootstrap confidence intervals");
  }

  @Test
  void parse_unknownFormat_namesIt() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ReportFormat.parse("pdf"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pdf");
  }
}
