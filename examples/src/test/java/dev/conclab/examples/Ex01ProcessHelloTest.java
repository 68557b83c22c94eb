package dev.conclab.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class Ex01ProcessHelloTest {
  @Test
  void run_printsFromAnotherProcess_andExitsWithZero() throws Exception {
    PrintStream saved = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      assertThat(Ex01ProcessHello.run()).isZero();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> bytes.toString(StandardCharsets.UTF_8).contains("Working in another process (pid "));
    } finally {
      System.setOut(saved);
    }
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .doesNotContain("(pid " + ProcessHandle.current().pid() + ")");
    assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)).isEmpty();
  }
}
