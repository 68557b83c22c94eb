package dev.conclab.pool;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by a {@link Pool} for a task that did not produce a result: it threw (the cause is the
 * task's exception, see {@link RemoteTaskException}), its worker died ({@link
 * WorkerCrashedException}), it ran out of time ({@link TaskTimeoutException}), or no worker was
 * left to run it. Catching this one type handles every way a task can fail, as {@code
 * ExecutionException} does for an {@code ExecutorService}.
 */
public class TaskException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what happened
   * @param cause the task's own exception, or null when the task did not throw
   */
  public TaskException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }

  /** For subclasses that choose whether to record suppressed exceptions and a stack trace. */
  protected TaskException(
      String message, @Nullable Throwable cause, boolean enableSuppression, boolean writableStackTrace) {
    super(message, cause, enableSuppression, writableStackTrace);
  }
}
