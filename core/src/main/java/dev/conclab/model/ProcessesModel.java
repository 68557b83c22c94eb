package dev.conclab.model;

import dev.conclab.pool.ProcessPool;
import java.time.Duration;

/**
 * The {@code processes} model: a {@link ProcessPool} of worker JVMs, Python's {@code
 * multiprocessing.Pool}. Options: {@code workers} (default: cores), {@code chunksize} (default:
 * CPython's {@code ceil(n / (4 × workers))}), {@code maxTasksPerChild} (default: no limit),
 * {@code taskTimeout} (default: none). Thread-safe.
 */
final class ProcessesModel {
  private ProcessesModel() {}

  static ExecutionModel create(ModelSpec spec) {
    ProcessPool.Builder builder = configure(spec);
    return new PoolModel(spec, builder.build(), SpecOptions.positiveInt(spec, "chunksize", 0));
  }

  /** Checks the spec as {@link #create} does, without starting worker JVMs. */
  static void check(ModelSpec spec) {
    configure(spec);
  }

  private static ProcessPool.Builder configure(ModelSpec spec) {
    SpecOptions.allowOnly(spec, "chunksize", "maxTasksPerChild", "taskTimeout");
    SpecOptions.positiveInt(spec, "chunksize", 0);
    ProcessPool.Builder builder = ProcessPool.builder().workers(spec.workersOr(ExecutorModel.cores()));
    if (spec.option("maxTasksPerChild") != null) {
      builder.maxTasksPerChild(SpecOptions.positiveInt(spec, "maxTasksPerChild", 0));
    }
    if (spec.option("taskTimeout") != null) {
      builder.taskTimeout(SpecOptions.duration(spec, "taskTimeout", Duration.ZERO));
    }
    return builder;
  }
}
