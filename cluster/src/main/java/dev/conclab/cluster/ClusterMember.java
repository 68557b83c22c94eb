package dev.conclab.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A standalone cluster member that runs the tasks {@link ClusterPool}s send it — what
 * {@code conclab member} starts. It runs until {@link #close()} or {@link #terminate()}.
 *
 * <p>The member executes whatever serialized tasks members of its cluster send: run it only on a
 * trusted network, and bind it to a non-loopback address only on purpose (the default is
 * 127.0.0.1). Task classes must be on its class path.
 *
 * <p>Thread-safe.
 */
public final class ClusterMember implements AutoCloseable {
  /** The cluster name members and pools use when none is given. */
  public static final String DEFAULT_CLUSTER_NAME = "conclab";

  private final HazelcastInstance instance;
  private final String address;
  private final String clusterName;
  private final int threads;
  private final CountDownLatch stopped = new CountDownLatch(1);

  private ClusterMember(Config config, Consumer<String> events) {
    this.instance = Hazelcast.newHazelcastInstance(config);
    Member local = instance.getCluster().getLocalMember();
    this.address = local.getAddress().getHost() + ":" + local.getAddress().getPort();
    this.clusterName = config.getClusterName();
    this.threads = ClusterPool.threadsOf(local);
    instance.getLifecycleService().addLifecycleListener(e -> {
      if (e.getState() == LifecycleEvent.LifecycleState.SHUTDOWN) {
        stopped.countDown();
      }
    });
    if (!instance.getLifecycleService().isRunning()) {
      stopped.countDown();
    }
    instance.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        events.accept("member joined: " + describe(event.getMember()));
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        events.accept("member left: " + describe(event.getMember()));
      }
    });
  }

  /** A builder: by default a member on 127.0.0.1:5701 (or the next free port) in cluster {@code conclab}. */
  public static Builder builder() {
    return new Builder();
  }

  /** This member's address, {@code host:port}. */
  public String address() {
    return address;
  }

  /** This member's port. */
  public int port() {
    return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
  }

  /** The cluster's name. */
  public String clusterName() {
    return clusterName;
  }

  /** How many tasks this member runs at once. */
  public int threads() {
    return threads;
  }

  /**
   * Every member of the cluster now ({@code host:port}, lite members marked {@code (lite)});
   * empty once this member has stopped.
   */
  public List<String> members() {
    List<String> list = new ArrayList<>();
    if (!instance.getLifecycleService().isRunning()) {
      return list;
    }
    for (Member m : instance.getCluster().getMembers()) {
      list.add(describe(m));
    }
    return list;
  }

  /** Leaves the cluster gracefully (running tasks finish first). Blocks until done. Idempotent. */
  @Override
  public void close() {
    if (instance.getLifecycleService().isRunning()) {
      instance.shutdown();
    }
    stopped.countDown();
  }

  /** Stops at once, as if the process died. Blocks until stopped. Idempotent. */
  public void terminate() {
    instance.getLifecycleService().terminate();
    stopped.countDown();
  }

  /** Blocks until the member has stopped, or the timeout passes; returns whether it stopped. */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return stopped.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Whether the member has stopped. */
  public boolean isTerminated() {
    return stopped.getCount() == 0;
  }

  private static String describe(Member m) {
    return m.getAddress().getHost() + ":" + m.getAddress().getPort() + (m.isLiteMember() ? " (lite)" : "");
  }

  /** Builds a {@link ClusterMember}; options are checked when set. Not thread-safe. */
  public static final class Builder extends MemberSettingsBuilder<Builder> {
    private Consumer<String> events = s -> {};

    private Builder() {
      settings.port = Settings.DEFAULT_MEMBER_PORT;
      settings.portAutoIncrement = true;
      settings.clusterName = DEFAULT_CLUSTER_NAME;
    }

    @Override
    Builder self() {
      return this;
    }

    /** The port to listen on (default 5701, or the next free one); 0 picks any free port. */
    public Builder port(int port) {
      settings.port(port);
      settings.portAutoIncrement = port == Settings.DEFAULT_MEMBER_PORT;
      return this;
    }

    /**
     * Other members to join, {@code host:port} or {@code host} (ports 5701-5703). Default: the
     * members on this host's ports 5701-5703.
     */
    public Builder members(List<String> addresses) {
      settings.members(addresses);
      return this;
    }

    /** Receives one line per membership change ("member joined: ...", "member left: ..."). */
    public Builder onMembershipChange(Consumer<String> listener) {
      this.events = java.util.Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Starts the member and joins the cluster. Blocks until it has joined (or found no one and
     * formed a cluster of its own).
     *
     * @throws IllegalArgumentException if the config file is invalid
     */
    public ClusterMember start() {
      if (settings.members.isEmpty() && settings.configFile == null) {
        settings.members = List.of(settings.host.equals("0.0.0.0") ? "127.0.0.1" : settings.host);
      }
      settings.lite = false;
      Config config = settings.toConfig(false);
      // On SIGTERM/SIGINT, leave gracefully: running tasks finish and the others are told at once.
      if (config.getProperty("hazelcast.shutdownhook.policy") == null) {
        config.setProperty("hazelcast.shutdownhook.policy", "GRACEFUL");
      }
      return new ClusterMember(config, events);
    }
  }
}
