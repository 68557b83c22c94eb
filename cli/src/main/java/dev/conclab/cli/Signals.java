package dev.conclab.cli;

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

  /** A registration whose first SIGTERM or SIGINT wakes the threads waiting in {@link #await}. Thread-safe. */
  static final class Termination implements Registration {
    private final Object lock = new Object();
    private boolean signalled;
    private Registration registration = () -> {};

    /** Blocks until the first SIGTERM or SIGINT (or the shutdown hook standing in for them). */
    void await() throws InterruptedException {
      synchronized (lock) {
        while (!signalled) {
          lock.wait();
        }
      }
    }

    private void signal() {
      synchronized (lock) {
        signalled = true;
        lock.notifyAll();
      }
    }

    @Override
    public void close() {
      registration.close();
    }
  }

  /** Like {@link #onTermination}, with an action that ends {@link Termination#await}. */
  static Termination awaitable(String name) {
    Termination t = new Termination();
    t.registration = onTermination(t::signal, name);
    return t;
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
      Object lock = new Object();
      boolean[] first = {true};
      sun.misc.SignalHandler handler = sig -> {
        boolean isFirst;
        synchronized (lock) {
          isFirst = first[0];
          first[0] = false;
        }
        if (isFirst) {
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
