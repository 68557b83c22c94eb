package dev.conclab.cluster;

import dev.conclab.model.ExecutionModel;
import dev.conclab.model.ExecutionModelProvider;
import dev.conclab.model.ModelSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Supplies the {@code cluster} model kind to {@code ExecutionModels}:
 * {@code cluster[:workers=N,members=host:port;host:port,config=file.xml,clusterName=NAME,chunksize=C]}.
 * See {@link ClusterModel}.
 */
public final class ClusterModelProvider implements ExecutionModelProvider {

  /** Used by {@link java.util.ServiceLoader}. */
  public ClusterModelProvider() {}

  @Override
  public String kind() {
    return "cluster";
  }

  @Override
  public ExecutionModel create(ModelSpec spec) {
    return ClusterModel.create(spec);
  }

  /** Checks the options as {@link #create} does, without starting or joining a cluster member. */
  @Override
  public void validate(ModelSpec spec) {
    List<String> known = List.of("members", "config", "clusterName", "host", "port", "chunksize", "runTasksHere");
    for (String key : spec.options().keySet()) {
      if (!known.contains(key)) {
        throw new IllegalArgumentException(
            "unknown option '" + key + "' for model 'cluster'; known options: workers, " + String.join(", ", known));
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
    if (runHere != null && !List.of("true", "yes", "on", "false", "no", "off").contains(runHere.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException(
          "option 'runTasksHere' of model 'cluster' must be true or false, got '" + runHere + "'");
    }
    String chunks = spec.option("chunksize");
    if (chunks != null) {
      integer("chunksize", chunks, 1);
    }
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
}
