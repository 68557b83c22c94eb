package dev.conclab.pool;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for a task that threw in its worker JVM (or whose result could not be sent back). The
 * message names the remote exception's type and message; the {@linkplain #getCause() cause} is
 * the worker's exception itself, with the worker's stack trace, when it could be deserialized, or
 * a stand-in with the same class name, message and stack trace when it could not.
 */
public final class RemoteTaskException extends WorkerTaskException {
  private static final long serialVersionUID = 1L;

  private final String remoteClassName;

  /**
   * Creates the exception.
   *
   * @param message what happened
   * @param remoteClassName the class name of the exception thrown in the worker
   * @param pid the worker's process id
   * @param cause the worker's exception or its stand-in
   */
  public RemoteTaskException(
      String message, String remoteClassName, long pid, @Nullable Throwable cause) {
    super(message, pid, cause, true);
    this.remoteClassName = remoteClassName;
  }

  /** The fully qualified class name of the exception thrown in the worker. */
  public String remoteClassName() {
    return remoteClassName;
  }
}
