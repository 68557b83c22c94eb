package dev.conclab.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class Ex04AsyncHelloTest {
  @Test
  void run_printsHelloThenWorld() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    Ex04AsyncHello.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), Duration.ofMillis(50));

    assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).containsExactly("Hello", "World");
  }
}
