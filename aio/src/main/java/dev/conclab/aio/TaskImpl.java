package dev.conclab.aio;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A task: a virtual thread that runs only while it holds its loop's turn.
 *
 * <p>Implementation notes: the task's fields that describe a suspension ({@link #currentWaiter},
 * {@link #pendingCancel}) and its end ({@link #done}, callbacks) are guarded by {@code this};
 * the order of locks is task, then loop.
 */
final class TaskImpl<T extends @Nullable Object> implements Task<T> {
  final Loop loop;
  final Thread thread;
  private final long id;
  private final @Nullable String givenName;
  private final Callable<? extends T> body;

  /** Set by the loop (under its lock) when this task may run. */
  volatile boolean hasTurn;
  /** Whether the loop has started {@link #thread}; guarded by the loop's lock. */
  boolean started;
  /** Links in the loop's list of live tasks, guarded by the loop's lock. */
  @Nullable TaskImpl<?> prev;
  @Nullable TaskImpl<?> next;

  private @Nullable Waiter<?> currentWaiter;
  private @Nullable CancellationException pendingCancel;
  /** The first done-callback; most tasks have only one (their gather or awaiter), so no list. */
  private @Nullable Consumer<TaskImpl<T>> firstCallback;
  private @Nullable List<Consumer<TaskImpl<T>>> moreCallbacks;
  private volatile boolean done;
  private boolean cancelled;
  private @Nullable T result;
  private @Nullable Throwable error;

  TaskImpl(Loop loop, long id, @Nullable String name, Callable<? extends T> body) {
    this.loop = loop;
    this.id = id;
    this.givenName = name;
    this.body = body;
    this.thread = Thread.ofVirtual().inheritInheritableThreadLocals(false).unstarted(this::runBody);
  }

  @Override
  public String name() {
    return givenName != null ? givenName : "Task-" + id;
  }

  private void runBody() {
    loop.awaitTurn(this);
    T value = null;
    Throwable failure = null;
    boolean wasCancelled = false;
    CancellationException early = takePendingCancel();
    if (early != null) {
      failure = early;
      wasCancelled = true;
    } else {
      try {
        value = body.call();
      } catch (CancellationException e) {
        failure = e;
        wasCancelled = true;
      } catch (Throwable t) {
        failure = t;
      }
    }
    finish(value, failure, wasCancelled);
    loop.taskEnded(this);
    loop.releaseTurn(this);
  }

  private void finish(@Nullable T value, @Nullable Throwable failure, boolean wasCancelled) {
    Consumer<TaskImpl<T>> first;
    List<Consumer<TaskImpl<T>>> more;
    synchronized (this) {
      result = value;
      error = failure;
      cancelled = wasCancelled;
      pendingCancel = null;
      done = true;
      first = firstCallback;
      more = moreCallbacks;
      firstCallback = null;
      moreCallbacks = null;
    }
    if (first != null) {
      first.accept(this);
    }
    if (more != null) {
      for (Consumer<TaskImpl<T>> cb : more) {
        cb.accept(this);
      }
    }
  }

  /**
   * Runs {@code cb} when this task ends (on the ending task's thread, while it holds the turn),
   * or at once if it has ended.
   */
  void whenDone(Consumer<TaskImpl<T>> cb) {
    synchronized (this) {
      if (!done) {
        if (firstCallback == null) {
          firstCallback = cb;
        } else {
          if (moreCallbacks == null) {
            moreCallbacks = new ArrayList<>(2);
          }
          moreCallbacks.add(cb);
        }
        return;
      }
    }
    cb.accept(this);
  }

  /**
   * Suspends this task (the caller, holding the turn) until {@code w} completes; {@code arm}
   * registers whatever will complete it. Throws a pending cancellation without suspending.
   */
  <V extends @Nullable Object> V suspend(Waiter<V> w, Consumer<Waiter<V>> arm) {
    synchronized (this) {
      CancellationException c = pendingCancel;
      if (c != null) {
        pendingCancel = null;
        throw c;
      }
      currentWaiter = w;
      hasTurn = false;
    }
    arm.accept(w);
    loop.releaseTurn(this);
    loop.awaitTurn(this);
    synchronized (this) {
      currentWaiter = null;
    }
    return w.result();
  }

  @Override
  public boolean cancel() {
    return cancel(new CancellationException("Task " + name() + " was cancelled"));
  }

  /** Raises {@code c} in this task at its current or next await. */
  boolean cancel(CancellationException c) {
    synchronized (this) {
      if (done) {
        return false;
      }
      Waiter<?> w = currentWaiter;
      if (w == null || !w.fail(c)) {
        pendingCancel = c;
      }
      return true;
    }
  }

  /**
   * As {@link #cancel(CancellationException)}, unless a cancellation is already pending: that one
   * will stop the task at its next await anyway and must not be replaced (it may come from the
   * task's caller or a timeout, which must see their own exception).
   */
  boolean cancelUnlessPending(CancellationException c) {
    synchronized (this) {
      if (pendingCancel != null) {
        return false;
      }
      return cancel(c);
    }
  }

  /** Withdraws a cancellation that has not been delivered yet, if it is {@code c}. */
  synchronized void withdrawCancel(CancellationException c) {
    if (pendingCancel == c) {
      pendingCancel = null;
    }
  }

  private synchronized @Nullable CancellationException takePendingCancel() {
    CancellationException c = pendingCancel;
    pendingCancel = null;
    return c;
  }

  @Override
  public T await() {
    TaskImpl<?> me = Loop.currentTask("Task.await");
    if (me.loop != loop) {
      throw new IllegalStateException("Task " + name() + " belongs to another event loop");
    }
    if (me == this) {
      throw new IllegalStateException("a task cannot await itself");
    }
    if (!done) {
      Waiter<Void> w = new Waiter<>(me);
      me.suspend(w, x -> whenDone(t -> x.wake(null)));
    }
    return resultNow();
  }

  /** The result of an ended task, or its exception rethrown. */
  @SuppressWarnings("NullAway") // result is a T once the task returned normally
  T resultNow() {
    synchronized (this) {
      if (!done) {
        throw new IllegalStateException("Task " + name() + " has not ended");
      }
      if (error != null) {
        throw Loop.rethrowable(error);
      }
      return result;
    }
  }

  /** The outcome of an ended task. */
  @SuppressWarnings("NullAway") // result is a T once the task returned normally
  synchronized Outcome<T> outcome() {
    Throwable e = error;
    return e != null ? new Outcome.Failure<>(e) : new Outcome.Success<>(result);
  }

  @Override
  public boolean isDone() {
    return done;
  }

  @Override
  public synchronized boolean isCancelled() {
    return done && cancelled;
  }

  @Override
  public String toString() {
    return "Task[" + name() + (done ? ", done" : "") + "]";
  }
}
