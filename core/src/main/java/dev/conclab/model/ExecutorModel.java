package dev.conclab.model;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A model that runs each task on an {@link ExecutorService} it owns: {@code threads} (a fixed
 * pool of platform threads), {@code virtual} (a virtual thread per task) and {@code gil} (see
 * {@link GilModel}). Thread-safe; {@link #close()} is the executor's orderly close.
 */
final class ExecutorModel extends SpecModel {
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final ExecutorService executor;
  private final @Nullable Semaphore permits;
  private final Supplier<Map<String, Number>> statistics;

  ExecutorModel(ModelSpec spec, ExecutorService executor, @Nullable Semaphore permits,
      Supplier<Map<String, Number>> statistics) {
    super(spec);
    this.executor = executor;
    this.permits = permits;
    this.statistics = statistics;
  }

  static int cores() {
    return Runtime.getRuntime().availableProcessors();
  }

  static ExecutionModel threads(ModelSpec spec) {
    SpecOptions.allowOnly(spec);
    int workers = spec.workersOr(cores());
    String prefix = "conclab-threads-" + POOLS.incrementAndGet() + "-";
    ThreadFactory factory = Thread.ofPlatform().name(prefix, 1).daemon(true).factory();
    return new ExecutorModel(spec, Executors.newFixedThreadPool(workers, factory), null, Map::of);
  }

  static ExecutionModel virtual(ModelSpec spec) {
    SpecOptions.allowOnly(spec);
    String prefix = "conclab-virtual-" + POOLS.incrementAndGet() + "-";
    ThreadFactory factory = Thread.ofVirtual().name(prefix, 1).factory();
    Semaphore permits = spec.workers() > 0 ? new Semaphore(spec.workers()) : null;
    return new ExecutorModel(spec, Executors.newThreadPerTaskExecutor(factory), permits, Map::of);
  }

  /**
   * Submits one task per item and blocks until all have finished. On interrupt, interrupts the
   * unfinished tasks and throws {@link InterruptedException} without waiting for them.
   */
  @Override
  public <T, R> List<R> map(Work<T, R> work, List<? extends T> items) throws InterruptedException {
    checkMap(work, items, executor.isShutdown());
    Function<T, R> body = work.blocking();
    Semaphore p = permits;
    Function<T, R> task = p == null ? body : item -> limited(p, body, item);
    return Batch.run(executor, spec().toString(), work, task, items);
  }

  private static <T, R> R limited(Semaphore permits, Function<T, R> body, T item) {
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a free worker", e);
    }
    try {
      return body.apply(item);
    } finally {
      permits.release();
    }
  }

  @Override
  public Map<String, Number> statistics() {
    return statistics.get();
  }

  /** Finishes the submitted tasks, then stops the threads; blocks until they have ended. */
  @Override
  public void close() {
    executor.close();
  }

  /**
   * Cancels queued tasks (a map waiting for them sees them cancelled) and interrupts running
   * ones; does not wait for them.
   */
  @Override
  public void terminate() {
    Batch.terminate(executor);
  }
}
