package dev.conclab.lab.workload.io;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * A fixture server ({@link FixtureMain}) running in a child JVM. {@link #start} blocks until it
 * listens; {@link #close()} closes its standard input and waits (bounded) for it to exit, killing
 * it if it does not. Thread-safe.
 */
final class Fixture implements AutoCloseable {
  private final Process process;
  private final int port;

  private Fixture(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Starts {@code FixtureMain <what>} with this JVM's class path and waits up to 60 s for it to
   * report its port.
   *
   * @throws IOException if it could not start or did not become ready
   */
  static Fixture start(String what) throws IOException {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    List<String> cmd = List.of(java, "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), FixtureMain.class.getName(), what);
    return start(what, cmd);
  }

  /** Starts {@code cmd}, which must print {@code READY <port>} as its first line; see {@link #start(String)}. */
  static Fixture start(String what, List<String> cmd) throws IOException {
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<@Nullable String> line = CompletableFuture.supplyAsync(() -> {
      try {
        return r.readLine();
      } catch (IOException e) {
        return null;
      }
    });
    try {
      String ready = line.get(60, TimeUnit.SECONDS);
      if (ready == null || !ready.startsWith("READY ")) {
        p.destroyForcibly();
        throw new IOException("the " + what + " fixture did not start (said: " + ready + ")");
      }
      return new Fixture(p, Integer.parseInt(ready.substring(6).strip()));
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting the " + what + " fixture", e);
    } catch (ExecutionException | TimeoutException | NumberFormatException e) {
      p.destroyForcibly();
      throw new IOException("the " + what + " fixture did not start: " + e, e);
    }
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  @Override
  public void close() {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // it is being stopped anyway
    }
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
