package dev.conclab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every command's help renders cleanly: picocli reads a description's {@code %} as a format. */
class HelpTextTest {

  @ParameterizedTest
  @ValueSource(strings = {"compare", "advise", "map", "serve", "load", "fetch", "member"})
  void help_rendersWithoutPicocliWarnings(String command) {
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    MainTest.Run r;
    try {
      r = MainTest.run(command, "--help");
    } finally {
      System.setErr(saved);
    }
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("Usage: conclab " + command);
    assertThat(err.toString(StandardCharsets.UTF_8) + r.err()).doesNotContain("WARN").doesNotContain("%n");
  }
}
