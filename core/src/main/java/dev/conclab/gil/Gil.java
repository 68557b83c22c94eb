package dev.conclab.gil;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * An emulated global interpreter lock that behaves like CPython's "new GIL" (3.2 and later): a
 * thread runs "interpreted" code only while it holds the lock, so threads sharing one {@code Gil}
 * never run that code in parallel.
 *
 * <p>How the lock changes hands, as in CPython's {@code ceval_gil.c}:
 *
 * <ul>
 *   <li>A thread that wants the lock waits up to the {@linkplain #switchInterval() switch
 *       interval} (default 5 ms, like {@code sys.getswitchinterval()}). If the lock has not
 *       changed hands by then, it sets a <em>drop request</em> and keeps waiting.
 *   <li>The holder notices the request at its next {@link #check()} — the emulation of the eval
 *       loop's periodic check — and drops the lock. Like CPython's {@code FORCE_SWITCHING}, the
 *       dropping thread then waits until another thread has actually taken it, so it cannot
 *       re-grab the lock at once and no waiting thread starves.
 *   <li>Blocking I/O runs with the lock released: {@link #released(Blocking)}.
 * </ul>
 *
 * <p>A {@linkplain Builder#freeThreaded(boolean) free-threaded} {@code Gil} (PEP 703) never
 * blocks: every method returns at once and threads run in parallel.
 *
 * <p>CPU code calls the static {@link #check()} in its inner loops unconditionally: it costs one
 * volatile read while no drop request is pending anywhere in the JVM, and does nothing on a
 * thread that holds no {@code Gil}.
 *
 * <p>Instances are thread-safe. The lock is not reentrant: a thread that holds it must not
 * acquire it again. Memory consistency effects: actions of a thread before it releases the lock
 * happen-before actions of the next thread after it acquires it.
 *
 * <p>Why one class of this size: the acquire, release, drop-request and switch-interval logic
 * share one lock and one set of fields whose invariants are stated above; split, those invariants
 * would span classes.
 */
public final class Gil {

  /** The switch interval CPython uses by default. */
  public static final Duration DEFAULT_SWITCH_INTERVAL = Duration.ofMillis(5);

  /** Drop requests pending in all {@code Gil}s; {@link #check()} reads only this when it is 0. */
  private static final AtomicInteger PENDING_DROP_REQUESTS = new AtomicInteger();

  /** The {@code Gil} the current thread holds, if any. */
  private static final ThreadLocal<@Nullable Gil> HELD = new ThreadLocal<>();

  private final boolean freeThreaded;
  private volatile long switchIntervalNanos;

  // Implementation notes: one mutex guards the state below. `released` is CPython's gil->cond
  // (signalled when the lock is dropped); `switched` is gil->switch_cond (signalled when a thread
  // takes the lock, so a thread that was forced to drop it can stop waiting). `switchNumber`
  // counts takes; a waiter sets a drop request only if no take happened during its interval.
  private final ReentrantLock mutex = new ReentrantLock();
  private final Condition released = mutex.newCondition();
  private final Condition switched = mutex.newCondition();
  private @Nullable Thread holder;
  private @Nullable Thread lastHolder;
  private long switchNumber;
  private int waiters;
  private volatile boolean dropRequested;

  // Statistics, guarded by mutex.
  private long acquisitions;
  private long switches;
  private long dropRequests;
  private long forcedDrops;
  private long waitNanos;
  private long maxWaitNanos;
  private long handoffs;
  private long handoffNanos;
  private long droppedAt;

  private Gil(boolean freeThreaded, Duration switchInterval) {
    this.freeThreaded = freeThreaded;
    this.switchIntervalNanos = checkInterval(switchInterval);
  }

  /** A {@code Gil} with CPython's defaults: enabled, 5 ms switch interval. */
  public static Gil create() {
    return new Gil(false, DEFAULT_SWITCH_INTERVAL);
  }

  /** A builder for a {@code Gil} with a chosen switch interval or the free-threaded switch. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link Gil}. Not thread-safe. */
  public static final class Builder {
    private Duration switchInterval = DEFAULT_SWITCH_INTERVAL;
    private boolean freeThreaded;

    private Builder() {}

    /**
     * How long a waiting thread waits before it asks the holder to drop the lock.
     *
     * @throws IllegalArgumentException if the interval is not positive
     */
    public Builder switchInterval(Duration interval) {
      checkInterval(interval);
      this.switchInterval = interval;
      return this;
    }

    /** When {@code true}, the lock is disabled (PEP 703, "free-threaded" CPython). */
    public Builder freeThreaded(boolean value) {
      this.freeThreaded = value;
      return this;
    }

    public Gil build() {
      return new Gil(freeThreaded, switchInterval);
    }
  }

  private static long checkInterval(Duration interval) {
    requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("switch interval must be positive, got " + interval);
    }
    return interval.toNanos();
  }

  /** Whether this lock is disabled (PEP 703). */
  public boolean isFreeThreaded() {
    return freeThreaded;
  }

  /** The current switch interval, like {@code sys.getswitchinterval()}. */
  public Duration switchInterval() {
    return Duration.ofNanos(switchIntervalNanos);
  }

  /**
   * Changes the switch interval, like {@code sys.setswitchinterval()}; waits that already started
   * keep their old interval.
   *
   * @throws IllegalArgumentException if the interval is not positive
   */
  public void setSwitchInterval(Duration interval) {
    switchIntervalNanos = checkInterval(interval);
  }

  /** Whether the current thread holds this lock (always {@code false} when free-threaded). */
  public boolean isHeldByCurrentThread() {
    return !freeThreaded && holder == Thread.currentThread();
  }

  /**
   * Takes the lock, blocking while another thread holds it and asking that thread to drop it
   * after each switch interval without a hand-off.
   *
   * @throws InterruptedException if interrupted while waiting; the lock is then not held
   * @throws IllegalStateException if the current thread already holds a {@code Gil}
   */
  public void acquire() throws InterruptedException {
    take(true);
  }

  /** Like {@link #acquire()}, but keeps waiting when interrupted (the interrupt stays set). */
  public void acquireUninterruptibly() {
    try {
      take(false);
    } catch (InterruptedException e) {
      throw new AssertionError("uninterruptible take was interrupted", e);
    }
  }

  /**
   * Drops the lock. If a drop request is pending, waits (uninterruptibly) until a waiting thread
   * has taken it, as CPython does.
   *
   * @throws IllegalStateException if the current thread does not hold this lock
   */
  public void release() {
    drop(false);
  }

  /**
   * The eval loop's periodic check: if another thread asked for the GIL the current thread holds,
   * drops it, waits until that thread took it, and takes it back (blocking). Otherwise returns at
   * once. A no-op on threads that hold no {@code Gil}; cheap enough for inner loops.
   */
  public static void check() {
    if (PENDING_DROP_REQUESTS.get() != 0) {
      checkSlow();
    }
  }

  private static void checkSlow() {
    Gil gil = HELD.get();
    if (gil != null && gil.dropRequested) {
      gil.drop(true);
      gil.acquireUninterruptibly();
    }
  }

  /**
   * Runs blocking work (I/O, sleeping, native code) with the current thread's GIL released, then
   * takes the GIL back (blocking, uninterruptibly) before returning or throwing. On a thread
   * holding no {@code Gil} it just runs the work.
   */
  public static <T, X extends Exception> T released(Blocking<T, X> work) throws X {
    Gil gil = HELD.get();
    if (gil == null) {
      return work.call();
    }
    gil.release();
    try {
      return work.call();
    } finally {
      gil.acquireUninterruptibly();
    }
  }

  /** Like {@link #released(Blocking)}, for work without a result. */
  public static <X extends Exception> void released(BlockingRunnable<X> work) throws X {
    Gil gil = HELD.get();
    if (gil == null) {
      work.run();
      return;
    }
    gil.release();
    try {
      work.run();
    } finally {
      gil.acquireUninterruptibly();
    }
  }

  /**
   * Whether a waiting thread has asked the holder to drop the lock (CPython's {@code
   * gil_drop_request}); the holder drops it at its next {@link #check()}.
   */
  public boolean isDropRequested() {
    return dropRequested;
  }

  /** The {@code Gil} the current thread holds, or {@code null}. */
  public static @Nullable Gil current() {
    return HELD.get();
  }

  /** Blocking work with a result, run by {@link #released(Blocking)}. */
  @FunctionalInterface
  public interface Blocking<T, X extends Exception> {
    T call() throws X;
  }

  /** Blocking work without a result, run by {@link #released(BlockingRunnable)}. */
  @FunctionalInterface
  public interface BlockingRunnable<X extends Exception> {
    void run() throws X;
  }

  private void take(boolean interruptible) throws InterruptedException {
    if (HELD.get() != null) {
      throw new IllegalStateException("the current thread already holds a GIL");
    }
    Thread me = Thread.currentThread();
    if (freeThreaded) {
      HELD.set(this);
      return;
    }
    long start = System.nanoTime();
    if (interruptible) {
      mutex.lockInterruptibly();
    } else {
      mutex.lock();
    }
    try {
      boolean waited = holder != null;
      if (waited) {
        waiters++;
        try {
          waitForRelease(interruptible);
        } catch (InterruptedException e) {
          waiters--;
          if (waiters == 0) {
            clearDropRequest();
            switched.signalAll();
          }
          throw e;
        }
        waiters--;
      }
      holder = me;
      long now = System.nanoTime();
      acquisitions++;
      waitNanos += now - start;
      maxWaitNanos = Math.max(maxWaitNanos, now - start);
      if (waited) {
        handoffs++;
        handoffNanos += now - droppedAt;
      }
      if (lastHolder != null && lastHolder != me) {
        switches++;
      }
      lastHolder = me;
      switchNumber++;
      switched.signalAll();
      clearDropRequest();
    } finally {
      mutex.unlock();
    }
    HELD.set(this);
  }

  /** Waits, holding the mutex, until the lock is free; sets a drop request after each idle interval. */
  private void waitForRelease(boolean interruptible) throws InterruptedException {
    while (holder != null) {
      long saved = switchNumber;
      long remaining = switchIntervalNanos;
      while (holder != null && remaining > 0) {
        if (interruptible) {
          remaining = released.awaitNanos(remaining);
        } else {
          remaining = awaitNanosUninterruptibly(remaining);
        }
      }
      if (holder != null && switchNumber == saved && !dropRequested) {
        dropRequested = true;
        PENDING_DROP_REQUESTS.incrementAndGet();
        dropRequests++;
      }
    }
  }

  private long awaitNanosUninterruptibly(long nanos) {
    long deadline = System.nanoTime() + nanos;
    boolean interrupted = false;
    try {
      while (true) {
        try {
          released.awaitNanos(deadline - System.nanoTime());
          return deadline - System.nanoTime();
        } catch (InterruptedException e) {
          interrupted = true;
          if (holder == null || deadline - System.nanoTime() <= 0) {
            return deadline - System.nanoTime();
          }
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void clearDropRequest() {
    if (dropRequested) {
      dropRequested = false;
      PENDING_DROP_REQUESTS.decrementAndGet();
    }
  }

  private void drop(boolean forced) {
    if (HELD.get() != this) {
      throw new IllegalStateException("the current thread does not hold this GIL");
    }
    HELD.remove();
    if (freeThreaded) {
      return;
    }
    Thread me = Thread.currentThread();
    mutex.lock();
    try {
      holder = null;
      droppedAt = System.nanoTime();
      released.signal();
      if (forced) {
        forcedDrops++;
      }
      if (dropRequested) {
        boolean interrupted = false;
        while (lastHolder == me && waiters > 0) {
          try {
            switched.await(1, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    } finally {
      mutex.unlock();
    }
  }

  /** A snapshot of this lock's counters since it was built or last {@linkplain #resetStats() reset}. */
  public GilStats stats() {
    mutex.lock();
    try {
      return new GilStats(
          acquisitions, switches, dropRequests, forcedDrops, waitNanos, maxWaitNanos, handoffs, handoffNanos);
    } finally {
      mutex.unlock();
    }
  }

  /** Sets every counter of {@link #stats()} to zero. */
  public void resetStats() {
    mutex.lock();
    try {
      acquisitions = 0;
      switches = 0;
      dropRequests = 0;
      forcedDrops = 0;
      waitNanos = 0;
      maxWaitNanos = 0;
      handoffs = 0;
      handoffNanos = 0;
    } finally {
      mutex.unlock();
    }
  }

  @Override
  public String toString() {
    return freeThreaded ? "Gil[free-threaded]" : "Gil[switchInterval=" + switchInterval() + "]";
  }
}
