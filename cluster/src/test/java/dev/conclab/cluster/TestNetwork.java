package dev.conclab.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A small private network made of Linux network namespaces, for cluster tests: one namespace per
 * host, each with only loopback and one veth link to a bridge in a hub namespace, and one more
 * veth link from the bridge to this JVM's (the test's) namespace. Addresses are in a /24 of
 * 10.77.0.0/16 that no interface here uses yet: the test's end is {@code .1}, host {@code i} is
 * {@code .(10 + i)}. Needs root (or CAP_NET_ADMIN) and iproute2; names are unique per run, and
 * {@link #close()} removes everything, also after a failed start.
 *
 * <p>Faults: {@link #cut} takes a host's link down (a partition), {@link #cutTestLink} takes the
 * test's own link down, {@link #slow} puts a queueing discipline on both ends of a host's link:
 * {@code netem} with a delay where the kernel has it, otherwise a {@code tbf} rate limit of 128 kbit/s.
 */
final class TestNetwork implements AutoCloseable {
  private static final long COMMAND_SECONDS = 30;

  private final String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
  private final String hub = "clab-" + id + "-hub";
  private final String testLink = "clab" + id;
  private final List<String> hosts = new ArrayList<>();
  private final int subnet;
  private @Nullable String slowKind;

  private TestNetwork(int subnet) {
    this.subnet = subnet;
  }

  /**
   * Why this machine cannot make network namespaces (not root, no iproute2, a sandbox that
   * forbids them), or {@code null} if it can: tries to add and delete one.
   */
  static @Nullable String unavailable() {
    String probe = "clab-probe-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    try {
      Result add = exec(List.of("ip", "netns", "add", probe));
      if (add.code != 0) {
        return "'ip netns add' failed: " + add.output.strip();
      }
      exec(List.of("ip", "netns", "del", probe));
      return null;
    } catch (IOException e) {
      return "cannot run 'ip': " + e.getMessage();
    }
  }

  /** Makes the hub, the test's link and {@code count} hosts, each linked to the hub. */
  static TestNetwork create(int count) {
    TestNetwork net = new TestNetwork(freeSubnet());
    try {
      net.build(count);
      return net;
    } catch (RuntimeException e) {
      net.close();
      throw e;
    }
  }

  private void build(int count) {
    run("ip", "netns", "add", hub);
    run("ip", "-n", hub, "link", "add", "br0", "type", "bridge");
    run("ip", "-n", hub, "link", "set", "dev", "br0", "up");
    run("ip", "link", "add", "name", testLink, "type", "veth", "peer", "name", "test", "netns", hub);
    attach("test");
    run("ip", "addr", "add", testAddress() + "/24", "dev", testLink);
    run("ip", "link", "set", "dev", testLink, "up");
    for (int i = 0; i < count; i++) {
      String ns = "clab-" + id + "-h" + i;
      run("ip", "netns", "add", ns);
      hosts.add(ns);
      run("ip", "-n", ns, "link", "set", "dev", "lo", "up");
      run("ip", "link", "add", "name", "eth0", "netns", ns, "type", "veth", "peer", "name", "h" + i, "netns", hub);
      attach("h" + i);
      run("ip", "-n", ns, "addr", "add", address(i) + "/24", "dev", "eth0");
      run("ip", "-n", ns, "link", "set", "dev", "eth0", "up");
    }
  }

  private void attach(String hubEnd) {
    run("ip", "-n", hub, "link", "set", "dev", hubEnd, "master", "br0");
    run("ip", "-n", hub, "link", "set", "dev", hubEnd, "up");
  }

  /** A /24 of 10.77.0.0/16 with no address on any interface of this namespace. */
  private static int freeSubnet() {
    String used = run0("ip", "-o", "-4", "addr", "show");
    for (int tries = 0; tries < 100; tries++) {
      int s = ThreadLocalRandom.current().nextInt(1, 255);
      if (!used.contains(" 10.77." + s + ".")) {
        return s;
      }
    }
    throw new IllegalStateException("no free /24 in 10.77.0.0/16");
  }

  /** This JVM's address on the network. */
  String testAddress() {
    return "10.77." + subnet + ".1";
  }

  /** Host {@code i}'s address. */
  String address(int i) {
    return "10.77." + subnet + "." + (10 + i);
  }

  /** The command words that run a program on host {@code i}. */
  List<String> prefix(int i) {
    return List.of("ip", "netns", "exec", hosts.get(i));
  }

  /** Takes host {@code i}'s link down: a partition between it and everyone else. */
  void cut(int i) {
    run("ip", "-n", hub, "link", "set", "dev", "h" + i, "down");
  }

  /** Takes the test's own link down: this JVM is cut off from every host, which still see each other. */
  void cutTestLink() {
    run("ip", "-n", hub, "link", "set", "dev", "test", "down");
  }

  /**
   * Makes host {@code i}'s link slow in both directions; returns the queueing discipline it used
   * ({@code netem delay} where the kernel has netem, else a {@code tbf} rate limit).
   */
  String slow(int i) {
    String kind = slowKind;
    if (kind == null) {
      Result netem = exec0(List.of("ip", "netns", "exec", hub, "tc", "qdisc", "add", "dev", "h" + i, "root",
          "netem", "delay", "100ms"));
      kind = netem.code == 0 ? "netem delay 100ms" : "tbf rate 128kbit (netem: " + netem.output.strip() + ")";
      slowKind = kind;
      if (netem.code != 0) {
        tbf(hub, "h" + i);
      }
    } else if (kind.startsWith("netem")) {
      run("ip", "netns", "exec", hub, "tc", "qdisc", "add", "dev", "h" + i, "root", "netem", "delay", "100ms");
    } else {
      tbf(hub, "h" + i);
    }
    if (kind.startsWith("netem")) {
      run("ip", "netns", "exec", hosts.get(i), "tc", "qdisc", "add", "dev", "eth0", "root", "netem", "delay", "100ms");
    } else {
      tbf(hosts.get(i), "eth0");
    }
    return kind;
  }

  private static void tbf(String ns, String dev) {
    run("ip", "netns", "exec", ns, "tc", "qdisc", "add", "dev", dev, "root", "tbf",
        "rate", "128kbit", "burst", "2kb", "latency", "2s");
  }

  /** Takes the slow link's queueing disciplines off again. */
  void unslow(int i) {
    run("ip", "netns", "exec", hub, "tc", "qdisc", "del", "dev", "h" + i, "root");
    run("ip", "netns", "exec", hosts.get(i), "tc", "qdisc", "del", "dev", "eth0", "root");
  }

  /** The queueing disciplines on host {@code i}'s end of its link, as {@code tc -s qdisc show} prints them. */
  String qdiscs(int i) {
    return run0("ip", "netns", "exec", hosts.get(i), "tc", "-s", "qdisc", "show", "dev", "eth0");
  }

  /** Deletes every namespace (their links go with them) and the test's link. Never throws. */
  @Override
  public void close() {
    exec0(List.of("ip", "link", "del", "dev", testLink));
    for (String ns : hosts) {
      exec0(List.of("ip", "netns", "del", ns));
    }
    exec0(List.of("ip", "netns", "del", hub));
  }

  /** Whether anything this network made is still there (for the tests' clean-up check). */
  boolean leftovers() {
    String names = run0("ip", "netns", "list") + run0("ip", "-o", "link", "show");
    return names.contains("clab-" + id) || names.contains(testLink + "@") || names.contains(testLink + ":");
  }

  private record Result(int code, String output) {}

  private static void run(String... cmd) {
    Result r = exec0(List.of(cmd));
    if (r.code != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed (" + r.code + "): " + r.output.strip());
    }
  }

  private static String run0(String... cmd) {
    return exec0(List.of(cmd)).output;
  }

  private static Result exec0(List<String> cmd) {
    try {
      return exec(cmd);
    } catch (IOException e) {
      return new Result(-1, String.valueOf(e.getMessage()));
    }
  }

  /** Runs a short command to its end (at most {@value #COMMAND_SECONDS} s), output and errors together. */
  private static Result exec(List<String> cmd) throws IOException {
    Path out = Files.createTempFile("clab-net", ".out");
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
      if (!p.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(-1, String.join(" ", cmd) + " did not end in " + COMMAND_SECONDS + " s");
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, "interrupted");
    } finally {
      Files.deleteIfExists(out);
    }
  }
}
