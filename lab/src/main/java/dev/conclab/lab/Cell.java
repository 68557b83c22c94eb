package dev.conclab.lab;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.conclab.lab.measure.Interval;
import dev.conclab.lab.workload.WorkloadKind;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One model on one workload: either a {@link MeasuredCell} (a complete, correct result) or a
 * {@link FailedCell} (why it is not one, and whatever was measured before that). What was
 * measured is a {@link Measurement}: a run is {@code loops} back-to-back batches of
 * {@link #tasks} tasks, so that it lasts at least the comparison's target run time; every time
 * is for one batch.
 *
 * <p>The flat accessors below ({@link #wallMs}, {@link #peakThreads}, ...) read the measurement
 * and give the values a failed cell without one is written with in reports: {@code NaN} for a
 * time or an amount, 0 for a count, null for an interval. New readers should switch on the type
 * instead. The JSON of a cell is written by {@link CellJson}, with the same fields as these
 * accessors.
 */
@JsonSerialize(using = CellJson.class)
public sealed interface Cell permits MeasuredCell, FailedCell {
  /** Cores taken by other processes and the hypervisor above which a cell is a busy-machine cell. */
  double BUSY_CORES = 0.25;

  /** The model spec as measured, e.g. {@code threads:workers=100}. */
  String model();

  /** The model's kind, e.g. {@code threads}. */
  String modelKind();

  /** The workload name. */
  String workload();

  /** Whether the workload is CPU- or I/O-bound; written {@code cpu} or {@code io}. */
  WorkloadKind kind();

  /** Tasks in one batch. */
  int tasks();

  /** The workload's per-task amount. */
  int unit();

  /** What makes this cell less trustworthy (unstable runs, a busy machine), each one sentence. */
  List<String> warnings();

  /** Extra context (what was sampled, what the workers were), or null. */
  @Nullable String note();

  /** Why the cell is not a result; null for a measured cell. */
  @Nullable String error();

  /** What was measured; null for a cell that failed before any run finished. */
  @Nullable Measurement measurement();

  /** Whether every result equalled the sequential (or known) result. */
  boolean correct();

  /** True when the cell measured a complete, correct run. */
  default boolean ok() {
    return this instanceof MeasuredCell;
  }

  /** This cell with a speedup and its interval (null: none); a cell with no measurement is returned as is. */
  Cell withSpeedup(@Nullable Double s, @Nullable Interval ci);

  /** This cell marked as not a result, keeping what it measured. */
  default FailedCell withError(String why) {
    return new FailedCell(model(), modelKind(), workload(), kind(), tasks(), unit(), measurement(), correct(),
        warnings(), why, note());
  }

  /** The measured runs' batch times as an array. */
  default double[] runs() {
    return runsMs().stream().mapToDouble(Double::doubleValue).toArray();
  }

  default int loops() {
    Measurement m = measurement();
    return m == null ? 0 : m.timing().loops();
  }

  default long tasksPerRun() {
    Measurement m = measurement();
    return m == null ? 0 : m.timing().tasksPerRun();
  }

  default int warmups() {
    Measurement m = measurement();
    return m == null ? 0 : m.timing().warmups();
  }

  default double wallMs() {
    Measurement m = measurement();
    return m == null ? Double.NaN : m.timing().wallMs();
  }

  default @Nullable Interval wallMsCi() {
    Measurement m = measurement();
    return m == null ? null : m.timing().wallMsCi();
  }

  default double spreadPct() {
    Measurement m = measurement();
    return m == null ? 0 : m.timing().spreadPct();
  }

  default int repetitions() {
    Measurement m = measurement();
    return m == null ? 0 : m.timing().repetitions();
  }

  default List<Double> runsMs() {
    Measurement m = measurement();
    return m == null ? List.of() : m.timing().runsMs();
  }

  default double tasksPerSec() {
    Measurement m = measurement();
    return m == null ? Double.NaN : m.timing().tasksPerSec();
  }

  default boolean estimated() {
    Measurement m = measurement();
    return m != null && m.timing().estimated();
  }

  default double cpuMs() {
    Measurement m = measurement();
    return m == null ? Double.NaN : m.resources().cpuMs();
  }

  default double cpuUtilization() {
    Measurement m = measurement();
    return m == null ? Double.NaN : m.resources().cpuUtilization();
  }

  default double peakRssMb() {
    Measurement m = measurement();
    return m == null ? Double.NaN : m.resources().peakRssMb();
  }

  default double peakHeapMb() {
    Measurement m = measurement();
    return m == null ? Double.NaN : m.resources().peakHeapMb();
  }

  default int peakThreads() {
    Measurement m = measurement();
    return m == null ? 0 : m.resources().peakThreads();
  }

  default int peakProcesses() {
    Measurement m = measurement();
    return m == null ? 0 : m.resources().peakProcesses();
  }

  default @Nullable Integer peakInFlight() {
    Measurement m = measurement();
    return m == null ? null : m.resources().peakInFlight();
  }

  default double backgroundCores() {
    Measurement m = measurement();
    return m == null ? 0 : m.resources().backgroundCores();
  }

  /**
   * Whether other processes and the hypervisor took more than {@value #BUSY_CORES} of a core
   * from its measured runs: its figures are then the machine's load as much as the model's.
   */
  default boolean busy() {
    return backgroundCores() > BUSY_CORES;
  }

  default Measurement.@Nullable Speedup speedupOverBaseline() {
    Measurement m = measurement();
    return m == null ? null : m.speedup();
  }

  /** Sequential's median batch time / this one; null when there is no baseline. */
  default @Nullable Double speedup() {
    Measurement.Speedup s = speedupOverBaseline();
    return s == null ? null : s.value();
  }

  /** 95 % bootstrap interval of {@link #speedup}, from both cells' runs. */
  default @Nullable Interval speedupCi() {
    Measurement.Speedup s = speedupOverBaseline();
    return s == null ? null : s.ci();
  }

  /** Median response time of a task, from the start of its batch (I/O only). */
  default @Nullable Double p50Ms() {
    Measurement m = measurement();
    Measurement.Latency l = m == null ? null : m.latency();
    return l == null ? null : l.p50Ms();
  }

  /** 99th percentile of the same (I/O only). */
  default @Nullable Double p99Ms() {
    Measurement m = measurement();
    Measurement.Latency l = m == null ? null : m.latency();
    return l == null ? null : l.p99Ms();
  }
}
