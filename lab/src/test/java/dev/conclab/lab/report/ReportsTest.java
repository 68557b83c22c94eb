package dev.conclab.lab.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conclab.lab.Cell;
import dev.conclab.lab.CompareResult;
import dev.conclab.lab.Machine;
import dev.conclab.lab.verdict.Verdicts;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportsTest {

  static CompareResult sample() {
    List<Cell> cells = List.of(
        new Cell("sequential", "sequential", "primes", "cpu", 48, 40000, 1000, 2, 3, 990, 0.49, 1.0, 80, 30, 20, 1, 1,
            48, null, null, true, false, null, null),
        new Cell("threads:workers=2", "threads", "primes", "cpu", 48, 40000, 520, 3, 3, 1000, 0.96, 1.92, 82, 31, 22,
            1, 2, 92, null, null, true, false, null, "workers=2"),
        new Cell("sequential", "sequential", "http", "io", 100, 20, 2100, 1, 3, 50, 0.01, 1.0, 80, 30, 20, 1, 1, 48,
            1050.0, 2080.0, true, false, null, null),
        new Cell("threads:workers=100", "threads", "http", "io", 100, 20, 40, 5, 3, 30, 0.3, 52.5, 90, 35, 120, 1,
            100, 2500, 25.0, 38.0, true, false, null, "workers=100"),
        new Cell("gil", "gil", "sleep", "io", 100, 20, Double.NaN, 0, 0, Double.NaN, Double.NaN, null, Double.NaN,
            Double.NaN, 0, 0, null, Double.NaN, null, null, false, false, "stopped after 60 s, \"why\"", null));
    return new CompareResult(new Machine(2, 8000, 2000, "Test JDK 21", "Linux"), "quick", "2026-01-01T00:00:00Z", cells,
        Verdicts.derive(cells, 2));
  }

  @Test
  void json_hasMachineCellsAndVerdictsWithIssueFields() throws Exception {
    JsonNode root = new ObjectMapper().readTree(Reports.render(sample(), ReportFormat.JSON));
    assertThat(root.get("machine").get("cores").asInt()).isEqualTo(2);
    assertThat(root.get("machine").has("memoryMb")).isTrue();
    assertThat(root.get("machine").get("jdk").asText()).isEqualTo("Test JDK 21");
    assertThat(root.get("machine").get("os").asText()).isEqualTo("Linux");
    JsonNode cell = root.get("cells").get(3);
    for (String f : List.of("model", "workload", "kind", "wallMs", "speedup", "cpuUtilization", "peakRssMb",
        "peakThreads", "p50Ms", "p99Ms")) {
      assertThat(cell.has(f)).as(f).isTrue();
    }
    assertThat(cell.get("kind").asText()).isEqualTo("io");
    assertThat(cell.get("p99Ms").asDouble()).isEqualTo(38.0);
    JsonNode verdict = root.get("verdicts").get(1);
    assertThat(verdict.get("model").asText()).isEqualTo("threads");
    assertThat(verdict.get("parallel").asBoolean()).isTrue();
    assertThat(verdict.has("gilAffected")).isTrue();
    assertThat(verdict.get("bestFor").asText()).contains("CPU-bound");
  }

  @Test
  void csv_hasHeaderAndOneRowPerCellWithQuotedErrors() {
    List<String> lines = Reports.render(sample(), ReportFormat.CSV).lines().toList();
    assertThat(lines.get(0).split(",")).containsExactlyElementsOf(Reports.CSV_COLUMNS);
    assertThat(lines).hasSize(6);
    assertThat(lines.get(2)).startsWith("threads:workers=2,primes,cpu,48,40000,520.0,");
    assertThat(lines.get(5)).endsWith("\"stopped after 60 s, \"\"why\"\"\"");
  }

  @Test
  void html_isOneOfflineFileWithChartsAndVerdictTable() {
    String html = Reports.render(sample(), ReportFormat.HTML);
    assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg").contains("Speedup over sequential: primes")
        .contains("Response time percentiles: http").contains("affected by GIL?").endsWith("</html>\n");
    assertThat(html).doesNotContain("http://").doesNotContain("https://").doesNotContain("<script src")
        .doesNotContain("<link");
  }

  @Test
  void textAndMarkdown_showTableVerdictsAndExplanations() {
    String text = Reports.render(sample(), ReportFormat.TEXT);
    assertThat(text).contains("speedup").contains("threads: parallel — primes ran 1.92× faster than sequential on 2 cores")
        .contains("ERROR").contains("stopped after 60 s");
    String md = Reports.render(sample(), ReportFormat.MD);
    assertThat(md).contains("| model | parallel? | affected by GIL? | best for |").contains("| threads | yes | no |");
  }

  @Test
  void parse_unknownFormat_namesIt() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ReportFormat.parse("pdf"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pdf");
  }
}
