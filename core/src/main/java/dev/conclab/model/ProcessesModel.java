package dev.conclab.model;

import static java.util.Objects.requireNonNull;

import dev.conclab.pool.ProcessPool;
import dev.conclab.pool.RemoteTaskException;
import dev.conclab.pool.TaskTimeoutException;
import dev.conclab.pool.WorkerCrashedException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * The {@code processes} model: a {@link ProcessPool} of worker JVMs, Python's {@code
 * multiprocessing.Pool}. Options: {@code workers} (default: cores), {@code chunksize} (default:
 * CPython's {@code ceil(n / (4 × workers))}), {@code maxTasksPerChild} (default: no limit),
 * {@code taskTimeout} (default: none). The work's blocking function and the items are serialized
 * to the workers. Thread-safe.
 */
final class ProcessesModel implements ExecutionModel {
  private final ModelSpec spec;
  private final ProcessPool pool;
  private final int chunksize;

  private ProcessesModel(ModelSpec spec, ProcessPool pool, int chunksize) {
    this.spec = spec;
    this.pool = pool;
    this.chunksize = chunksize;
  }

  static ExecutionModel create(ModelSpec spec) {
    ProcessPool.Builder builder = configure(spec);
    return new ProcessesModel(spec, builder.build(), SpecOptions.positiveInt(spec, "chunksize", 0));
  }

  /** Checks the spec as {@link #create} does, without starting worker JVMs. */
  static void check(ModelSpec spec) {
    configure(spec);
  }

  private static ProcessPool.Builder configure(ModelSpec spec) {
    SpecOptions.allowOnly(spec, "chunksize", "maxTasksPerChild", "taskTimeout");
    SpecOptions.positiveInt(spec, "chunksize", 0);
    ProcessPool.Builder builder = ProcessPool.builder().workers(spec.workersOr(ExecutorModel.cores()));
    if (spec.option("maxTasksPerChild") != null) {
      builder.maxTasksPerChild(SpecOptions.positiveInt(spec, "maxTasksPerChild", 0));
    }
    if (spec.option("taskTimeout") != null) {
      builder.taskTimeout(SpecOptions.duration(spec, "taskTimeout", Duration.ZERO));
    }
    return builder;
  }

  @Override
  public ModelSpec spec() {
    return spec;
  }

  /**
   * Runs the work's blocking function on the worker JVMs, {@code chunksize} items at a time, and
   * blocks until every task has ended. On interrupt, throws without waiting; tasks already sent
   * to a worker still run to their end there.
   *
   * @throws IllegalArgumentException if the function or an item cannot be serialized
   */
  @Override
  public <T, R> List<R> map(Work<T, R> work, List<? extends T> items) throws InterruptedException {
    requireNonNull(work, "work");
    requireNonNull(items, "items");
    if (pool.isShutdown()) {
      throw new IllegalStateException("model '" + spec + "' is closed");
    }
    try {
      return pool.map(work.blocking(), items, chunksize);
    } catch (RemoteTaskException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new TaskFailedException("a task of work '" + work.name() + "' failed: " + e.getMessage(), cause);
    } catch (WorkerCrashedException | TaskTimeoutException e) {
      throw new TaskFailedException("a task of work '" + work.name() + "' failed: " + e.getMessage(), e);
    } catch (CancellationException e) {
      if (Thread.interrupted()) {
        InterruptedException ie = new InterruptedException("interrupted while waiting for work '" + work.name() + "'");
        ie.initCause(e);
        throw ie;
      }
      if (pool.isShutdown()) {
        throw new IllegalStateException("model '" + spec + "' was closed while mapping", e);
      }
      throw e;
    }
  }

  @Override
  public void close() {
    pool.close();
  }

  /** Kills the worker JVMs; unfinished tasks fail. Blocks until the workers have exited. */
  @Override
  public void terminate() {
    pool.terminate();
  }

  @Override
  public String toString() {
    return "ExecutionModel[" + spec + "]";
  }
}
