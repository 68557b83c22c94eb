package dev.conclab.aio;

import java.util.ArrayDeque;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * A counting semaphore for the tasks of one loop ({@code asyncio.Semaphore}): {@link #acquire()}
 * suspends the task (not the loop) while no permit is free; waiters are served in FIFO order.
 *
 * <p>Not thread-safe, and needs no locks: use it only from tasks of one loop, which never run at
 * the same time.
 */
public final class Semaphore {
  private int permits;
  private final ArrayDeque<Waiter<Void>> waiters = new ArrayDeque<>();

  /**
   * A semaphore with {@code permits} free permits.
   *
   * @throws IllegalArgumentException if {@code permits < 0}
   */
  public Semaphore(int permits) {
    if (permits < 0) {
      throw new IllegalArgumentException("permits must be >= 0, got " + permits);
    }
    this.permits = permits;
  }

  /**
   * Takes a permit, suspending the calling task until one is free. Does not suspend when a permit
   * is free and nobody waits.
   *
   * @throws java.util.concurrent.CancellationException if cancelled while waiting (no permit is taken)
   */
  public void acquire() {
    TaskImpl<?> me = Loop.currentTask("Semaphore.acquire");
    pruneWaiters();
    if (permits > 0 && waiters.isEmpty()) {
      permits--;
      return;
    }
    Waiter<Void> w = new Waiter<>(me);
    me.suspend(w, waiters::addLast);
  }

  /** Takes a permit if one is free now; never suspends. */
  public boolean tryAcquire() {
    pruneWaiters();
    if (permits > 0 && waiters.isEmpty()) {
      permits--;
      return true;
    }
    return false;
  }

  /** Returns a permit, handing it straight to the longest waiting task if any. Never suspends. */
  public void release() {
    Waiter<Void> w;
    while ((w = waiters.pollFirst()) != null) {
      if (w.wake(null)) {
        return;
      }
    }
    permits++;
  }

  /** Runs {@code body} holding a permit ({@code async with sem:}). */
  public <T extends @Nullable Object> T withPermit(Callable<T> body) {
    acquire();
    try {
      return body.call();
    } catch (Exception e) {
      throw Loop.rethrowable(e);
    } finally {
      release();
    }
  }

  /** Whether no permit is free ({@code sem.locked()}). */
  public boolean locked() {
    pruneWaiters();
    return permits == 0 || !waiters.isEmpty();
  }

  /** The number of free permits. */
  public int availablePermits() {
    return permits;
  }

  private void pruneWaiters() {
    while (!waiters.isEmpty() && waiters.peekFirst().isDone()) {
      waiters.pollFirst();
    }
  }
}
