package dev.conclab.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ProcessTask: Python's multiprocessing.Process. */
class ProcessTaskTest {
  @TempDir Path tmp;

  @AfterAll
  static void noWorkersLeft() {
    PoolTestSupport.assertNoChildProcesses();
  }

  static void writePid(String file) {
    try {
      Files.writeString(Path.of(file), Long.toString(ProcessHandle.current().pid()));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static void sleepLong() {
    try {
      Thread.sleep(60_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void start_runsTheTaskInAnotherJvm_andJoinReturnsExitCodeZero() throws Exception {
    String out = tmp.resolve("pid").toString();
    ProcessTask p = ProcessTask.start(() -> writePid(out));
    p.join();
    assertThat(p.isAlive()).isFalse();
    assertThat(p.exitCode()).hasValue(0);
    assertThat(Long.parseLong(Files.readString(Path.of(out)))).isEqualTo(p.pid()).isNotEqualTo(ProcessHandle.current().pid());
  }

  @Test
  void taskThatThrows_exitsWithCodeOne() throws Exception {
    ProcessTask p = ProcessTask.start(() -> {
      throw new IllegalStateException("boom");
    });
    assertThat(p.join(Duration.ofSeconds(60))).isTrue();
    assertThat(p.exitCode()).hasValue(1);
  }

  @Test
  void systemExit_isTheExitCode() throws Exception {
    ProcessTask p = ProcessTask.start(() -> System.exit(3));
    p.join();
    assertThat(p.exitCode()).hasValue(3);
  }

  @Test
  void kill_givesMinusNine_terminateGivesMinusFifteen() throws Exception {
    ProcessTask a = ProcessTask.start(ProcessTaskTest::sleepLong);
    ProcessTask b = ProcessTask.start(ProcessTaskTest::sleepLong);
    assertThat(a.isAlive()).isTrue();
    assertThat(a.exitCode()).isEmpty();
    a.kill();
    b.terminate();
    assertThat(a.join(Duration.ofSeconds(30))).isTrue();
    assertThat(b.join(Duration.ofSeconds(30))).isTrue();
    assertThat(a.exitCode()).hasValue(-9);
    assertThat(b.exitCode()).hasValue(-15);
  }

  @Test
  void unserializableTask_failsNamingTheClass() {
    Thread t = new Thread(() -> {});
    assertThatThrownBy(() -> ProcessTask.start(() -> t.start()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.Thread");
  }
}
