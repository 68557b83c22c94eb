package dev.conclab.pool;

import org.jspecify.annotations.Nullable;

/**
 * A {@link TaskException} that one worker JVM is to blame for: the task threw there ({@link
 * RemoteTaskException}), ran out of time there ({@link TaskTimeoutException}), or the worker died
 * holding it ({@link WorkerCrashedException}). Names that worker's process id.
 */
public abstract sealed class WorkerTaskException extends TaskException
    permits RemoteTaskException, TaskTimeoutException, WorkerCrashedException {
  private static final long serialVersionUID = 1L;

  private final long pid;

  /**
   * Creates the exception.
   *
   * @param message what happened
   * @param pid the worker's process id
   * @param cause the worker's exception or its stand-in, or null when the task did not throw
   * @param enableSuppression whether suppressed exceptions are recorded
   */
  WorkerTaskException(
      String message, long pid, @Nullable Throwable cause, boolean enableSuppression) {
    super(message, cause, enableSuppression, false);
    this.pid = pid;
  }

  /** The process id of the worker the task ran in. */
  public long pid() {
    return pid;
  }
}
