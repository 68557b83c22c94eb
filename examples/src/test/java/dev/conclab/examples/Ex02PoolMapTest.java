package dev.conclab.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Ex02PoolMapTest {
  @Test
  void run_printsTheSquaresOfRange10000InOrder() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    Ex02PoolMap.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));

    String out = bytes.toString(StandardCharsets.UTF_8).strip();
    assertThat(out).startsWith("[0, 1, 4, 9, 16, ").endsWith(", 99980001]");
    assertThat(out.split(", ")).hasSize(10_000);
    assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)).isEmpty();
  }
}
