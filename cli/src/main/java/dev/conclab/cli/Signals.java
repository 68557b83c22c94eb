package dev.conclab.cli;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * SIGTERM and SIGINT handling for the long-running commands ({@code serve}, {@code member}), so
 * they can stop gracefully and exit 0 instead of the JVM's default 143/130. The handlers run on
 * the JVM's signal-dispatch threads.
 */
final class Signals {

  private Signals() {}

  /** Puts back the handlers that were in place before {@link #onTermination}. Idempotent. */
  interface Registration extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Runs {@code action} on the first SIGTERM or SIGINT instead of the JVM's default exit, so the
   * command can stop in order and return 0. A second signal while it stops halts the JVM at once
   * with exit code 128 + the signal's number (130 for a second Ctrl-C). Falls back to a shutdown
   * hook (named {@code name}) where signals cannot be handled. Does not block; close the returned
   * registration when the command ends to restore the previous handlers.
   */
  @SuppressWarnings("restriction")
  static Registration onTermination(Runnable action, String name) {
    try {
      AtomicBoolean first = new AtomicBoolean(true);
      sun.misc.SignalHandler handler = sig -> {
        if (first.getAndSet(false)) {
          action.run();
        } else {
          // A second Ctrl-C or SIGTERM while stopping: the user does not want to wait.
          Runtime.getRuntime().halt(128 + sig.getNumber());
        }
      };
      sun.misc.Signal term = new sun.misc.Signal("TERM");
      sun.misc.Signal intr = new sun.misc.Signal("INT");
      sun.misc.SignalHandler oldTerm = sun.misc.Signal.handle(term, handler);
      sun.misc.SignalHandler oldInt = sun.misc.Signal.handle(intr, handler);
      return () -> {
        sun.misc.Signal.handle(term, oldTerm);
        sun.misc.Signal.handle(intr, oldInt);
      };
    } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
      Thread hook = new Thread(action, name);
      Runtime.getRuntime().addShutdownHook(hook);
      return () -> {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // the hook is running or has run
        }
      };
    }
  }
}
