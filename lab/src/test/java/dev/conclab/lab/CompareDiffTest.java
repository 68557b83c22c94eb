package dev.conclab.lab;

import static dev.conclab.lab.TestCells.cell;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conclab.lab.report.ReportFormat;
import dev.conclab.lab.report.Reports;
import dev.conclab.lab.verdict.Verdicts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareDiffTest {

  private static Path report(Path dir, String name, List<Cell> cells) throws Exception {
    CompareResult r = new CompareResult(new Machine(2, 8000, 2000, "Test JDK", "Linux"), "quick", "2026-01-01T00:00:00Z",
        10, new Conditions(0.1, 0, 0, 0, 0, List.of()), cells, Verdicts.derive(cells, 2), null);
    Path p = dir.resolve(name);
    Files.writeString(p, Reports.render(r, ReportFormat.JSON));
    return p;
  }

  @Test
  void diff_tellsFasterSlowerAndNoChangeApart(@TempDir Path dir) throws Exception {
    Path before = report(dir, "before.json", List.of(
        cell("sequential", "primes", "cpu").ms(100).noise(2, 1).build(),
        cell("threads", "primes", "cpu").ms(52).noise(2, 2).build(),
        cell("gil", "primes", "cpu").ms(100).noise(2, 3).build(),
        cell("async", "primes", "cpu").ms(100).noise(2, 4).build()));
    Path after = report(dir, "after.json", List.of(
        cell("sequential", "primes", "cpu").ms(100).noise(2, 5).build(),
        cell("threads", "primes", "cpu").ms(40).noise(2, 6).build(),
        cell("gil", "primes", "cpu").ms(130).noise(2, 7).build(),
        cell("virtual", "primes", "cpu").ms(50).noise(2, 8).build()));
    List<CompareDiff.Change> changes = CompareDiff.diff(before, after);
    assertThat(changes).extracting(c -> c.model() + "=" + c.verdict()).containsExactly(
        "sequential=no significant change", "threads=faster", "gil=slower", "virtual=only in after.json",
        "async=only in before.json");
    CompareDiff.Change threads = changes.get(1);
    assertThat(threads.ratio()).isCloseTo(40.0 / 52, org.assertj.core.api.Assertions.within(0.03));
    assertThat(java.util.Objects.requireNonNull(threads.ratioCi()).high()).isLessThan(1);
    String text = CompareDiff.render(changes, ReportFormat.TEXT);
    assertThat(text).contains("change [95% CI]").contains("1 faster, 1 slower");
    assertThat(CompareDiff.render(changes, ReportFormat.JSON)).contains("\"verdict\" : \"faster\"");
  }

  @Test
  void diff_missingFile_orNotAReport_isAOneLineError(@TempDir Path dir) throws Exception {
    Path notThere = dir.resolve("nope.json");
    Path junk = dir.resolve("junk.json");
    Files.writeString(junk, "{\"hello\": 1}");
    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, "{\"cells\": [");
    assertThatThrownBy(() -> CompareDiff.diff(notThere, junk)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot read " + notThere + ": no such file");
    assertThatThrownBy(() -> CompareDiff.diff(junk, junk)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a conclab compare report");
    assertThatThrownBy(() -> CompareDiff.diff(broken, junk)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("cannot read " + broken + ": ").hasMessageNotContaining("\n");
  }

  @Test
  void render_html_isRejected() {
    assertThatThrownBy(() -> CompareDiff.render(List.of(), ReportFormat.HTML))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("text, md, csv or json");
  }
}
