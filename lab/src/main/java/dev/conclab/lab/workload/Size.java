package dev.conclab.lab.workload;

/**
 * How big a workload run is: the number of tasks and a per-task amount whose meaning the workload
 * names in {@link Workload#unitName()} (numbers to test, bytes to hash, milliseconds to wait...).
 *
 * @param tasks the number of tasks (items given to {@code map}), at least 1
 * @param unit the per-task amount, at least 1
 */
public record Size(int tasks, int unit) {
  public Size {
    if (tasks < 1) {
      throw new IllegalArgumentException("tasks must be >= 1, got " + tasks);
    }
    if (unit < 1) {
      throw new IllegalArgumentException("per-task size must be >= 1, got " + unit);
    }
  }

  /** This size with another task count. */
  public Size withTasks(int newTasks) {
    return new Size(newTasks, unit);
  }

  /** This size with another per-task amount. */
  public Size withUnit(int newUnit) {
    return new Size(tasks, newUnit);
  }
}
