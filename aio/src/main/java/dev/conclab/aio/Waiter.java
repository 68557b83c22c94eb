package dev.conclab.aio;

import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.jspecify.annotations.Nullable;

/**
 * One suspension of one task: completed once, from any thread, with a value or an exception,
 * which makes the task ready again. A waiter that lost the race (already woken, e.g. cancelled)
 * ignores later wake-ups, so wakers such as {@link Semaphore} skip it and wake the next one.
 */
final class Waiter<T extends @Nullable Object> implements Runnable {
  private static final AtomicIntegerFieldUpdater<Waiter<?>> DONE = doneUpdater();

  final TaskImpl<?> task;
  private volatile int done;
  private @Nullable T value;
  private @Nullable Throwable error;
  private volatile @Nullable Runnable disarm;

  Waiter(TaskImpl<?> task) {
    this.task = task;
  }

  /** Completes with {@code v}; returns whether this call completed it. */
  boolean wake(@Nullable T v) {
    if (!DONE.compareAndSet(this, 0, 1)) {
      return false;
    }
    value = v;
    finish();
    return true;
  }

  /** Completes with {@code e}; returns whether this call completed it. */
  boolean fail(Throwable e) {
    if (!DONE.compareAndSet(this, 0, 1)) {
      return false;
    }
    error = e;
    finish();
    return true;
  }

  boolean isDone() {
    return done != 0;
  }

  /** Wakes with no value: a waiter is its own timer action, which saves a lambda per sleep. */
  @Override
  public void run() {
    wake(null);
  }

  /** Cancels {@code timer} if this waiter is completed before it fires. */
  void cancelOnDone(ScheduledFuture<?> timer) {
    onDone(new TimerCancel(timer));
  }

  private record TimerCancel(ScheduledFuture<?> timer) implements Runnable {
    @Override
    public void run() {
      timer.cancel(false);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static AtomicIntegerFieldUpdater<Waiter<?>> doneUpdater() {
    return (AtomicIntegerFieldUpdater) AtomicIntegerFieldUpdater.newUpdater(Waiter.class, "done");
  }

  /** Sets what undoes the arming (cancel a timer); runs it at once if already completed. */
  void onDone(Runnable undo) {
    disarm = undo;
    if (done != 0) {
      undo.run();
    }
  }

  private void finish() {
    Runnable d = disarm;
    if (d != null) {
      d.run();
    }
    task.loop.schedule(task);
  }

  /** The outcome; read by the task after it has the turn again (the loop lock orders it). */
  @SuppressWarnings("NullAway") // value is a T once completed normally
  T result() {
    Throwable e = error;
    if (e != null) {
      throw Loop.rethrowable(e);
    }
    return value;
  }
}
