package dev.conclab.lab;

import dev.conclab.lab.measure.Interval;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a cell's measured runs gave, grouped by meaning.
 *
 * @param timing the runs' batch times
 * @param resources what the runs used
 * @param latency the tasks' response times (I/O only), or null
 * @param speedup the speedup over the sequential baseline, or null when there is none
 */
public record Measurement(Timing timing, Resources resources, @Nullable Latency latency, @Nullable Speedup speedup) {

  /** This measurement with a speedup and its interval; a null {@code s} removes it. */
  public Measurement withSpeedup(@Nullable Double s, @Nullable Interval ci) {
    return new Measurement(timing, resources, latency, s == null ? null : new Speedup(s, ci));
  }

  /**
   * The runs' batch times.
   *
   * @param loops batches per measured run (calibrated so that a run lasts the target time)
   * @param tasksPerRun tasks one measured run executed: {@code loops} batches of the cell's tasks,
   *     or of the sample an estimated baseline ran
   * @param warmups unmeasured runs before the measured ones (until the last runs agreed)
   * @param wallMs median wall time of one batch over the measured runs
   * @param wallMsCi 95 % bootstrap interval of {@code wallMs}
   * @param spreadPct the standard deviation of the runs' batch times as a percentage of their mean
   * @param repetitions measured runs
   * @param runsMs each measured run's wall time per batch, in the order measured
   * @param tasksPerSec tasks / wall time
   * @param estimated whether the batch time was scaled up from a sample of the tasks
   */
  public record Timing(int loops, long tasksPerRun, int warmups, double wallMs, Interval wallMsCi, double spreadPct,
      int repetitions, List<Double> runsMs, double tasksPerSec, boolean estimated) {
    public Timing {
      runsMs = List.copyOf(runsMs);
    }
  }

  /**
   * What the runs used.
   *
   * @param cpuMs CPU time of this JVM and its worker processes for one batch (the median run)
   * @param cpuUtilization CPU time / (wall time x cores): 1.0 means every core busy throughout
   * @param peakRssMb peak resident memory of this JVM and this model's worker processes
   * @param peakHeapMb peak used heap of this JVM; NaN when not measured
   * @param peakThreads peak platform threads of this JVM and this model's worker processes, less
   *     the threads of other models kept open meanwhile
   * @param peakProcesses peak processes (this JVM and this model's workers)
   * @param peakInFlight most tasks in progress at once in this JVM; null when tasks ran elsewhere
   * @param backgroundCores CPU taken from the measured runs by other processes on the machine
   *     and by the hypervisor (steal time), in cores (median over the runs)
   */
  public record Resources(double cpuMs, double cpuUtilization, double peakRssMb, double peakHeapMb, int peakThreads,
      int peakProcesses, @Nullable Integer peakInFlight, double backgroundCores) {}

  /**
   * The tasks' response times, from the start of their batch.
   *
   * @param p50Ms median
   * @param p99Ms 99th percentile
   */
  public record Latency(double p50Ms, double p99Ms) {}

  /**
   * The speedup over the sequential baseline.
   *
   * @param value sequential's median batch time / this one
   * @param ci 95 % bootstrap interval of {@code value}, from both cells' runs; null for the baseline itself
   */
  public record Speedup(double value, @Nullable Interval ci) {}
}
