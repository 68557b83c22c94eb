package dev.conclab.aio;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A structured group of tasks ({@code asyncio.TaskGroup}), given to the body of
 * {@link Aio#taskGroup}: every task created in it ends before {@code taskGroup} returns, and the
 * first failure cancels the others and the body (if it is still running).
 *
 * <p>Use only from tasks of the loop that runs the group (like every asyncio object).
 */
public final class TaskGroup {
  private final TaskImpl<?> owner;
  private final List<TaskImpl<?>> tasks = new ArrayList<>();
  private final List<Throwable> errors = new ArrayList<>();
  /** Cancels the owner while the body runs; never seen outside {@link #runBody}. */
  private final CancellationException abortBody =
      new CancellationException("TaskGroup is shutting down after a failure");
  private boolean bodyRunning;
  private boolean aborting;
  private boolean exited;

  TaskGroup(TaskImpl<?> owner) {
    this.owner = owner;
  }

  /**
   * Creates a task in this group; it starts at the caller's next await.
   *
   * @throws IllegalStateException if the group is shutting down after a failure, or has ended
   */
  public <T extends @Nullable Object> Task<T> createTask(Callable<T> body) {
    return createTask(null, body);
  }

  /** {@link #createTask(Callable)} with a name. */
  public <T extends @Nullable Object> Task<T> createTask(@Nullable String name, Callable<T> body) {
    requireNonNull(body, "body");
    if (exited) {
      throw new IllegalStateException("TaskGroup has ended");
    }
    if (aborting) {
      throw new IllegalStateException("TaskGroup is shutting down");
    }
    TaskImpl<T> t = owner.loop.createTask(name, body);
    tasks.add(t);
    t.whenDone(this::onTaskDone);
    return t;
  }

  /** {@link #createTask(Callable)} for a body without a result. */
  public Task<Void> createTask(CheckedRunnable body) {
    requireNonNull(body, "body");
    return createTask(null, () -> {
      body.run();
      return null;
    });
  }

  private void onTaskDone(TaskImpl<?> t) {
    if (t.outcome() instanceof Outcome.Failure<?> f && !t.isCancelled()) {
      errors.add(f.error());
      abort();
    }
  }

  private void abort() {
    if (!aborting) {
      aborting = true;
      for (TaskImpl<?> t : tasks) {
        t.cancel();
      }
      if (bodyRunning) {
        // asyncio.TaskGroup cancels the parent too: the body stops at its current or next await
        owner.cancelUnlessPending(abortBody);
      }
    }
  }

  @SuppressWarnings("NullAway") // result is the body's R whenever it is returned
  <R extends @Nullable Object> R runBody(Function<TaskGroup, R> body) {
    @Nullable R result = null;
    CancellationException cancelled = null;
    bodyRunning = true;
    try {
      result = body.apply(this);
    } catch (CancellationException e) {
      bodyRunning = false;
      if (e != abortBody) {
        cancelled = e;
      }
      abort();
    } catch (RuntimeException | Error e) {
      bodyRunning = false;
      errors.add(0, e);
      abort();
    } finally {
      bodyRunning = false;
      // the body may have ended before it reached another await
      owner.withdrawCancel(abortBody);
    }
    for (int i = 0; i < tasks.size(); i++) {
      TaskImpl<?> t = tasks.get(i);
      while (!t.isDone()) {
        try {
          Waiter<Void> w = new Waiter<>(owner);
          owner.suspend(w, x -> t.whenDone(d -> x.wake(null)));
        } catch (CancellationException e) {
          if (cancelled == null && e != abortBody) {
            cancelled = e;
          }
          abort();
        }
      }
    }
    exited = true;
    if (!errors.isEmpty()) {
      throw new TaskGroupException(errors);
    }
    if (cancelled != null) {
      throw cancelled;
    }
    return result;
  }
}
