package dev.conclab.lab.advise;

import dev.conclab.lab.Cell;
import dev.conclab.lab.measure.Interval;
import org.jspecify.annotations.Nullable;

/**
 * One candidate model measured on the user's work.
 *
 * @param cell the measurement in {@code compare}'s cell format (median wall time of a batch of
 *     {@link Cell#tasks()} tasks, its 95 % interval, each measured run, warnings such as unstable
 *     runs or a busy machine), without a speedup; an error cell when nothing was measured
 * @param p50Ms median time one task took, from its start to its end, in the last measured batch; null when none
 * @param p99Ms 99th percentile of the same
 * @param leftOutRuns measured runs left out because they would not have ended within the budget
 */
public record Measured(Cell cell, @Nullable Double p50Ms, @Nullable Double p99Ms, int leftOutRuns) {

  /** The spec measured, e.g. {@code virtual:workers=64}. */
  public String model() {
    return cell.model();
  }

  /** True when the candidate measured complete runs. */
  public boolean ok() {
    return cell.ok();
  }

  /** Why nothing usable was measured, or null. */
  public @Nullable String error() {
    return cell.error();
  }

  /** Tasks per second at the median wall time. */
  public double tasksPerSec() {
    return cell.tasksPerSec();
  }

  /** The 95 % interval of {@link #tasksPerSec()}, from the wall time's; null when not measured. */
  public @Nullable Interval tasksPerSecCi() {
    Interval w = cell.wallMsCi();
    if (!ok() || w == null || !(w.low() > 0)) {
      return null;
    }
    return new Interval(cell.tasks() / (w.high() / 1000), cell.tasks() / (w.low() / 1000));
  }

  /** Each measured run's wall time per task, in milliseconds. */
  double[] perTaskMs() {
    return cell.runsMs().stream().mapToDouble(ms -> ms / cell.tasks()).toArray();
  }
}
