package dev.conclab.pool;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A pool of workers outside the caller's thread that runs serializable functions — Python's
 * {@code multiprocessing.Pool}: {@link ProcessPool} (worker JVMs on this machine) and {@code
 * ClusterPool} (module {@code cluster}: Hazelcast members). Both fail the same way, following
 * {@link java.util.concurrent.ExecutorService}:
 *
 * <ul>
 *   <li>a task that did not produce a result fails with a {@link TaskException} (the task threw,
 *       its worker died, it ran out of time, or no worker was left); a batch throws the first
 *       failure in input order after its other tasks have ended;
 *   <li>an interrupt of a blocked caller throws {@link InterruptedException} (the interrupt flag
 *       is cleared, as {@code Future.get} does); an iterator's {@code hasNext()} or {@code next()},
 *       which cannot throw it, throws {@link java.util.concurrent.CancellationException} and sets
 *       the flag again;
 *   <li>tasks cut short by {@link #terminate()} fail with {@link
 *       java.util.concurrent.CancellationException};
 *   <li>a submission to a pool that is shut down throws {@link IllegalStateException}.
 * </ul>
 *
 * <p>Implementations are thread-safe. Memory consistency effects: actions in a thread before it
 * submits a task happen-before the task's function is serialized for the worker, and the result
 * is published to the thread that receives it through a happens-before edge.
 */
public interface Pool extends AutoCloseable {

  /** How many tasks the pool runs at once. */
  int workers();

  /**
   * Applies {@code fn} to every item and returns the results in input order, with the pool's
   * default chunk size ({@code ceil(n / (4 * workers))}, as CPython). Blocks until every task has
   * ended.
   *
   * @throws TaskException for the first failed task in input order, after the others have ended
   * @throws InterruptedException if the calling thread was interrupted while waiting
   * @throws IllegalArgumentException if fn or an item cannot be serialized (nothing was run)
   * @throws IllegalStateException if the pool is shut down
   * @throws java.util.concurrent.CancellationException if the pool was terminated meanwhile
   */
  default <T, R> List<R> map(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items)
      throws InterruptedException {
    return map(fn, items, 0);
  }

  /**
   * As {@link #map(SerializableFunction, Iterable)}, with {@code chunksize} items sent to a worker
   * at a time ({@code 0} for the default).
   *
   * @throws IllegalArgumentException if {@code chunksize < 0}
   */
  <T, R> List<R> map(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items, int chunksize)
      throws InterruptedException;

  /** As {@link #imap(SerializableFunction, Iterable, int)} with chunk size 1 (Python's default). */
  default <T, R> Iterator<R> imap(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items) {
    return imap(fn, items, 1);
  }

  /**
   * A {@code map} that returns at once, with an iterator over the results in input order.
   * {@code hasNext()} and {@code next()} block until that result is there; {@code next()} throws
   * the item's {@link TaskException} and the iteration may go on past it. The iterator is not
   * thread-safe; the pool must stay open while it is used.
   *
   * @throws IllegalArgumentException if {@code chunksize < 1} or fn cannot be serialized
   * @throws IllegalStateException if the pool is shut down
   */
  <T, R> Iterator<R> imap(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items, int chunksize);

  /**
   * Runs one task on a worker and returns its result. Blocks until it has ended.
   *
   * @throws TaskException if the task failed
   * @throws InterruptedException if the calling thread was interrupted while waiting
   * @throws IllegalArgumentException if the task cannot be serialized
   * @throws IllegalStateException if the pool is shut down
   */
  <R> R apply(SerializableCallable<? extends R> task) throws InterruptedException;

  /**
   * Submits one task and returns at once. The future completes with the result, or
   * exceptionally with the {@link TaskException} {@link #apply} would throw. Cancelling the
   * future does not stop the task.
   *
   * @throws IllegalArgumentException if the task cannot be serialized
   * @throws IllegalStateException if the pool is shut down
   */
  <R> CompletableFuture<R> applyAsync(SerializableCallable<? extends R> task);

  /** True once {@link #close()} or {@link #terminate()} has been called. */
  boolean isShutdown();

  /** True once the pool has stopped after a close or terminate. */
  boolean isTerminated();

  /**
   * Orderly shutdown: accepts no new work, finishes the tasks already submitted, then stops the
   * workers. Blocks until they have stopped. Idempotent.
   */
  @Override
  void close();

  /**
   * Stops now: tasks not yet finished fail with {@link java.util.concurrent.CancellationException}
   * and the workers are stopped without waiting for them. Blocks until they have stopped.
   * Idempotent.
   */
  void terminate();

  /**
   * Blocks until the pool has stopped after a close or terminate, or the timeout passes.
   *
   * @return true if stopped, false on timeout
   * @throws InterruptedException if interrupted while waiting
   */
  boolean awaitTermination(Duration timeout) throws InterruptedException;
}
