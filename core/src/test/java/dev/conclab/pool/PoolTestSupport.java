package dev.conclab.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

/** Shared checks: no worker JVM outlives a test class. */
final class PoolTestSupport {
  private PoolTestSupport() {}

  static void assertNoChildProcesses() {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              List<String> alive =
                  ProcessHandle.current()
                      .descendants()
                      .filter(ProcessHandle::isAlive)
                      .map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
                      .toList();
              assertThat(alive).as("child processes left behind").isEmpty();
            });
  }

  static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }
}
