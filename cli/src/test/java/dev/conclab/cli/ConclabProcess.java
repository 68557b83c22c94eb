package dev.conclab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * conclab's command line running in a child JVM with this test's class path, its output (standard
 * output and error together) in a log file: for tests of signals and of commands that serve until
 * stopped. {@link #close()} kills it if it still runs and waits (bounded) for it to exit. Not
 * thread-safe; one test drives it.
 */
record ConclabProcess(String what, Process process, Path log) implements AutoCloseable {

  /** Starts {@code conclab args...}, writing its output to {@code log}; {@code what} names it in failures. */
  static ConclabProcess start(String what, Path log, String... args) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new ConclabProcess(what, p, log);
  }

  /** What it has written so far. */
  String output() throws IOException {
    return Files.readString(log);
  }

  /**
   * Waits up to {@code atMost} for its output to contain a match of {@code pattern} and returns
   * the match's first group (the whole match if it has none). Fails at once if it exits first.
   */
  String awaitOutput(Duration atMost, Pattern pattern) {
    AtomicReference<String> found = new AtomicReference<>();
    await().atMost(atMost).until(() -> {
      assertThat(process.isAlive()).as(what + " died: %s", output()).isTrue();
      Matcher m = pattern.matcher(output());
      if (m.find()) {
        found.set(m.groupCount() > 0 ? m.group(1) : m.group());
        return true;
      }
      return false;
    });
    return found.get();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }
}
