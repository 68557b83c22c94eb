package dev.conclab.lab;

import static java.util.Objects.requireNonNull;

import dev.conclab.lab.python.PythonStartMethod;
import dev.conclab.lab.workload.Workload;
import dev.conclab.lab.workload.WorkloadKind;
import dev.conclab.lab.workload.Workloads;
import dev.conclab.model.ExecutionModels;
import dev.conclab.model.ModelSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a comparison measures: which models on which workloads, how big, and how carefully. The
 * command line only builds one of these (with {@link #builder}); {@link Lab#compare} runs it.
 * Immutable.
 *
 * @param models the models to measure (the {@code sequential} baseline is always measured first)
 * @param workloads workload names, see {@link Workloads#names()}
 * @param scale quick or full sizes
 * @param workers workers for CPU work (threads, processes, gil), 0 for each model's default
 * @param concurrency tasks in flight at once for I/O work on thread-based models, 0 for the
 *     scale's default (all tasks of the workload, at most {@link #MAX_PLATFORM_THREADS} platform
 *     threads)
 * @param tasks tasks per batch instead of the scale's, or null; a forced count also turns off the
 *     calibration of batches per run (every run is one batch)
 * @param warmups warm-up runs at least before the measured ones; more follow (up to
 *     {@link #MAX_WARMUPS}) until the last two agree. 0 measures cold, without calibration
 * @param repetitions measured runs per cell; the median is reported with its interval
 * @param runTime how long one measured run should last at least; batches are repeated to fill it
 * @param cellTimeout how long one run of one model may take before it is stopped and reported
 *     as unfinished
 * @param python the CPython interpreter whose own models (sequential, threads, processes,
 *     asyncio) run beside the JVM's on every workload with a Python twin; {@code ""} for
 *     {@code python3} on the {@code PATH} when there is one; null for no Python rows
 * @param pythonStart the {@code multiprocessing} start method for {@code py:processes}
 *     ({@code fork}, {@code forkserver}, {@code spawn}), or null for the interpreter's default
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
    Duration runTime,
    Duration cellTimeout,
    @Nullable String python,
    @Nullable String pythonStart) {

  /** The most platform threads a thread pool gets for I/O work (one per in-flight task up to this). */
  public static final int MAX_PLATFORM_THREADS = 10_000;

  /** Most workers accepted. */
  public static final int MAX_WORKERS = 1_024;

  /** Most tasks accepted per workload. */
  public static final int MAX_TASKS = 2_000_000;

  /** Most warm-up runs of one cell when its runs keep disagreeing. */
  public static final int MAX_WARMUPS = 5;

  /**
   * Checks every value.
   *
   * @throws IllegalArgumentException naming the first bad value (unknown model kind or workload,
   *     a model option {@link ExecutionModels#validate} rejects, impossible size)
   */
  public CompareSpec {
    requireNonNull(scale, "scale");
    requireNonNull(runTime, "runTime");
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
    if (runTime.isNegative() || runTime.isZero() || runTime.compareTo(Duration.ofMinutes(10)) > 0) {
      throw new IllegalArgumentException("run time must be between 1 ms and 10 minutes, got " + runTime);
    }
    if (cellTimeout.isNegative() || cellTimeout.isZero()) {
      throw new IllegalArgumentException("cell timeout must be positive, got " + cellTimeout);
    }
    if (pythonStart != null) {
      PythonStartMethod.parse(pythonStart);
      if (python == null) {
        throw new IllegalArgumentException("a Python start method needs the Python rows (--python)");
      }
    }
  }

  /** Every model kind known here, on {@code primes} and {@code http}, quick scale. */
  public static CompareSpec defaults() {
    return forScale(Scale.QUICK);
  }

  /** Every model kind on the default workloads at a scale, with that scale's defaults. */
  public static CompareSpec forScale(Scale scale) {
    return builder(scale).build();
  }

  /**
   * A builder with a scale's defaults: every model kind, the default workloads, at least 1
   * warm-up run, 5 repetitions, runs of at least 200 ms (quick) or 1 s (full), and a cell timeout
   * of 60 s (quick) or 90 s (full).
   */
  public static Builder builder(Scale scale) {
    List<ModelSpec> all = new ArrayList<>();
    for (String kind : ExecutionModels.kinds()) {
      all.add(ModelSpec.of(kind));
    }
    Builder b = new Builder();
    b.models = all;
    b.workloads = Workloads.defaults();
    b.scale = scale;
    b.warmups = 1;
    b.repetitions = 5;
    b.runTime = scale == Scale.QUICK ? Duration.ofMillis(200) : Duration.ofSeconds(1);
    b.cellTimeout = scale == Scale.QUICK ? Duration.ofSeconds(60) : Duration.ofSeconds(90);
    return b;
  }

  /**
   * Parses comma-separated model specs, each read by {@link ModelSpec#parse}: {@code
   * threads,processes:workers=2,chunksize=1} is two models, a spec keeping its own {@code
   * key=value} options.
   *
   * @throws IllegalArgumentException naming the first spec that does not parse
   */
  public static List<ModelSpec> parseModels(List<String> values) {
    List<ModelSpec> out = new ArrayList<>();
    for (String m : splitModels(values)) {
      out.add(ModelSpec.parse(m));
    }
    return out;
  }

  /** Splits comma-separated model specs, keeping a spec's own {@code key=value} options with it. */
  public static List<String> splitModels(List<String> values) {
    List<String> out = new ArrayList<>();
    for (String v : values) {
      for (String part : v.split(",", -1)) {
        // spaces only: a control character is kept for ModelSpec.parse to reject
        String p = part.replaceAll("^ +| +$", "");
        if (p.isEmpty()) {
          continue;
        }
        if (p.contains("=") && !p.contains(":") && !out.isEmpty()) {
          out.set(out.size() - 1, out.get(out.size() - 1) + "," + p);
        } else {
          out.add(p);
        }
      }
    }
    return out;
  }

  /**
   * Workload names, each once in the order given, where {@code all}, {@code cpu} and {@code io}
   * stand for every workload, every CPU one and every I/O one.
   *
   * @throws IllegalArgumentException naming an unknown workload
   */
  public static List<String> parseWorkloads(List<String> names) {
    Set<String> out = new LinkedHashSet<>();
    for (String raw : names) {
      String n = raw.strip();
      switch (n) {
        case "all" -> Workloads.all().forEach(w -> out.add(w.name()));
        case "cpu", "io" -> {
          WorkloadKind k = n.equals("cpu") ? WorkloadKind.CPU : WorkloadKind.IO;
          for (Workload w : Workloads.all()) {
            if (w.kind() == k) {
              out.add(w.name());
            }
          }
        }
        case "" -> { }
        default -> out.add(Workloads.byName(n).name());
      }
    }
    return List.copyOf(out);
  }

  /** Builds a {@link CompareSpec}; {@link #build} checks every value. Not thread-safe. */
  public static final class Builder {
    private List<ModelSpec> models = List.of();
    private List<String> workloads = List.of();
    private Scale scale = Scale.QUICK;
    private int workers;
    private int concurrency;
    private @Nullable Integer tasks;
    private int warmups;
    private int repetitions;
    private Duration runTime = Duration.ZERO;
    private Duration cellTimeout = Duration.ZERO;
    private @Nullable String python;
    private @Nullable String pythonStart;

    private Builder() {}

    public Builder models(List<ModelSpec> v) {
      models = v;
      return this;
    }

    public Builder workloads(List<String> v) {
      workloads = v;
      return this;
    }

    public Builder workers(int v) {
      workers = v;
      return this;
    }

    public Builder concurrency(int v) {
      concurrency = v;
      return this;
    }

    public Builder tasks(@Nullable Integer v) {
      tasks = v;
      return this;
    }

    public Builder warmups(int v) {
      warmups = v;
      return this;
    }

    public Builder repetitions(int v) {
      repetitions = v;
      return this;
    }

    public Builder runTime(Duration v) {
      runTime = v;
      return this;
    }

    public Builder cellTimeout(Duration v) {
      cellTimeout = v;
      return this;
    }

    /** The Python rows' interpreter: {@code ""} for {@code python3} on the PATH, null for none. */
    public Builder python(@Nullable String v) {
      python = v;
      return this;
    }

    public Builder pythonStart(@Nullable String v) {
      pythonStart = v;
      return this;
    }

    /**
     * The spec.
     *
     * @throws IllegalArgumentException naming the first bad value
     */
    public CompareSpec build() {
      return new CompareSpec(models, workloads, scale, workers, concurrency, tasks, warmups, repetitions, runTime,
          cellTimeout, python, pythonStart);
    }
  }
}
