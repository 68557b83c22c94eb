package dev.conclab.fetch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a main class in a child JVM on the test class path, and never leaves it running. */
final class ChildJvm {
  private ChildJvm() {}

  /** How the child ended: whether it exited within the bound, its exit code and its output. */
  record Exit(boolean exited, int code, String output) {}

  /**
   * Starts {@code main} with {@code jvmOptions} and {@code args}, waits at most {@code bound}
   * for it to exit, then kills it if it has not. Output is read only once it has exited.
   */
  static Exit run(Duration bound, List<String> jvmOptions, Class<?> main, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      boolean exited = p.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS);
      if (!exited) {
        return new Exit(false, -1, "(still running after " + bound + ")");
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return new Exit(true, p.exitValue(), out);
    } finally {
      p.destroyForcibly();
    }
  }
}
