package dev.conclab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CompareCommandTest {

  @ParameterizedTest
  @ValueSource(strings = {"--models=fibers", "--workloads=video", "--scale=huge", "--workers=0", "--tasks=0",
      "--concurrency=-1", "--format=pdf", "--timeout=0", "--models=threads:workers=x", "--out=/no/such/dir/r.html",
      "--models=processes:chunksiz=4", "--models=gil:switchInterval=fast", "--models=async:concurrency=0",
      "--models=cluster:port=99999"})
  void badInput_isOneLineUsageErrorWithExitCode2(String arg) {
    MainTest.Run r = MainTest.run("compare", "--no-progress", arg);
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().lines().count()).isEqualTo(1);
    assertThat(r.err()).startsWith("conclab: ").doesNotContain("\tat ").doesNotContain("Exception");
  }

  @Test
  void tinyCompare_json_hasMachineCellsAndVerdicts() throws Exception {
    MainTest.Run r = MainTest.run("compare", "--no-progress", "--models", "threads,virtual", "--workloads", "sleep,squares",
        "--tasks", "20", "--repetitions", "1", "--warmups", "0", "--format", "json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode root = new ObjectMapper().readTree(r.out());
    assertThat(root.get("machine").get("cores").asInt()).isPositive();
    assertThat(root.get("cells")).hasSize(6);
    assertThat(root.get("verdicts")).hasSize(3);
    assertThat(root.get("cells").get(0).get("kind").asText()).isEqualTo("io");
  }

  @Test
  void progressBar_isNotDrawnWhenStderrIsNotATerminal() {
    // the test JVM's stderr is a pipe to the build (surefire's fork), never a terminal
    assertThat(Terminals.stderrIsTerminal()).as("stderr of the test JVM is a terminal").isFalse();
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    MainTest.Run r;
    try {
      r = MainTest.run("compare", "--models", "virtual", "--workloads", "sleep", "--tasks", "10",
          "--repetitions", "1", "--warmups", "0");
    } finally {
      System.setErr(saved);
    }
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("speedup");
    assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("compare").doesNotContain("%");
  }

  @Test
  void out_writesHtmlFileAndPrintsTable(@TempDir Path dir) throws Exception {
    Path html = dir.resolve("report.html");
    MainTest.Run r = MainTest.run("compare", "--no-progress", "--models", "virtual", "--workloads", "sleep",
        "--tasks", "10", "--repetitions", "1", "--warmups", "0", "--format", "html", "--out", html.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("speedup").contains("written to");
    assertThat(Files.readString(html)).startsWith("<!DOCTYPE html>").contains("<svg");
  }

  @Test
  void out_failedWrite_stillPrintsTableAndNamesTheFileAndReason() {
    Path full = Path.of("/dev/full");
    assertThat(Files.isWritable(full)).as("/dev/full (Linux: every write fails with ENOSPC) is writable").isTrue();
    MainTest.Run r = MainTest.run("compare", "--no-progress", "--models", "virtual", "--workloads", "sleep",
        "--tasks", "10", "--repetitions", "1", "--warmups", "0", "--format", "html", "--out", full.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("speedup").doesNotContain("written to");
    assertThat(r.err()).startsWith("conclab: cannot write the report to /dev/full: ").doesNotContain("\tat ");
    assertThat(r.err().lines().count()).isEqualTo(1);
  }

  @Test
  void out_directory_isUsageErrorBeforeMeasuring(@TempDir Path dir) {
    MainTest.Run isDir = MainTest.run("compare", "--no-progress", "--models", "virtual", "--workloads", "sleep",
        "--out", dir.toString());
    assertThat(isDir.code()).isEqualTo(2);
    assertThat(isDir.err()).startsWith("conclab: cannot write --out ").contains("is a directory");
    assertThat(isDir.out()).isEmpty();
  }

  @Test
  void out_underAFileInsteadOfADirectory_isUsageErrorBeforeMeasuring(@TempDir Path dir) throws Exception {
    // unlike a read-only directory (which root may still write), this holds for every user
    Path file = Files.writeString(dir.resolve("plain-file"), "x");
    MainTest.Run r = MainTest.run("compare", "--no-progress", "--models", "virtual", "--workloads", "sleep",
        "--out", file.resolve("r.html").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("conclab: cannot write --out ").contains("no such directory " + file);
    assertThat(r.out()).isEmpty();
  }
}
