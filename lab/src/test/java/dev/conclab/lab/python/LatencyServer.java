package dev.conclab.lab.python;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The lab's latency server ({@code FixtureMain http}) in a child JVM, for the Python twins to GET from. */
record LatencyServer(Process process, int port) implements AutoCloseable {

  /** Starts it and waits (at most 60 s) until it listens. */
  static LatencyServer start() throws Exception {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    Process p = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), "dev.conclab.lab.workload.io.FixtureMain", "http")
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    try {
      String ready = CompletableFuture.supplyAsync(() -> {
        try {
          return r.readLine();
        } catch (IOException e) {
          return "";
        }
      }).get(60, TimeUnit.SECONDS);
      if (ready == null || !ready.startsWith("READY ")) {
        throw new IOException("the latency server did not start: " + ready);
      }
      return new LatencyServer(p, Integer.parseInt(ready.substring(6).strip()));
    } catch (Exception e) {
      p.destroyForcibly();
      throw e;
    }
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + port + "/");
  }

  List<Long> pids() {
    return List.of(process.pid());
  }

  @Override
  public void close() throws InterruptedException, IOException {
    process.getOutputStream().close();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
