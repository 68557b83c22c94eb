package dev.conclab.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Ex03ThreadHelloTest {
  @Test
  void run_printsFromAThreadAndAVirtualThread() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    Ex03ThreadHello.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));

    assertThat(bytes.toString(StandardCharsets.UTF_8).lines())
        .containsExactly("Working in thread", "Working in a virtual thread");
  }
}
