package dev.conclab.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class Ex05GilDemoTest {
  @Test
  void run_printsEveryScenarioWithTheGilStatistics() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    Ex05GilDemo.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), 2_000_000);

    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(5);
    assertThat(lines.get(0)).startsWith("two threads, each 2,000,000 steps");
    assertThat(lines.get(1)).startsWith("one after the other");
    assertThat(lines.get(2)).startsWith("2 threads under the GIL").contains("acquisitions=");
    assertThat(lines.get(3)).startsWith("2 threads, free-threaded");
    assertThat(lines.get(4)).startsWith("2 threads of I/O, GIL");
  }

  @Test
  void cpuWork_isDeterministic() {
    assertThat(Ex05GilDemo.cpuWork(1000)).isEqualTo(Ex05GilDemo.cpuWork(1000));
  }
}
