package dev.conclab.pool;

import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * Thrown for a task whose worker JVM died while holding it (killed by a signal, {@code
 * System.exit}, {@code Runtime.halt}, {@code OutOfMemoryError}, a crash). Only the tasks the dead
 * worker held fail this way; the pool replaces the worker and keeps serving.
 *
 * <p>The exit code follows Python's {@code multiprocessing} convention: a negative signal number
 * when the worker was killed by a signal (exit value 128+N on Linux is reported as -N).
 */
public final class WorkerCrashedException extends WorkerTaskException {
  private static final long serialVersionUID = 1L;

  private final @Nullable Integer exitCode;

  /**
   * Creates the exception.
   *
   * @param message what happened
   * @param pid the dead worker's process id
   * @param exitCode its exit code (negative signal number if killed), or null if unknown
   */
  public WorkerCrashedException(String message, long pid, @Nullable Integer exitCode) {
    super(message, pid, null, false);
    this.exitCode = exitCode;
  }

  /** The worker's exit code (negative signal number when killed by a signal), if known. */
  public OptionalInt exitCode() {
    return exitCode == null ? OptionalInt.empty() : OptionalInt.of(exitCode);
  }

  /** The signal that killed the worker (e.g. 9 for SIGKILL), if it was killed by one. */
  public OptionalInt signal() {
    return exitCode != null && exitCode < 0 ? OptionalInt.of(-exitCode) : OptionalInt.empty();
  }
}
