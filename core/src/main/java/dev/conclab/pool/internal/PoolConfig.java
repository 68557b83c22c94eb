package dev.conclab.pool.internal;

import dev.conclab.pool.SerializableRunnable;
import dev.conclab.pool.WorkerDeathPolicy;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Everything a pool engine needs, validated by {@code ProcessPool.Builder}.
 *
 * @param name the pool's name (thread names, JFR events, log prefixes)
 * @param workers number of worker JVMs
 * @param initializer run once in each worker before its first task, or null
 * @param maxTasksPerChild chunks a worker runs before it is replaced, 0 for no limit
 * @param jvmOptions extra worker JVM options, after conclab's defaults
 * @param taskTimeout per-task timeout, or null for none
 * @param onWorkerDeath what to do when a worker dies
 * @param classPath the workers' class path
 * @param allowClasses extra deserialization allowlist patterns
 * @param maxMessageBytes the largest frame or serialized value accepted
 * @param output receives each line a worker prints (already prefixed with the worker's pid)
 * @param startTimeout how long a worker may take to start and connect
 * @param fastStart whether to add conclab's start-up flags (CDS archive, serial GC)
 * @param reserve spare worker JVMs kept started and initialized, ready to replace a worker
 * @param warmStash whether workers come from, and are refilled into, the JVM-wide {@link
 *     WorkerStash} of never-used workers of the same configuration
 */
public record PoolConfig(
    String name,
    int workers,
    @Nullable SerializableRunnable initializer,
    int maxTasksPerChild,
    List<String> jvmOptions,
    @Nullable Duration taskTimeout,
    WorkerDeathPolicy onWorkerDeath,
    String classPath,
    List<String> allowClasses,
    long maxMessageBytes,
    Consumer<String> output,
    Duration startTimeout,
    boolean fastStart,
    int reserve,
    boolean warmStash) {

  public PoolConfig {
    jvmOptions = List.copyOf(jvmOptions);
    allowClasses = List.copyOf(allowClasses);
  }

  /** A configuration whose workers do not use the warm stash. */
  public PoolConfig(
      String name, int workers, @Nullable SerializableRunnable initializer, int maxTasksPerChild,
      List<String> jvmOptions, @Nullable Duration taskTimeout, WorkerDeathPolicy onWorkerDeath,
      String classPath, List<String> allowClasses, long maxMessageBytes, Consumer<String> output,
      Duration startTimeout, boolean fastStart, int reserve) {
    this(name, workers, initializer, maxTasksPerChild, jvmOptions, taskTimeout, onWorkerDeath, classPath,
        allowClasses, maxMessageBytes, output, startTimeout, fastStart, reserve, false);
  }

  SerialFilter newFilter() {
    return new SerialFilter(1_000, 10_000_000, 100_000_000, maxMessageBytes, allowClasses);
  }
}
