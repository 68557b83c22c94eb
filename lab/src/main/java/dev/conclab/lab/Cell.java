package dev.conclab.lab;

import org.jspecify.annotations.Nullable;

/**
 * One model on one workload: the median of the measured repetitions and its spread. A model
 * that failed or ran out of time has {@link #error} set and whatever it measured before that.
 *
 * @param model the model spec as measured, e.g. {@code threads:workers=100}
 * @param modelKind the model's kind, e.g. {@code threads}
 * @param workload the workload name
 * @param kind {@code cpu} or {@code io}
 * @param tasks tasks mapped
 * @param unit the workload's per-task amount
 * @param wallMs median wall time of the repetitions
 * @param spreadPct (max - min) / median of the wall times, in percent
 * @param repetitions measured repetitions
 * @param cpuMs CPU time of this JVM and its worker processes in the reported repetition
 * @param cpuUtilization CPU time / (wall time x cores): 1.0 means every core busy throughout
 * @param speedup sequential's wall time / this wall time; null when there is no baseline
 * @param peakRssMb peak resident memory of this JVM and its worker processes
 * @param peakHeapMb peak used heap of this JVM
 * @param peakThreads peak platform threads of this JVM and its worker processes
 * @param peakProcesses peak processes (this JVM and its workers)
 * @param peakInFlight most tasks in progress at once in this JVM; null when tasks ran elsewhere
 * @param tasksPerSec tasks / wall time
 * @param p50Ms median response time of a task, from the start of the batch (I/O only)
 * @param p99Ms 99th percentile of the same (I/O only)
 * @param correct whether every result equalled the sequential (or known) result
 * @param estimated whether the wall time was scaled up from a sample of the tasks
 * @param error why the cell is incomplete, or null
 * @param note extra context (what was sampled, what the workers were), or null
 */
public record Cell(
    String model,
    String modelKind,
    String workload,
    String kind,
    int tasks,
    int unit,
    double wallMs,
    double spreadPct,
    int repetitions,
    double cpuMs,
    double cpuUtilization,
    @Nullable Double speedup,
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
    @Nullable String error,
    @Nullable String note) {

  /** True when the cell measured a complete, correct run. */
  public boolean ok() {
    return error == null && correct;
  }

  /** This cell with a speedup. */
  public Cell withSpeedup(@Nullable Double s) {
    return new Cell(model, modelKind, workload, kind, tasks, unit, wallMs, spreadPct, repetitions, cpuMs,
        cpuUtilization, s, peakRssMb, peakHeapMb, peakThreads, peakProcesses, peakInFlight, tasksPerSec,
        p50Ms, p99Ms, correct, estimated, error, note);
  }
}
