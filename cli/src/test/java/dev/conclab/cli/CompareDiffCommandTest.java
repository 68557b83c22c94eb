package dev.conclab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareDiffCommandTest {

  private static Path report(Path dir, String name) {
    Path out = dir.resolve(name);
    MainTest.Run r = MainTest.run("compare", "--no-progress", "--models", "threads", "--workloads", "squares",
        "--tasks", "200", "--repetitions", "3", "--warmups", "0", "--format", "json", "--out", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    return out;
  }

  @Test
  void diff_ofTwoReports_printsEachCellsChangeWithItsInterval(@TempDir Path dir) throws Exception {
    Path a = report(dir, "a.json");
    Path b = report(dir, "b.json");
    MainTest.Run r = MainTest.run("compare", "--diff", a.toString(), b.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("change [95% CI]").contains("sequential").contains("threads ")
        .containsPattern("\\d+ faster, \\d+ slower");
    MainTest.Run json = MainTest.run("compare", "--diff", a.toString(), b.toString(), "--format", "json");
    assertThat(json.code()).isZero();
    assertThat(json.out()).contains("\"ratioCi\"");
    assertThat(Files.readString(a)).contains("\"runsMs\"");
  }

  @Test
  void diff_missingOrNonReportFile_isOneLineUsageError(@TempDir Path dir) throws Exception {
    Path junk = Files.writeString(dir.resolve("junk.json"), "[1, 2]");
    for (String[] args : new String[][] {
        {"compare", "--diff", dir.resolve("nope.json").toString(), junk.toString()},
        {"compare", "--diff", junk.toString(), junk.toString()},
        {"compare", "--diff", junk.toString(), junk.toString(), "--format", "html"}}) {
      MainTest.Run r = MainTest.run(args);
      assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(r.err().lines().count()).as(r.err()).isEqualTo(1);
      assertThat(r.err()).startsWith("conclab: ").doesNotContain("\tat ").doesNotContain("Exception");
    }
    MainTest.Run one = MainTest.run("compare", "--diff", junk.toString());
    assertThat(one.code()).isEqualTo(2);
    assertThat(one.err()).startsWith("conclab: option '--diff'").contains("requires at least 2 values")
        .doesNotContain("\tat ");
  }
}
