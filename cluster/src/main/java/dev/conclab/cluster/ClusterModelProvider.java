package dev.conclab.cluster;

import dev.conclab.model.ExecutionModel;
import dev.conclab.model.ExecutionModelProvider;
import dev.conclab.model.ModelSpec;
import dev.conclab.model.ModelTraits;

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
  public ModelTraits traits() {
    return new ModelTraits(ModelTraits.Placement.CLUSTER, ModelTraits.Workers.PROCESSES);
  }

  @Override
  public ExecutionModel create(ModelSpec spec) {
    return ClusterModel.create(spec);
  }

  /** Checks the options as {@link #create} does, without starting or joining a cluster member. */
  @Override
  public void validate(ModelSpec spec) {
    ClusterModel.configure(spec);
  }
}
