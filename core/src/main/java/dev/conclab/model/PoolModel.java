package dev.conclab.model;

import static java.util.Objects.requireNonNull;

import dev.conclab.pool.Pool;
import dev.conclab.pool.TaskException;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * A model that runs each map on a {@link Pool} it owns, {@code chunksize} items to a worker at a
 * time: the {@code processes} model, and a base for providers whose model is a pool (the {@code
 * cluster} model). The work's blocking function and the items are serialized to the workers.
 * Thread-safe, as the pool is; {@link #close()} and {@link #terminate()} are the pool's.
 */
public class PoolModel extends SpecModel {
  private final Pool pool;
  private final int chunksize;

  /**
   * A model over {@code pool}, which it owns from now on.
   *
   * @param chunksize items sent to a worker at a time, or 0 for the pool's default
   */
  public PoolModel(ModelSpec spec, Pool pool, int chunksize) {
    super(spec);
    this.pool = requireNonNull(pool, "pool");
    if (chunksize < 0) {
      throw new IllegalArgumentException("chunksize must be >= 0 (0 = default), got " + chunksize);
    }
    this.chunksize = chunksize;
  }

  /**
   * Runs the work's blocking function on the pool's workers and blocks until every task has
   * ended. On interrupt, throws without waiting; tasks already sent to a worker may still run
   * there to their end. A task's {@link TaskException} becomes the {@link TaskFailedException}
   * of the model contract, with the task's own exception as its cause where it threw one.
   *
   * @throws IllegalArgumentException if the function or an item cannot be serialized
   */
  @Override
  public final <T, R> List<R> map(Work<T, R> work, List<? extends T> items) throws InterruptedException {
    checkMap(work, items, pool.isShutdown());
    try {
      return pool.map(work.blocking(), items, chunksize);
    } catch (TaskException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new TaskFailedException("a task of work '" + work.name() + "' failed: " + e.getMessage(), cause);
    } catch (CancellationException e) {
      if (pool.isShutdown()) {
        throw new IllegalStateException("model '" + spec() + "' was closed while mapping", e);
      }
      throw e;
    }
  }

  @Override
  public final void close() {
    pool.close();
  }

  /** Stops the pool now; unfinished tasks fail. Blocks until its workers have stopped. */
  @Override
  public final void terminate() {
    pool.terminate();
  }
}
