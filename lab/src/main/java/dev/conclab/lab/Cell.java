package dev.conclab.lab;

import dev.conclab.lab.measure.Interval;
import dev.conclab.lab.workload.WorkloadKind;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One model on one workload: the median of the measured runs, its 95 % confidence interval and
 * spread, and what the runs used. A run is {@link #loops} back-to-back batches of
 * {@link #tasks} tasks, so that it lasts at least the comparison's target run time; every time
 * below is for one batch. A model that failed or ran out of time has {@link #error} set and
 * whatever it measured before that.
 *
 * @param model the model spec as measured, e.g. {@code threads:workers=100}
 * @param modelKind the model's kind, e.g. {@code threads}
 * @param workload the workload name
 * @param kind whether the workload is CPU- or I/O-bound; written {@code cpu} or {@code io}
 * @param tasks tasks in one batch
 * @param unit the workload's per-task amount
 * @param loops batches per measured run (calibrated so that a run lasts the target time)
 * @param tasksPerRun tasks one measured run executed: {@code loops} batches of {@code tasks}, or
 *     of the sample an estimated baseline ran
 * @param warmups unmeasured runs before the measured ones (until the last runs agreed)
 * @param wallMs median wall time of one batch over the measured runs
 * @param wallMsCi 95 % bootstrap interval of {@code wallMs}; null for an error cell
 * @param spreadPct (max - min) / median of the runs' batch times, in percent
 * @param repetitions measured runs
 * @param runsMs each measured run's wall time per batch, in the order measured
 * @param cpuMs CPU time of this JVM and its worker processes for one batch (the median run)
 * @param cpuUtilization CPU time / (wall time x cores): 1.0 means every core busy throughout
 * @param speedup sequential's median batch time / this one; null when there is no baseline
 * @param speedupCi 95 % bootstrap interval of {@code speedup}, from both cells' runs
 * @param peakRssMb peak resident memory of this JVM and this model's worker processes
 * @param peakHeapMb peak used heap of this JVM
 * @param peakThreads peak platform threads of this JVM and this model's worker processes, less
 *     the threads of other models kept open meanwhile
 * @param peakProcesses peak processes (this JVM and this model's workers)
 * @param peakInFlight most tasks in progress at once in this JVM; null when tasks ran elsewhere
 * @param tasksPerSec tasks / wall time
 * @param p50Ms median response time of a task, from the start of its batch (I/O only)
 * @param p99Ms 99th percentile of the same (I/O only)
 * @param correct whether every result equalled the sequential (or known) result
 * @param estimated whether the batch time was scaled up from a sample of the tasks
 * @param backgroundCores CPU used by other processes on the machine during the measured runs,
 *     in cores (median over the runs)
 * @param warnings what makes this cell less trustworthy (unstable runs, a busy machine), each one
 *     sentence; empty when none
 * @param error why the cell is incomplete or not a result, or null
 * @param note extra context (what was sampled, what the workers were), or null
 */
public record Cell(
    String model,
    String modelKind,
    String workload,
    WorkloadKind kind,
    int tasks,
    int unit,
    int loops,
    long tasksPerRun,
    int warmups,
    double wallMs,
    @Nullable Interval wallMsCi,
    double spreadPct,
    int repetitions,
    List<Double> runsMs,
    double cpuMs,
    double cpuUtilization,
    @Nullable Double speedup,
    @Nullable Interval speedupCi,
    double peakRssMb,
    double peakHeapMb,
    int peakThreads,
    int peakProcesses,
    @Nullable Integer peakInFlight,
    double tasksPerSec,
    @Nullable Double p50Ms,
    @Nullable Double p99Ms,
    boolean correct,
    boolean estimated,
    double backgroundCores,
    List<String> warnings,
    @Nullable String error,
    @Nullable String note) {

  public Cell {
    runsMs = List.copyOf(runsMs);
    warnings = List.copyOf(warnings);
  }

  /** True when the cell measured a complete, correct run. */
  public boolean ok() {
    return error == null && correct;
  }

  /** The measured runs' batch times as an array. */
  public double[] runs() {
    return runsMs.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** This cell with a speedup and its interval. */
  public Cell withSpeedup(@Nullable Double s, @Nullable Interval ci) {
    return new Cell(model, modelKind, workload, kind, tasks, unit, loops, tasksPerRun, warmups, wallMs, wallMsCi,
        spreadPct, repetitions, runsMs, cpuMs, cpuUtilization, s, ci, peakRssMb, peakHeapMb, peakThreads,
        peakProcesses, peakInFlight, tasksPerSec, p50Ms, p99Ms, correct, estimated, backgroundCores, warnings, error,
        note);
  }

  /** This cell marked as not a result, keeping what it measured. */
  public Cell withError(String why) {
    return new Cell(model, modelKind, workload, kind, tasks, unit, loops, tasksPerRun, warmups, wallMs, wallMsCi,
        spreadPct, repetitions, runsMs, cpuMs, cpuUtilization, speedup, speedupCi, peakRssMb, peakHeapMb, peakThreads,
        peakProcesses, peakInFlight, tasksPerSec, p50Ms, p99Ms, correct, estimated, backgroundCores, warnings, why,
        note);
  }
}
