package dev.conclab.pool.internal;

import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/** How worker processes end: waiting for them, and their exit codes as Python reports them. */
final class Exits {
  private Exits() {}

  /**
   * Waits for a process to exit, killing it after {@code millis}; returns the Python-style code,
   * or null if it did not exit or the wait was interrupted (the interrupt is kept). Blocks up to
   * {@code millis} plus 5 s.
   */
  static @Nullable Integer waitExit(Process p, long millis) {
    try {
      if (!p.waitFor(millis, TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
          return null;
        }
      }
      return pythonExitCode(p.exitValue());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      return null;
    }
  }

  /** Linux reports death by signal N as exit value 128+N; Python reports -N. */
  static int pythonExitCode(int exitValue) {
    return exitValue > 128 && exitValue <= 128 + 64 ? -(exitValue - 128) : exitValue;
  }

  static String describe(@Nullable Integer code) {
    if (code == null) {
      return "exit code unknown";
    }
    if (code < 0) {
      return "killed by signal " + -code + ", exit code " + code;
    }
    return "exit code " + code;
  }
}
