package dev.conclab.cluster;

import static java.util.Objects.requireNonNull;

import com.hazelcast.config.Config;
import com.hazelcast.config.ExecutorConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.internal.util.ConcurrencyUtil;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * How to start one Hazelcast member for conclab: the options shared by {@link ClusterPool.Builder}
 * and {@link ClusterMember.Builder}, checked when set, and turned into a Hazelcast {@link Config}.
 * Not thread-safe (builders are confined to one thread).
 */
final class Settings {
  /** The executor every conclab member runs tasks on. */
  static final String EXECUTOR = "conclab";
  /** Member attribute: how many tasks the member runs at once. */
  static final String THREADS_ATTRIBUTE = "conclab.threads";
  static final int DEFAULT_MEMBER_PORT = 5701;
  /** Name prefix of the threads of {@link #poolAsyncCallbacks()}. */
  static final String ASYNC_THREAD_PREFIX = "conclab-hazelcast-async-";

  private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9._\\-\\[\\]:]+");
  private static final Pattern CLUSTER_NAME = Pattern.compile("[A-Za-z0-9._\\-]+");
  // Strong references: java.util.logging keeps loggers only weakly, so levels set on an
  // unreferenced logger could be lost to garbage collection.
  private static final List<Logger> QUIETED = new ArrayList<>();
  private static boolean asyncCallbacksPooled;

  @Nullable String clusterName;
  String host = "127.0.0.1";
  int port;
  boolean portAutoIncrement;
  List<String> members = List.of();
  @Nullable Path configFile;
  @Nullable Boolean lite;
  int threads = Runtime.getRuntime().availableProcessors();

  Settings clusterName(String name) {
    requireNonNull(name, "clusterName");
    if (!CLUSTER_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "invalid cluster name '" + name + "': use letters, digits, '.', '_' or '-'");
    }
    this.clusterName = name;
    return this;
  }

  Settings host(String h) {
    requireNonNull(h, "host");
    if (h.isBlank() || !ADDRESS.matcher(h).matches()) {
      throw new IllegalArgumentException("invalid host '" + h + "'");
    }
    this.host = h;
    return this;
  }

  Settings port(int p) {
    if (p < 0 || p > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535 (0 = pick one), got " + p);
    }
    this.port = p;
    return this;
  }

  /** Parses {@code host[:port],...} (also separated by {@code +} or {@code ;}), checking every entry. */
  static List<String> parseMembers(String text) {
    requireNonNull(text, "members");
    List<String> list = new ArrayList<>();
    for (String part : text.split("[,;+\\s]+", -1)) {
      String m = part.strip();
      if (m.isEmpty()) {
        continue;
      }
      list.add(checkMember(m));
    }
    if (list.isEmpty()) {
      throw new IllegalArgumentException("no member address in '" + text + "'; expected host:port,...");
    }
    return List.copyOf(list);
  }

  static String checkMember(String m) {
    int colon = m.lastIndexOf(':');
    String host = colon < 0 ? m : m.substring(0, colon);
    if (host.isEmpty() || !ADDRESS.matcher(host).matches()) {
      throw new IllegalArgumentException("invalid member address '" + m + "'; expected host:port");
    }
    if (colon >= 0 && !m.endsWith("]")) {
      String portText = m.substring(colon + 1);
      int p;
      try {
        p = Integer.parseInt(portText);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("invalid port in member address '" + m + "'", e);
      }
      if (p < 1 || p > 65535) {
        throw new IllegalArgumentException("invalid port in member address '" + m + "'");
      }
    }
    return m;
  }

  Settings members(List<String> list) {
    requireNonNull(list, "members");
    List<String> checked = new ArrayList<>();
    for (String m : list) {
      checked.add(checkMember(requireNonNull(m, "member").strip()));
    }
    this.members = List.copyOf(checked);
    return this;
  }

  Settings configFile(Path file) {
    requireNonNull(file, "configFile");
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("Hazelcast config file '" + file + "' does not exist");
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (!(name.endsWith(".xml") || name.endsWith(".yaml") || name.endsWith(".yml"))) {
      throw new IllegalArgumentException(
          "Hazelcast config file '" + file + "' must end in .xml, .yaml or .yml");
    }
    this.configFile = file;
    return this;
  }

  Settings threads(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + n);
    }
    this.threads = n;
    return this;
  }

  /** Whether this member joins other members (given by address or by a config file). */
  boolean joinsOthers() {
    return !members.isEmpty() || configFile != null;
  }

  /**
   * Builds the Hazelcast configuration. Without a config file: TCP-IP join with the given
   * members (none: a member on its own), multicast and auto-detection off, bound to {@code host}.
   * With a file: the file's settings, plus conclab's executor and attributes.
   */
  Config toConfig(boolean defaultLite) {
    quietLogging();
    poolAsyncCallbacks();
    Config config;
    Path file = configFile;
    if (file != null) {
      try {
        config = Config.loadFromFile(file.toFile());
      } catch (FileNotFoundException e) {
        throw new UncheckedIOException("cannot read Hazelcast config file '" + file + "'", e);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "invalid Hazelcast config file '" + file + "': " + firstLine(e.getMessage()), e);
      }
      if (clusterName != null) {
        config.setClusterName(clusterName);
      }
      if (lite != null) {
        config.setLiteMember(lite);
      }
    } else {
      config = new Config();
      String name = clusterName;
      config.setClusterName(name != null ? name : "conclab-" + UUID.randomUUID());
      config.setLiteMember(lite != null ? lite : defaultLite);
      NetworkConfig network = config.getNetworkConfig();
      int p = port;
      boolean autoIncrement = portAutoIncrement;
      if (p == 0) {
        p = freePort(host);
        autoIncrement = true;
      }
      network.setPort(p).setPortAutoIncrement(autoIncrement);
      if (!host.equals("0.0.0.0")) {
        network.getInterfaces().setEnabled(true).addInterface(host);
        config.setProperty("hazelcast.socket.bind.any", "false");
      }
      JoinConfig join = network.getJoin();
      join.getMulticastConfig().setEnabled(false);
      join.getAutoDetectionConfig().setEnabled(false);
      join.getTcpIpConfig().setEnabled(!members.isEmpty()).setMembers(new ArrayList<>(members));
      // A killed member is noticed in seconds rather than the default minute.
      config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
      config.setProperty("hazelcast.max.no.heartbeat.seconds", "10");
      // A lone member starts at once instead of waiting for others to join.
      // Members started together agree on a master in seconds, not the default 20 s.
      config.setProperty("hazelcast.wait.seconds.before.join", members.isEmpty() ? "0" : "1");
      config.setProperty("hazelcast.max.wait.seconds.before.join", members.isEmpty() ? "0" : "3");
    }
    setIfAbsent(config, "hazelcast.phone.home.enabled", "false");
    setIfAbsent(config, "hazelcast.logging.type", "jdk");
    if (config.getExecutorConfigs().get(EXECUTOR) == null) {
      config.addExecutorConfig(new ExecutorConfig(EXECUTOR).setPoolSize(threads).setStatisticsEnabled(false));
    }
    int poolSize = config.getExecutorConfig(EXECUTOR).getPoolSize();
    config.getMemberAttributeConfig().setAttribute(THREADS_ATTRIBUTE, Integer.toString(poolSize));
    config.setClassLoader(Settings.class.getClassLoader());
    return config;
  }

  private static void setIfAbsent(Config config, String key, String value) {
    if (config.getProperty(key) == null && System.getProperty(key) == null) {
      config.setProperty(key, value);
    }
  }

  private static String firstLine(@Nullable String s) {
    if (s == null) {
      return "unreadable";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).strip();
  }

  static int freePort(String host) {
    try (ServerSocket socket = new ServerSocket(0, 1, host.equals("0.0.0.0") ? null : InetAddress.getByName(host))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port on " + host + ": " + e.getMessage(), e);
    }
  }

  /**
   * Hazelcast completes its futures' callbacks on the common fork-join pool or, when that pool has
   * a single thread (machines with two cores or fewer), on a new thread per callback: two thread
   * starts per chunk, hundreds a second during a map, taken from the cores the tasks need. There
   * conclab gives Hazelcast a fork-join pool of two daemon threads instead. The setting is
   * Hazelcast's and JVM-wide, so it is made once and the pool is never shut down.
   */
  static synchronized void poolAsyncCallbacks() {
    if (asyncCallbacksPooled || ForkJoinPool.getCommonPoolParallelism() > 1) {
      return;
    }
    asyncCallbacksPooled = true;
    AtomicInteger n = new AtomicInteger();
    ForkJoinPool pool = new ForkJoinPool(
        2,
        p -> {
          ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
          t.setName(ASYNC_THREAD_PREFIX + n.incrementAndGet());
          return t;
        },
        null,
        true);
    try {
      ConcurrencyUtil.setDefaultAsyncExecutor(pool);
    } catch (LinkageError e) {
      pool.shutdown(); // a Hazelcast version without the setting: keep its default
    }
  }

  /** Keeps Hazelcast's logging (java.util.logging) to warnings; its banner and INFO chatter go. */
  static synchronized void quietLogging() {
    if (!QUIETED.isEmpty() || System.getProperty("conclab.cluster.verbose") != null) {
      return;
    }
    Logger hazelcast = Logger.getLogger("com.hazelcast");
    hazelcast.setLevel(Level.WARNING);
    QUIETED.add(hazelcast);
    // Advice about --add-opens flags, and routine notes about members that left.
    for (String name : List.of(
        "com.hazelcast.internal.util.ModularJavaUtils",
        "com.hazelcast.system.logo",
        "com.hazelcast.internal.cluster",
        "com.hazelcast.internal.server",
        "com.hazelcast.internal.nio",
        "com.hazelcast.internal.partition",
        "com.hazelcast.spi.impl.operationservice",
        "com.hazelcast.instance.impl")) {
      Logger logger = Logger.getLogger(name);
      logger.setLevel(Level.SEVERE);
      QUIETED.add(logger);
    }
    // Logs a RejectedExecutionException with its stack trace at SEVERE when a member shuts down
    // while its monitor task is being rescheduled (a race inside Hazelcast, harmless: the member is
    // going away anyway). Other messages of that logger still pass.
    Logger monitor = Logger.getLogger("com.hazelcast.spi.impl.operationservice.impl.InvocationMonitor");
    monitor.setFilter(r -> !(r.getThrown() instanceof RejectedExecutionException));
    QUIETED.add(monitor);
  }
}
