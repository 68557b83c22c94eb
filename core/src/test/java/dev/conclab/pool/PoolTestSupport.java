package dev.conclab.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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

  /**
   * True while {@code pid} runs. A process that has exited but not yet been reaped (a zombie) is
   * not alive: an orphaned worker is reparented to the system's init process, which may take
   * seconds to reap it, and {@link ProcessHandle#isAlive} still reports such a process as alive.
   */
  static boolean alive(long pid) {
    if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      return false;
    }
    return !isZombie(pid);
  }

  private static boolean isZombie(long pid) {
    if (!Files.isReadable(Path.of("/proc/self/stat"))) {
      return false; // no /proc: trust isAlive
    }
    Path stat = Path.of("/proc", Long.toString(pid), "stat");
    try {
      String s = Files.readString(stat);
      // "pid (comm) S ...": the state follows the last ')' since comm may contain one
      int close = s.lastIndexOf(')');
      return close >= 0 && close + 2 < s.length() && s.charAt(close + 2) == 'Z';
    } catch (NoSuchFileException e) {
      return true; // reaped between the two checks
    } catch (IOException e) {
      return false; // unreadable: trust isAlive
    }
  }
}
