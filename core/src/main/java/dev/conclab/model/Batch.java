package dev.conclab.model;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** Runs one map's tasks on an executor and gathers their results in input order. Stateless. */
final class Batch {
  private Batch() {}

  /**
   * Stops {@code executor} now: interrupts the running tasks and cancels the queued ones, so a
   * map waiting for them sees them cancelled instead of waiting forever. Does not wait.
   */
  static void terminate(ExecutorService executor) {
    for (Runnable dropped : executor.shutdownNow()) {
      if (dropped instanceof Future<?> f) {
        f.cancel(false);
      }
    }
  }

  static TaskFailedException failed(Work<?, ?> work, int index, Throwable cause) {
    return new TaskFailedException(
        "task " + index + " of work '" + work.name() + "' failed: " + cause, cause);
  }

  /**
   * Submits one task per item, then waits for all of them in input order. On interrupt, cancels
   * (interrupting) every unfinished task and rethrows.
   *
   * @param task what each task runs; usually {@code work.blocking()}, possibly wrapped
   */
  static <T, R> List<R> run(
      ExecutorService executor, String modelName, Work<T, R> work, Function<T, R> task, List<? extends T> items)
      throws InterruptedException {
    List<Future<R>> futures = new ArrayList<>(items.size());
    try {
      for (T item : items) {
        futures.add(executor.submit(() -> task.apply(item)));
      }
    } catch (RejectedExecutionException e) {
      futures.forEach(f -> f.cancel(true));
      if (executor.isShutdown()) {
        throw new IllegalStateException("model '" + modelName + "' is closed", e);
      }
      throw e;
    }
    List<R> results = new ArrayList<>(items.size());
    @Nullable TaskFailedException failure = null;
    try {
      for (int i = 0; i < futures.size(); i++) {
        try {
          results.add(futures.get(i).get());
        } catch (ExecutionException e) {
          if (failure == null) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            failure = failed(work, i, cause);
          }
          results.add(null);
        } catch (CancellationException e) {
          if (failure == null) {
            failure = failed(work, i, e);
          }
          results.add(null);
        }
      }
    } catch (InterruptedException e) {
      futures.forEach(f -> f.cancel(true));
      throw e;
    }
    if (failure != null) {
      throw failure;
    }
    return results;
  }
}
