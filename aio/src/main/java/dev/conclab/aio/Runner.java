package dev.conclab.aio;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * An event loop that runs several top-level coroutines one after another ({@code asyncio.Runner}):
 * {@link Aio#run} is a runner used once. It owns a Vert.x instance with one event-loop thread
 * and a worker pool; {@link #close()} stops them.
 *
 * <p>Thread-safe: {@link #run} calls from several threads are served one at a time. Must not be
 * used from a task of an event loop (asyncio forbids nested {@code run} too).
 */
public final class Runner implements AutoCloseable {
  private static final Duration CANCEL_WAIT = Duration.ofSeconds(30);

  private final Loop loop;
  private final ReentrantLock runLock = new ReentrantLock();
  private volatile boolean closed;

  Runner(AioOptions options) {
    this.loop = new Loop(requireNonNull(options, "options"));
  }

  /**
   * Runs {@code main} as the loop's first task and blocks until it ends; then cancels every task
   * it left behind and waits for them, as {@code asyncio.run} does. If the calling thread is
   * interrupted, the main task is cancelled (like Ctrl-C under asyncio) and this still waits for
   * it to end.
   *
   * @return the main task's result
   * @throws java.util.concurrent.CancellationException if the main task was cancelled
   * @throws RuntimeException the main task's exception (a checked one wrapped in
   *     {@link java.util.concurrent.CompletionException})
   * @throws IllegalStateException if called from a task, or after {@link #close()}
   */
  public <T extends @Nullable Object> T run(Callable<T> main) {
    requireNonNull(main, "main");
    if (Loop.currentTaskOrNull() != null) {
      throw new IllegalStateException("Aio.run cannot be called from a running event loop");
    }
    runLock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("runner is closed");
      }
      CountDownLatch ended = new CountDownLatch(1);
      TaskImpl<T> task = loop.createTask("main", main);
      task.whenDone(t -> ended.countDown());
      boolean interrupted = false;
      while (true) {
        try {
          ended.await();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
          task.cancel();
        }
      }
      loop.cancelAll();
      while (true) {
        try {
          loop.awaitAllEnded(CANCEL_WAIT);
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      return task.resultNow();
    } finally {
      runLock.unlock();
    }
  }

  /** Runs a body with no result; see {@link #run(Callable)}. */
  public void run(CheckedRunnable main) {
    requireNonNull(main, "main");
    run(() -> {
      main.run();
      return null;
    });
  }

  /**
   * Cancels any task still running, closes the Vert.x instance and waits (up to 30 s each) for
   * the tasks and for Vert.x's threads to stop. Idempotent. Blocking work handed to
   * {@link Aio#toThread} cannot be interrupted; its worker thread ends when that work returns.
   */
  @Override
  public void close() {
    runLock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      loop.cancelAll();
      try {
        loop.awaitAllEnded(CANCEL_WAIT);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      loop.close();
    } finally {
      runLock.unlock();
    }
  }
}
