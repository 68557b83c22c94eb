package dev.conclab.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class Ex06AsyncGatherTest {
  @Test
  void run_startsAllFetchesBeforeAnyEnds_andReturnsResultsInArgumentOrder() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    List<String> results = Ex06AsyncGather.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), Duration.ofMillis(50));

    assertThat(results).containsExactly("a: 50ms", "b: 100ms", "c: 50ms");
    assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).startsWith("start a", "start b", "start c");
    assertThat(bytes.toString(StandardCharsets.UTF_8).lines())
        .containsExactlyInAnyOrder("start a", "start b", "start c", "done a", "done b", "done c",
            "[a: 50ms, b: 100ms, c: 50ms]")
        .last().isEqualTo("[a: 50ms, b: 100ms, c: 50ms]");
  }
}
