package dev.conclab.pool;

import java.time.Duration;

/**
 * Thrown for a task that ran longer than the pool's {@linkplain ProcessPool.Builder#taskTimeout
 * task timeout}. The worker running it was killed and replaced; the pool keeps serving.
 */
public final class TaskTimeoutException extends WorkerTaskException {
  private static final long serialVersionUID = 1L;

  private final Duration timeout;

  /**
   * Creates the exception.
   *
   * @param message what happened
   * @param pid the process id of the worker that was killed
   * @param timeout the timeout that was exceeded
   */
  public TaskTimeoutException(String message, long pid, Duration timeout) {
    super(message, pid, null, false);
    this.timeout = timeout;
  }

  /** The timeout that was exceeded. */
  public Duration timeout() {
    return timeout;
  }
}
