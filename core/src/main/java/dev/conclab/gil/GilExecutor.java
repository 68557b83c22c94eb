package dev.conclab.gil;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An {@link java.util.concurrent.ExecutorService} whose N platform threads run every task while
 * holding one {@link Gil}: like Python threads, they take turns on the lock, so CPU work does not
 * run in parallel unless it calls {@link Gil#released} (I/O) or the {@code Gil} is free-threaded.
 *
 * <p>Each task takes the GIL before it starts (blocking, uninterruptibly, as a thread entering
 * the interpreter does) and drops it when it ends; in between it should call {@link Gil#check()}
 * in its inner loops so that the lock can change hands every switch interval.
 *
 * <p>Thread-safe. Memory consistency effects as for {@link ThreadPoolExecutor}: actions before
 * submitting a task happen-before the task runs. The threads are daemon threads named
 * {@code conclab-gil-<pool>-<n>}; {@link #close()} (or {@link #shutdown()} and {@link
 * #awaitTermination}) stops them.
 */
public final class GilExecutor extends AbstractExecutorService {
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final Gil gil;
  private final ThreadPoolExecutor pool;

  private GilExecutor(int threads, Gil gil) {
    this.gil = gil;
    String prefix = "conclab-gil-" + POOLS.incrementAndGet() + "-";
    this.pool = new GilThreadPool(threads, gil, prefix);
  }

  /**
   * A pool of {@code threads} platform threads under {@code gil}; the threads start on demand.
   *
   * @throws IllegalArgumentException if {@code threads} is not positive
   */
  public static GilExecutor create(int threads, Gil gil) {
    requireNonNull(gil, "gil");
    if (threads <= 0) {
      throw new IllegalArgumentException("threads must be positive, got " + threads);
    }
    return new GilExecutor(threads, gil);
  }

  /** The lock every thread of this pool runs under. */
  public Gil gil() {
    return gil;
  }

  @Override
  public void execute(Runnable command) {
    pool.execute(command);
  }

  @Override
  public void shutdown() {
    pool.shutdown();
  }

  @Override
  public List<Runnable> shutdownNow() {
    return pool.shutdownNow();
  }

  @Override
  public boolean isShutdown() {
    return pool.isShutdown();
  }

  @Override
  public boolean isTerminated() {
    return pool.isTerminated();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return pool.awaitTermination(timeout, unit);
  }

  @Override
  public String toString() {
    return "GilExecutor[threads=" + pool.getMaximumPoolSize() + ", " + gil + "]";
  }

  /** The pool's engine: takes the GIL before each task and drops it after. */
  private static final class GilThreadPool extends ThreadPoolExecutor {
    private final Gil gil;

    GilThreadPool(int threads, Gil gil, String prefix) {
      super(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
          Thread.ofPlatform().name(prefix, 1).daemon(true).factory());
      this.gil = gil;
    }

    @Override
    protected void beforeExecute(Thread t, Runnable r) {
      gil.acquireUninterruptibly();
    }

    @Override
    protected void afterExecute(Runnable r, Throwable t) {
      if (Gil.current() == gil) {
        gil.release();
      }
    }
  }
}
