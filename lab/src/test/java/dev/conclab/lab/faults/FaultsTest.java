package dev.conclab.lab.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fault inside one cell (out of memory, stack overflow) becomes that cell's error; the run goes on. */
class FaultsTest {

  @Test
  void outOfMemoryAndStackOverflow_inOneCell_areThatCellsError_andTheRunGoesOn(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out.json");
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx64m", "-Xss512k", "-XX:-UsePerfData", "-cp", System.getProperty("java.class.path"),
        FaultMain.class.getName(), "exhaust", "recurse", "squares"));
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile())
        .redirectError(ProcessBuilder.Redirect.appendTo(new File(dir.toFile(), "err.txt"))).start();
    try {
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("child finished in time").isTrue();
    } finally {
      p.destroyForcibly();
      p.onExit().get(10, TimeUnit.SECONDS);
    }
    String err = Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(err).isZero();
    JsonNode cells = new ObjectMapper().readTree(Files.readString(out)).get("cells");
    assertThat(cells).hasSize(6);
    for (int i = 0; i < 2; i++) {
      assertThat(cells.get(i).get("workload").asText()).isEqualTo("exhaust");
      assertThat(cells.get(i).get("error").asText()).contains("OutOfMemoryError");
    }
    for (int i = 2; i < 4; i++) {
      assertThat(cells.get(i).get("workload").asText()).isEqualTo("recurse");
      assertThat(cells.get(i).get("error").asText()).contains("StackOverflowError");
    }
    for (int i = 4; i < 6; i++) {
      assertThat(cells.get(i).get("workload").asText()).isEqualTo("squares");
      assertThat(cells.get(i).get("error").isNull()).as(cells.get(i).toString()).isTrue();
      assertThat(cells.get(i).get("correct").asBoolean()).isTrue();
    }
  }
}
