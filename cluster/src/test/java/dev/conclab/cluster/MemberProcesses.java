package dev.conclab.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Starts {@link TestMember}s as separate JVMs on loopback and stops every one of them on
 * {@link #close()}. Not thread-safe.
 */
final class MemberProcesses implements AutoCloseable {
  /** One member JVM. */
  record Node(Process process, String address, long pid) {}

  final String clusterName = "conclab-test-" + UUID.randomUUID();
  private final List<Node> nodes = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();

  static String javaCommand() {
    return ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  /**
   * Starts {@code count} members with {@code threads} task threads each, joined to each other,
   * and blocks until every one has joined (at most {@code timeout}).
   *
   * @param prefix command words before {@code java} (e.g. {@code taskset -c 0}); one list per member, or empty
   * @param jvmArgs extra JVM options for every member
   */
  List<Node> start(int count, int threads, List<List<String>> prefix, List<String> jvmArgs, Duration timeout) {
    List<String> hosts = new ArrayList<>();
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      hosts.add("127.0.0.1");
      ports.add(Settings.freePort("127.0.0.1"));
    }
    return start(hosts, ports, threads, prefix, jvmArgs, timeout);
  }

  /**
   * Starts one member on each of {@code hosts} (bound to that address, port {@code ports[i]}),
   * joined to each other, like {@link #start(int, int, List, List, Duration)}.
   */
  List<Node> start(List<String> hosts, List<Integer> ports, int threads, List<List<String>> prefix,
      List<String> jvmArgs, Duration timeout) {
    int count = hosts.size();
    StringBuilder members = new StringBuilder();
    for (int i = 0; i < count; i++) {
      members.append(members.isEmpty() ? "" : ",").append(hosts.get(i)).append(':').append(ports.get(i));
    }
    List<CompletableFuture<Node>> ready = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      List<String> cmd = new ArrayList<>(prefix.isEmpty() ? List.of() : prefix.get(i));
      cmd.add(javaCommand());
      cmd.add("-Xmx256m");
      cmd.add("-XX:+UseSerialGC");
      if (Runtime.version().feature() >= 23) {
        cmd.add("--sun-misc-unsafe-memory-access=allow");
      }
      cmd.addAll(jvmArgs);
      cmd.add("-cp");
      cmd.add(System.getProperty("java.class.path"));
      cmd.add(TestMember.class.getName());
      cmd.add(clusterName);
      cmd.add(Integer.toString(ports.get(i)));
      cmd.add(members.toString());
      cmd.add(Integer.toString(threads));
      cmd.add(hosts.get(i));
      Process process;
      try {
        Path logs = Files.createDirectories(Path.of("target", "member-logs"));
        Path log = logs.resolve(clusterName + "-" + hosts.get(i) + "-" + ports.get(i) + ".log");
        process = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      processes.add(process);
      ready.add(CompletableFuture.supplyAsync(() -> awaitReady(process), Thread.ofVirtual()::start));
    }
    List<Node> started = new ArrayList<>();
    for (CompletableFuture<Node> f : ready) {
      try {
        started.add(f.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
      } catch (Exception e) {
        close();
        throw new IllegalStateException("a member JVM did not start in " + timeout + " (logs in "
            + Path.of("target", "member-logs").toAbsolutePath() + "): " + e, e);
      }
    }
    nodes.addAll(started);
    return started;
  }

  /** Reads the member's stdout until READY, then keeps draining it on the same thread. */
  private static Node awaitReady(Process process) {
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    try {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("READY ")) {
          String[] parts = line.split(" ");
          Thread.ofVirtual().start(() -> drain(out));
          return new Node(process, parts[1], Long.parseLong(parts[2]));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new IllegalStateException("member exited with " + process.exitValue() + " before it was ready");
  }

  private static void drain(BufferedReader out) {
    try {
      while (out.readLine() != null) {
        // discard
      }
    } catch (IOException e) {
      // the member is gone
    }
  }

  List<Node> nodes() {
    return nodes;
  }

  String addresses() {
    return String.join(",", nodes.stream().map(Node::address).toList());
  }

  /** Kills a member at once (SIGKILL) and waits for its process to end. */
  static void kill(Node node) throws InterruptedException {
    node.process().destroyForcibly();
    node.process().waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    for (Process p : processes) {
      p.destroyForcibly();
    }
    for (Process p : processes) {
      try {
        p.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
