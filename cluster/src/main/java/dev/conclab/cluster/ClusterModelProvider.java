package dev.conclab.cluster;

import dev.conclab.model.AbstractModelProvider;
import dev.conclab.model.ModelTraits;

/**
 * Supplies the {@code cluster} model kind to {@code ExecutionModels}:
 * {@code cluster[:workers=N,members=host:port;host:port,config=file.xml,clusterName=NAME,chunksize=C]}.
 * See {@link ClusterModel}. Validating a spec starts or joins no cluster member.
 */
public final class ClusterModelProvider extends AbstractModelProvider {

  /** Used by {@link java.util.ServiceLoader}. */
  public ClusterModelProvider() {
    super("cluster", new ModelTraits(ModelTraits.Placement.CLUSTER, ModelTraits.Workers.PROCESSES),
        ClusterModel::create, ClusterModel::configure);
  }
}
