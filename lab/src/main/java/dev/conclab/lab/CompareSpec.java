package dev.conclab.lab;

import static java.util.Objects.requireNonNull;

import dev.conclab.lab.workload.Workloads;
import dev.conclab.model.ExecutionModels;
import dev.conclab.model.ModelSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a comparison measures: which models on which workloads, how big, and how often. The
 * command line only builds one of these; {@link Lab#compare} runs it. Immutable.
 *
 * @param models the models to measure (the {@code sequential} baseline is always measured first)
 * @param workloads workload names, see {@link Workloads#names()}
 * @param scale quick or full sizes
 * @param workers workers for CPU work (threads, processes, gil), 0 for each model's default
 * @param concurrency tasks in flight at once for I/O work on thread-based models, 0 for the
 *     scale's default (all tasks of the workload, at most {@link #MAX_PLATFORM_THREADS} platform
 *     threads)
 * @param tasks tasks per workload instead of the scale's, or null
 * @param warmups unmeasured runs before the measured ones
 * @param repetitions measured runs; the median is reported with the spread
 * @param cellTimeout how long one run of one model may take before it is stopped and reported
 *     as unfinished
 */
public record CompareSpec(
    List<ModelSpec> models,
    List<String> workloads,
    Scale scale,
    int workers,
    int concurrency,
    @Nullable Integer tasks,
    int warmups,
    int repetitions,
    Duration cellTimeout) {

  /** The most platform threads a thread pool gets for I/O work (one per in-flight task up to this). */
  public static final int MAX_PLATFORM_THREADS = 10_000;

  /** Most workers accepted. */
  public static final int MAX_WORKERS = 1_024;

  /** Most tasks accepted per workload. */
  public static final int MAX_TASKS = 2_000_000;

  /**
   * Checks every value.
   *
   * @throws IllegalArgumentException naming the first bad value (unknown model kind or workload,
   *     a model option {@link ExecutionModels#validate} rejects, impossible size)
   */
  public CompareSpec {
    requireNonNull(scale, "scale");
    requireNonNull(cellTimeout, "cellTimeout");
    models = List.copyOf(models);
    workloads = List.copyOf(workloads);
    if (models.isEmpty()) {
      throw new IllegalArgumentException("no models to compare");
    }
    if (workloads.isEmpty()) {
      throw new IllegalArgumentException("no workloads to run");
    }
    Set<String> kinds = ExecutionModels.kinds();
    for (ModelSpec m : models) {
      if (!kinds.contains(m.kind())) {
        throw new IllegalArgumentException(
            "unknown model '" + m.kind() + "'; known models: " + String.join(", ", kinds));
      }
      // A bad option is reported now, not as an error cell after the whole comparison has run.
      ExecutionModels.validate(m);
    }
    for (String w : workloads) {
      Workloads.byName(w);
    }
    if (workers < 0 || workers > MAX_WORKERS) {
      throw new IllegalArgumentException("workers must be between 1 and " + MAX_WORKERS + ", got " + workers);
    }
    if (concurrency < 0 || concurrency > MAX_TASKS) {
      throw new IllegalArgumentException("concurrency must be between 1 and " + MAX_TASKS + ", got " + concurrency);
    }
    if (tasks != null && (tasks < 1 || tasks > MAX_TASKS)) {
      throw new IllegalArgumentException("tasks must be between 1 and " + MAX_TASKS + ", got " + tasks);
    }
    if (warmups < 0 || warmups > 100) {
      throw new IllegalArgumentException("warmups must be between 0 and 100, got " + warmups);
    }
    if (repetitions < 1 || repetitions > 100) {
      throw new IllegalArgumentException("repetitions must be between 1 and 100, got " + repetitions);
    }
    if (cellTimeout.isNegative() || cellTimeout.isZero()) {
      throw new IllegalArgumentException("cell timeout must be positive, got " + cellTimeout);
    }
  }

  /** Every model kind known here, on {@code primes} and {@code http}, quick scale. */
  public static CompareSpec defaults() {
    return forScale(Scale.QUICK);
  }

  /** Every model kind on the default workloads at a scale, with its default repetitions and timeout. */
  public static CompareSpec forScale(Scale scale) {
    List<ModelSpec> all = new ArrayList<>();
    for (String kind : ExecutionModels.kinds()) {
      all.add(ModelSpec.of(kind));
    }
    return new CompareSpec(all, Workloads.defaults(), scale, 0, 0, null, 1,
        scale == Scale.QUICK ? 3 : 3, scale == Scale.QUICK ? Duration.ofSeconds(60) : Duration.ofSeconds(90));
  }

  public CompareSpec withModels(List<ModelSpec> newModels) {
    return new CompareSpec(newModels, workloads, scale, workers, concurrency, tasks, warmups, repetitions, cellTimeout);
  }

  public CompareSpec withWorkloads(List<String> newWorkloads) {
    return new CompareSpec(models, newWorkloads, scale, workers, concurrency, tasks, warmups, repetitions, cellTimeout);
  }

  public CompareSpec withWorkers(int newWorkers) {
    return new CompareSpec(models, workloads, scale, newWorkers, concurrency, tasks, warmups, repetitions, cellTimeout);
  }

  public CompareSpec withConcurrency(int newConcurrency) {
    return new CompareSpec(models, workloads, scale, workers, newConcurrency, tasks, warmups, repetitions, cellTimeout);
  }

  public CompareSpec withTasks(@Nullable Integer newTasks) {
    return new CompareSpec(models, workloads, scale, workers, concurrency, newTasks, warmups, repetitions, cellTimeout);
  }

  public CompareSpec withRepetitions(int newWarmups, int newRepetitions) {
    return new CompareSpec(models, workloads, scale, workers, concurrency, tasks, newWarmups, newRepetitions, cellTimeout);
  }

  public CompareSpec withCellTimeout(Duration newTimeout) {
    return new CompareSpec(models, workloads, scale, workers, concurrency, tasks, warmups, repetitions, newTimeout);
  }
}
