package dev.conclab.lab.advise;

import org.jspecify.annotations.Nullable;

/**
 * One candidate model measured on the user's work.
 *
 * @param model the spec measured, e.g. {@code virtual:workers=64}
 * @param tasks tasks per repetition
 * @param repetitions measured repetitions
 * @param wallMs median wall time of a repetition
 * @param wallLowMs lowest wall time of the repetitions (the interval's low end)
 * @param wallHighMs highest wall time of the repetitions (the interval's high end)
 * @param cpuMs CPU time of this JVM and its child processes in the median repetition
 * @param tasksPerSec tasks / median wall time
 * @param p50Ms median time one task took, from its start to its end; null when tasks ran in another JVM
 * @param p99Ms 99th percentile of the same
 * @param peakThreads peak platform threads of this JVM and its children
 * @param peakRssMb peak resident memory of this JVM and its children
 * @param peakHeapMb peak used heap of this JVM
 * @param peakProcesses peak processes (this JVM and its children)
 * @param error why nothing was measured, or null
 */
public record Measured(
    String model,
    int tasks,
    int repetitions,
    double wallMs,
    double wallLowMs,
    double wallHighMs,
    double cpuMs,
    double tasksPerSec,
    @Nullable Double p50Ms,
    @Nullable Double p99Ms,
    int peakThreads,
    double peakRssMb,
    double peakHeapMb,
    int peakProcesses,
    @Nullable String error) {

  /** A candidate that could not be measured. */
  public static Measured failed(String model, int tasks, String error) {
    return new Measured(model, tasks, 0, 0, 0, 0, 0, 0, null, null, 0, 0, 0, 0, error);
  }

  /** True when at least one repetition was measured. */
  public boolean ok() {
    return error == null;
  }

  /** (high - low) / median of the wall times, in percent. */
  public double spreadPct() {
    return wallMs <= 0 ? 0 : (wallHighMs - wallLowMs) / wallMs * 100;
  }
}
