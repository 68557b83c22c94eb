package dev.conclab.model;

import java.util.List;
import java.util.Map;

/**
 * One of the note's concurrency models — sequential, threads, virtual threads, an event loop,
 * worker processes, threads under an emulated GIL, or a cluster — as something that runs a
 * batch of tasks and returns their results.
 *
 * <p>Implementations are thread-safe: {@link #map} may be called from several threads at once.
 * An {@code ExecutionModel} owns threads (and possibly processes, an event loop or cluster
 * members); {@link #close()} releases all of them and waits for them to end.
 *
 * <p>Memory consistency effects: actions in a thread before it calls {@link #map} happen-before
 * the tasks run, and the tasks' actions happen-before {@code map} returns.
 */
public interface ExecutionModel extends AutoCloseable {

  /** The spec this model was built from. */
  ModelSpec spec();

  /** What this model is: where its tasks run and what its worker count means. */
  default ModelTraits traits() {
    return ExecutionModels.traits(spec());
  }

  /**
   * Applies the work to every item and returns the results in input order. Blocks until every
   * task has finished. A model that can run the work's {@linkplain Work#nonBlocking() non-blocking
   * form} (the {@code async} model) uses it; every other model runs the blocking form.
   *
   * <p>When a task fails, the remaining tasks still run to completion (or are cancelled where the
   * model can cancel them) and the first failure in input order is thrown.
   *
   * @throws TaskFailedException if a task threw; its cause is the task's exception
   * @throws InterruptedException if the calling thread is interrupted while waiting; the tasks
   *     not yet finished are cancelled where the model can cancel them
   * @throws IllegalStateException if the model is closed
   */
  <T, R> List<R> map(Work<T, R> work, List<? extends T> items) throws InterruptedException;

  /**
   * Model-specific counters since the model was built, for reports: e.g. the {@code gil} model's
   * {@code gil.switches} and {@code gil.waitNanos}. Names are dotted and stable. The default has
   * none. Thread-safe; returns a snapshot.
   */
  default Map<String, Number> statistics() {
    return Map.of();
  }

  /**
   * Orderly shutdown: finishes tasks already submitted, then stops every thread, process or
   * loop the model owns. Blocks until they have stopped (bounded by the model's own timeouts).
   * Idempotent.
   */
  @Override
  void close();

  /**
   * Stops now, for a run that has overstayed its time: tasks not yet started are dropped, running
   * ones are interrupted (thread models) or their worker processes killed ({@code processes}),
   * and the model is closed. Does not wait for a task that ignores interruption; blocks at most
   * while killed processes exit. Idempotent; after it, {@link #close()} waits only for tasks that ignore interruption.
   * The default is the orderly {@link #close()}, for models that cannot stop sooner.
   */
  default void terminate() {
    close();
  }
}
