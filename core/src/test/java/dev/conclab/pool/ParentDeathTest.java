package dev.conclab.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Workers never outlive their parent JVM, even when it is killed with SIGKILL. */
class ParentDeathTest {

  @AfterAll
  static void noWorkersLeft() {
    PoolTestSupport.assertNoChildProcesses();
  }

  @Test
  void workersExitWithinTwoSeconds_whenTheParentJvmIsSigkilled() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process parent =
        new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), OrphanParentMain.class.getName())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    List<Long> workers = new ArrayList<>();
    try {
      BufferedReader r = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8));
      String line = r.readLine();
      assertThat(line).as("the parent's first line").isNotNull().startsWith("PIDS ");
      for (String p : line.substring(5).trim().split(" ")) {
        workers.add(Long.parseLong(p));
      }
      assertThat(workers).hasSize(2).allMatch(PoolTestSupport::alive);
    } finally {
      parent.destroyForcibly(); // SIGKILL: no shutdown hooks, no close()
      assertThat(parent.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(parent.exitValue()).isEqualTo(137);
    await()
        .atMost(Duration.ofSeconds(2))
        .pollInterval(Duration.ofMillis(20))
        .untilAsserted(() -> assertThat(workers).noneMatch(PoolTestSupport::alive));
  }
}
