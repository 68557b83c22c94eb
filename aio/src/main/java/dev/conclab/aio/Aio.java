package dev.conclab.aio;

import static java.util.Objects.requireNonNull;

import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * asyncio, the Java way: one event loop on Vert.x running cooperative tasks, written in direct
 * style. The note's example reads the same:
 *
 * <pre>{@code
 * Aio.run(() -> {
 *   System.out.println("Hello");
 *   Aio.sleep(Duration.ofSeconds(1));
 *   System.out.println("World");
 * });
 * }</pre>
 *
 * <p>Each task is a virtual thread, but only the task that holds the loop's turn runs; it gives
 * the turn to the next ready task only at an await ({@link #sleep}, {@link Task#await},
 * {@link #gather}, {@link #await(Future)}, a {@link Semaphore} or {@link Queue} that must wait,
 * ...). So tasks never run in parallel and switch only at awaits, exactly like coroutines: state
 * shared by the tasks of one loop needs no locks, and CPU code, {@code Thread.sleep} or blocking
 * I/O in a task stops the whole loop (use {@link #toThread} for those). A task that holds the loop
 * longer than 100 ms is reported with its stack, like asyncio's debug mode ({@link AioOptions}).
 *
 * <p>Every method except {@code run} and {@code runner} must be called from a task of a running
 * loop and throws {@link IllegalStateException} otherwise. Methods that "suspend" give the turn
 * away and block only the calling task, never the loop. A cancelled task gets
 * {@link CancellationException} from the await it is suspended in (or its next one).
 */
public final class Aio {
  private Aio() {}

  /**
   * Runs {@code main} on a new event loop and blocks until it ends ({@code asyncio.run}). Creates
   * its own Vert.x instance and closes it before returning, leaving no threads behind; tasks
   * that {@code main} left running are cancelled and awaited first.
   *
   * @throws RuntimeException whatever {@code main} threw (checked exceptions wrapped in
   *     {@link java.util.concurrent.CompletionException})
   * @throws IllegalStateException if called from a task of a running loop
   */
  public static <T extends @Nullable Object> T run(Callable<T> main) {
    return run(AioOptions.DEFAULT, main);
  }

  /** {@link #run(Callable)} for a body without a result. */
  public static void run(CheckedRunnable main) {
    run(AioOptions.DEFAULT, main);
  }

  /** {@link #run(Callable)} with options (slow-callback detector, worker pool). */
  public static <T extends @Nullable Object> T run(AioOptions options, Callable<T> main) {
    if (Loop.currentTaskOrNull() != null) {
      throw new IllegalStateException("Aio.run cannot be called from a running event loop");
    }
    try (Runner runner = new Runner(options)) {
      return runner.run(main);
    }
  }

  /** {@link #run(CheckedRunnable)} with options. */
  public static void run(AioOptions options, CheckedRunnable main) {
    run(options, () -> {
      main.run();
      return null;
    });
  }

  /** A loop that runs several coroutines in turn ({@code asyncio.Runner}); close it when done. */
  public static Runner runner() {
    return new Runner(AioOptions.DEFAULT);
  }

  /** {@link #runner()} with options. */
  public static Runner runner(AioOptions options) {
    return new Runner(options);
  }

  /**
   * Suspends the calling task for {@code delay} ({@code await asyncio.sleep(delay)}); other tasks
   * run meanwhile. A zero or negative delay just yields: the task goes to the back of the ready
   * queue ({@code asyncio.sleep(0)}).
   *
   * @throws CancellationException if the task is cancelled while sleeping
   */
  public static void sleep(Duration delay) {
    TaskImpl<?> me = Loop.currentTask("Aio.sleep");
    long nanos = delay.toNanos();
    Waiter<Void> w = new Waiter<>(me);
    if (nanos <= 0) {
      me.suspend(w, Waiter::run);
    } else {
      me.suspend(w, x -> x.cancelOnDone(me.loop.schedule(x, nanos)));
    }
  }

  /** Yields to the other ready tasks ({@code await asyncio.sleep(0)}). */
  public static void yieldNow() {
    sleep(Duration.ZERO);
  }

  /**
   * Schedules {@code body} as a new task of the current loop ({@code asyncio.create_task}). It
   * starts at the caller's next await; does not suspend the caller.
   */
  public static <T extends @Nullable Object> Task<T> createTask(Callable<T> body) {
    return createTask(null, body);
  }

  /** {@link #createTask(Callable)} with a name, shown in slow-callback reports. */
  public static <T extends @Nullable Object> Task<T> createTask(@Nullable String name, Callable<T> body) {
    requireNonNull(body, "body");
    return Loop.currentTask("Aio.createTask").loop.createTask(name, body);
  }

  /** {@link #createTask(Callable)} for a body without a result. */
  public static Task<Void> createTask(CheckedRunnable body) {
    requireNonNull(body, "body");
    return createTask(null, () -> {
      body.run();
      return null;
    });
  }

  /**
   * Runs the bodies as tasks and suspends until all end; returns their results in argument
   * order ({@code asyncio.gather}). See {@link #gather(List)}.
   */
  @SafeVarargs
  public static <T extends @Nullable Object> List<T> gather(Callable<? extends T>... bodies) {
    Loop loop = Loop.currentTask("Aio.gather").loop;
    List<Task<? extends T>> tasks = new ArrayList<>(bodies.length);
    for (Callable<? extends T> b : bodies) {
      tasks.add(loop.createTask(null, b));
    }
    return gather(tasks);
  }

  /** {@link #gather(List)} for tasks given as arguments. */
  @SafeVarargs
  public static <T extends @Nullable Object> List<T> gather(Task<? extends T>... tasks) {
    return gather(Arrays.asList(tasks));
  }

  /**
   * Suspends until every task has ended and returns their results in input order. On the first
   * failure (in time, not in input order) throws it at once; the other tasks keep running, as
   * with {@code asyncio.gather} (use {@link #taskGroup} to cancel them). If the caller is
   * cancelled, every task is cancelled too.
   *
   * @throws RuntimeException the first task failure (a {@link CancellationException} if a task was cancelled)
   */
  public static <T extends @Nullable Object> List<T> gather(List<? extends Task<? extends T>> tasks) {
    List<Outcome<T>> outcomes = gatherInternal(tasks, false);
    List<T> results = new ArrayList<>(outcomes.size());
    for (Outcome<T> o : outcomes) {
      results.add(((Outcome.Success<T>) o).value());
    }
    List<T> r = Collections.unmodifiableList(results);
    return r;
  }

  /**
   * Like {@link #gather(List)}, but a failure does not end the wait: every task's outcome is
   * returned in input order ({@code asyncio.gather(..., return_exceptions=True)}).
   */
  public static <T extends @Nullable Object> List<Outcome<T>> gatherOutcomes(List<? extends Task<? extends T>> tasks) {
    return gatherInternal(tasks, true);
  }

  @SuppressWarnings("unchecked")
  private static <T extends @Nullable Object> List<Outcome<T>> gatherInternal(List<? extends Task<? extends T>> tasks, boolean collect) {
    TaskImpl<?> me = Loop.currentTask("Aio.gather");
    List<TaskImpl<? extends T>> impls = new ArrayList<>(tasks.size());
    for (Task<? extends T> t : tasks) {
      TaskImpl<? extends T> impl = (TaskImpl<? extends T>) t;
      if (impl.loop != me.loop) {
        throw new IllegalArgumentException("task " + t.name() + " belongs to another event loop");
      }
      impls.add(impl);
    }
    if (!impls.isEmpty()) {
      AtomicInteger remaining = new AtomicInteger(impls.size());
      AtomicBoolean failedByTask = new AtomicBoolean();
      Waiter<Void> w = new Waiter<>(me);
      try {
        me.suspend(w, x -> {
          for (TaskImpl<? extends T> t : impls) {
            t.whenDone(d -> {
              if (!collect && d.outcome() instanceof Outcome.Failure<?> f) {
                if (x.fail(f.error())) {
                  failedByTask.set(true);
                }
              } else if (remaining.decrementAndGet() == 0) {
                x.wake(null);
              }
            });
          }
        });
      } catch (CancellationException e) {
        if (!failedByTask.get()) {
          impls.forEach(TaskImpl::cancel);
        }
        throw e;
      }
    }
    List<Outcome<T>> out = new ArrayList<>(impls.size());
    for (TaskImpl<? extends T> t : impls) {
      out.add((Outcome<T>) t.outcome());
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * Runs {@code body} in the calling task with a deadline ({@code async with asyncio.timeout(d)}):
   * if it has not returned after {@code delay}, it is cancelled at its current or next await and
   * this throws {@link AioTimeoutException}. CPU code that never awaits cannot be timed out.
   *
   * @throws AioTimeoutException if the deadline passed
   * @throws CancellationException if the task was cancelled for another reason
   */
  public static <T extends @Nullable Object> T timeout(Duration delay, Callable<T> body) {
    TaskImpl<?> me = Loop.currentTask("Aio.timeout");
    requireNonNull(body, "body");
    CancellationException token = new CancellationException("timeout after " + delay);
    boolean[] scopeEnded = new boolean[1];
    ScheduledFuture<?> timer = me.loop.schedule(() -> {
      synchronized (me) { // the task's lock orders this against the end of the scope below
        if (!scopeEnded[0]) {
          me.cancel(token);
        }
      }
    }, Math.max(0, delay.toNanos()));
    try {
      return body.call();
    } catch (CancellationException e) {
      if (e == token) {
        throw new AioTimeoutException("timed out after " + delay.toMillis() + " ms");
      }
      throw e;
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw Loop.rethrowable(e);
    } finally {
      timer.cancel(false);
      synchronized (me) {
        scopeEnded[0] = true;
        me.withdrawCancel(token);
      }
    }
  }

  /**
   * Awaits a task for at most {@code delay} ({@code asyncio.wait_for}); on timeout cancels it,
   * waits for it to end, and throws {@link AioTimeoutException}.
   */
  public static <T extends @Nullable Object> T waitFor(Task<T> task, Duration delay) {
    try {
      return timeout(delay, task::await);
    } catch (AioTimeoutException e) {
      task.cancel();
      awaitEnd(task);
      throw e;
    }
  }

  /** Runs {@code body} in the calling task for at most {@code delay}; see {@link #timeout}. */
  public static <T extends @Nullable Object> T waitFor(Callable<T> body, Duration delay) {
    return timeout(delay, body);
  }

  private static void awaitEnd(Task<?> task) {
    while (!task.isDone()) {
      try {
        task.await();
      } catch (RuntimeException ignored) {
        // only waiting for the end
      }
    }
  }

  /**
   * Runs {@code body} with a new task group ({@code async with asyncio.TaskGroup() as tg}) and
   * suspends until every task created in the group has ended. When a task of the group (or the
   * body) fails, every other task of the group is cancelled, and so is the body if it is still
   * running (it gets a {@link CancellationException} at its current or next await, which the group
   * absorbs); after all have ended this throws a {@link TaskGroupException} carrying every failure. If the calling task is cancelled while
   * waiting, the group's tasks are cancelled and awaited before the cancellation propagates.
   *
   * @return the body's result
   * @throws TaskGroupException if the body or a task failed
   */
  public static <R extends @Nullable Object> R taskGroup(Function<TaskGroup, R> body) {
    TaskImpl<?> me = Loop.currentTask("Aio.taskGroup");
    TaskGroup group = new TaskGroup(me);
    return group.runBody(body);
  }

  /**
   * Runs blocking {@code work} on the loop's worker pool and suspends until it returns
   * ({@code asyncio.to_thread}); the loop keeps serving other tasks meanwhile. Cancelling the
   * caller stops the wait, not the work.
   */
  @SuppressWarnings("NullAway") // Vert.x is not null-marked: its future holds the work's T
  public static <T extends @Nullable Object> T toThread(Callable<T> work) {
    TaskImpl<?> me = Loop.currentTask("Aio.toThread");
    requireNonNull(work, "work");
    io.vertx.core.Future<T> f = me.loop.context.executeBlocking(work, false);
    return await(f);
  }

  /** Suspends until a Vert.x future completes and returns its value, or throws its failure. */
  public static <T extends @Nullable Object> T await(Future<T> future) {
    TaskImpl<?> me = Loop.currentTask("Aio.await");
    if (future.isComplete()) {
      if (future.failed()) {
        throw Loop.rethrowable(future.cause());
      }
      return future.result();
    }
    Waiter<T> w = new Waiter<>(me);
    return me.suspend(w, x -> future.onComplete(x::wake, x::fail));
  }

  /** Suspends until a stage completes and returns its value, or throws its failure. */
  public static <T extends @Nullable Object> T await(CompletionStage<T> stage) {
    TaskImpl<?> me = Loop.currentTask("Aio.await");
    Waiter<T> w = new Waiter<>(me);
    return me.suspend(w, x -> stage.whenComplete((v, e) -> {
      if (e != null) {
        x.fail(e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e);
      } else {
        x.wake(v);
      }
    }));
  }

  /** The Vert.x instance of the current loop, for its non-blocking clients (HTTP, timers, ...). */
  public static Vertx vertx() {
    return Loop.currentTask("Aio.vertx").loop.vertx;
  }

  /** The current task ({@code asyncio.current_task()}). */
  public static Task<?> currentTask() {
    return Loop.currentTask("Aio.currentTask");
  }

  /** Whether the calling thread runs a task of an event loop. */
  public static boolean inEventLoop() {
    return Loop.currentTaskOrNull() != null;
  }
}
