package dev.conclab.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A program that used a pool exits at once: the pool leaves no thread in native code (the
 * JDK's socket pollers, started by a virtual thread that blocks on a socket, are such threads),
 * for which HotSpot would wait up to 300 ms at exit. Runs in a fresh JVM, since this one's
 * other tests may have started the pollers themselves.
 */
class ProcessPoolExitTest {
  @AfterAll
  static void noWorkersLeft() {
    PoolTestSupport.assertNoChildProcesses();
  }

  @Test
  void aProgramThatUsedAPool_hasNoThreadLeftInNativeCode() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process parent = new ProcessBuilder(List.of(
            java, "-cp", System.getProperty("java.class.path"), ExitingParentMain.class.getName()))
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    try {
      BufferedReader r = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8));
      String line = r.readLine();
      assertThat(line).as("the parent's report").isNotNull().startsWith("THREADS");
      assertThat(line.substring("THREADS".length()).strip()).as("threads in native code at exit").isEmpty();
      assertThat(parent.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(parent.exitValue()).isZero();
    } finally {
      parent.destroyForcibly();
    }
  }
}
