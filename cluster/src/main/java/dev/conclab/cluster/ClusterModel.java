package dev.conclab.cluster;

import dev.conclab.model.ModelSpec;
import dev.conclab.model.PoolModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code cluster} model: runs each map on a {@link ClusterPool}.
 *
 * <p>Spec options: {@code workers} (tasks this JVM's member runs at once when it runs tasks;
 * default the number of cores), {@code members} (join these members instead of running alone,
 * {@code host:port} separated by {@code +} or {@code ;}), {@code config} (a Hazelcast XML/YAML
 * file), {@code clusterName}, {@code host}, {@code port}, {@code chunksize} and
 * {@code runTasksHere} ({@code true}/{@code false}).
 *
 * <p>Thread-safe, like the pool.
 */
final class ClusterModel extends PoolModel {
  private static final Set<String> OPTIONS =
      Set.of("members", "config", "clusterName", "host", "port", "chunksize", "runTasksHere");

  private final ClusterPool pool;

  private ClusterModel(ModelSpec spec, ClusterPool pool, int chunksize) {
    super(spec, pool, chunksize);
    this.pool = pool;
  }

  /**
   * Checks every option of {@code spec} and returns a pool builder set from them. Starts nothing:
   * {@link ClusterModelProvider#validate} uses it to reject a bad spec before any member starts.
   *
   * @throws IllegalArgumentException naming the bad option and value
   */
  static ClusterPool.Builder configure(ModelSpec spec) {
    for (String key : spec.options().keySet()) {
      if (!OPTIONS.contains(key)) {
        throw new IllegalArgumentException("unknown option '" + key + "' for model 'cluster'; known options: workers, "
            + String.join(", ", List.of("members", "config", "clusterName", "host", "port", "chunksize", "runTasksHere")));
      }
    }
    ClusterPool.Builder b = ClusterPool.builder();
    if (spec.workers() > 0) {
      b.threads(spec.workers());
    }
    String members = spec.option("members");
    if (members != null) {
      b.members(members);
    }
    String config = spec.option("config");
    if (config != null) {
      b.configFile(Path.of(config));
    }
    String clusterName = spec.option("clusterName");
    if (clusterName != null) {
      b.clusterName(clusterName);
    }
    String host = spec.option("host");
    if (host != null) {
      b.host(host);
    }
    String port = spec.option("port");
    if (port != null) {
      b.port(integer("port", port, 0));
    }
    String runHere = spec.option("runTasksHere");
    if (runHere != null) {
      b.runTasksHere(bool("runTasksHere", runHere));
    }
    String chunks = spec.option("chunksize");
    if (chunks != null) {
      integer("chunksize", chunks, 1);
    }
    return b;
  }

  static ClusterModel create(ModelSpec spec) {
    ClusterPool.Builder b = configure(spec);
    String chunks = spec.option("chunksize");
    return new ClusterModel(spec, b.build(), chunks == null ? 0 : integer("chunksize", chunks, 1));
  }

  private static int integer(String key, String value, int min) {
    try {
      int n = Integer.parseInt(value);
      if (n >= min) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "option '" + key + "' of model 'cluster' must be a whole number >= " + min + ", got '" + value + "'");
  }

  private static boolean bool(String key, String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw new IllegalArgumentException(
          "option '" + key + "' of model 'cluster' must be true or false, got '" + value + "'");
    };
  }

  /** The pool behind this model (tests and the benchmark use it). */
  ClusterPool pool() {
    return pool;
  }

  @Override
  public String toString() {
    return "cluster model " + spec() + " on " + pool.members();
  }
}
