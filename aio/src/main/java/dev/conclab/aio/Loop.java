package dev.conclab.aio;

import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * One asyncio-style event loop: its own Vert.x instance with one event-loop thread, and the
 * "turn" that lets exactly one task run at a time.
 *
 * <p>Implementation notes: tasks are virtual threads. A task runs only while it holds the turn;
 * it gives the turn up only when it suspends (an await) or ends, handing it to the next ready
 * task in FIFO order, so tasks interleave exactly at awaits, as coroutines do. Timers, I/O
 * completions and {@link Aio#toThread} results arrive on the Vert.x event-loop thread (or a
 * worker) and make their task ready again ({@link #schedule}). CPU code in a task keeps the turn
 * and so stops every other task of the loop, as it stops asyncio's loop. {@link #lock} guards
 * the ready queue, the running task and the list of live tasks.
 */
final class Loop {
  /** Loops not yet closed; a task finds its loop here (no thread-local: it would cost every task memory). */
  private static final CopyOnWriteArrayList<Loop> OPEN = new CopyOnWriteArrayList<>();

  final Vertx vertx;
  final ContextInternal context;
  private final AioOptions options;
  /**
   * Guards the turn. A monitor rather than a ReentrantLock: the critical sections are a few
   * field writes, and a contended monitor spins before it parks, so a task rarely unmounts here
   * (an unmount would freeze its stack into an extra chunk of heap).
   */
  private final Object lock = new Object();
  private final ArrayDeque<TaskImpl<?>> ready = new ArrayDeque<>();
  /** The task holding the turn; written under {@link #lock}, read without it by {@link #currentTaskOrNull}. */
  private volatile @Nullable TaskImpl<?> running;
  private @Nullable TaskImpl<?> liveHead;
  private long liveCount;
  private long nextId = 1;
  private final @Nullable ScheduledFuture<?> detector;

  private volatile @Nullable TaskImpl<?> stepTask;
  private volatile long stepStart;
  private volatile long stepSeq;
  private long reportedSeq = -1;

  Loop(AioOptions options) {
    this.options = options;
    this.vertx = Vertx.vertx(new VertxOptions()
        .setEventLoopPoolSize(1)
        .setWorkerPoolSize(options.workerPoolSize())
        .setInternalBlockingPoolSize(1));
    this.context = ((VertxInternal) vertx).createEventLoopContext();
    Duration threshold = options.slowCallbackThreshold();
    if (threshold != null) {
      long thresholdNanos = threshold.toNanos();
      long period = Math.max(TimeUnit.MILLISECONDS.toNanos(5), thresholdNanos / 4);
      detector = context.nettyEventLoop().scheduleAtFixedRate(
          () -> checkSlowStep(thresholdNanos, threshold), period, period, TimeUnit.NANOSECONDS);
    } else {
      detector = null;
    }
    OPEN.add(this);
  }

  /** The task running on the calling thread. */
  static TaskImpl<?> currentTask(String operation) {
    TaskImpl<?> t = currentTaskOrNull();
    if (t == null) {
      throw new IllegalStateException(
          operation + " must be called from a task of a running event loop (inside Aio.run)");
    }
    return t;
  }

  static @Nullable TaskImpl<?> currentTaskOrNull() {
    Thread me = Thread.currentThread();
    if (!me.isVirtual()) {
      return null;
    }
    for (Loop loop : OPEN) {
      TaskImpl<?> t = loop.running;
      if (t != null && t.thread == me) {
        return t;
      }
    }
    return null;
  }

  /**
   * Makes a task and queues it. Its virtual thread is started only when it first gets the turn,
   * so a task that waits to start costs no stack.
   */
  <T> TaskImpl<T> createTask(@Nullable String name, Callable<? extends T> body) {
    TaskImpl<T> t;
    synchronized (lock) {
      t = new TaskImpl<>(this, nextId++, name, body);
      t.next = liveHead;
      if (liveHead != null) {
        liveHead.prev = t;
      }
      liveHead = t;
      liveCount++;
    }
    schedule(t);
    return t;
  }

  void taskEnded(TaskImpl<?> t) {
    synchronized (lock) {
      if (t.prev != null) {
        t.prev.next = t.next;
      } else {
        liveHead = t.next;
      }
      if (t.next != null) {
        t.next.prev = t.prev;
      }
      t.prev = null;
      t.next = null;
      if (--liveCount == 0) {
        lock.notifyAll();
      }
    }
  }

  /** Makes {@code t} ready: gives it the turn if nobody holds it, else queues it. Any thread. */
  void schedule(TaskImpl<?> t) {
    boolean grant = false;
    boolean start = false;
    synchronized (lock) {
      if (running == null) {
        running = t;
        t.hasTurn = true;
        grant = true;
        start = !t.started;
        t.started = true;
      } else {
        ready.addLast(t);
      }
    }
    if (start) {
      t.thread.start();
    } else if (grant) {
      LockSupport.unpark(t.thread);
    }
  }

  /** Called by {@code t}'s own thread: parks until it holds the turn. Ignores interrupts. */
  void awaitTurn(TaskImpl<?> t) {
    boolean interrupted = false;
    while (!t.hasTurn) {
      LockSupport.park(this);
      if (Thread.interrupted()) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    stepTask = t;
    stepStart = System.nanoTime();
    stepSeq++;
  }

  /** Called by {@code t}'s own thread, holding the turn: hands the turn to the next ready task. */
  void releaseTurn(TaskImpl<?> t) {
    stepTask = null;
    TaskImpl<?> nextTask;
    boolean start = false;
    synchronized (lock) {
      if (running != t) {
        throw new IllegalStateException("task " + t.name() + " does not hold the turn");
      }
      nextTask = ready.pollFirst();
      running = nextTask;
      if (nextTask != null) {
        nextTask.hasTurn = true;
        start = !nextTask.started;
        nextTask.started = true;
      }
    }
    if (start) {
      nextTask.thread.start();
    } else if (nextTask != null) {
      LockSupport.unpark(nextTask.thread);
    }
  }

  /** Requests cancellation of every live task. */
  void cancelAll() {
    List<TaskImpl<?>> live = new ArrayList<>();
    synchronized (lock) {
      for (TaskImpl<?> t = liveHead; t != null; t = t.next) {
        live.add(t);
      }
    }
    for (TaskImpl<?> t : live) {
      t.cancel();
    }
  }

  /** Blocks until no task is live, or the timeout passes; returns whether none is live. */
  boolean awaitAllEnded(Duration timeout) throws InterruptedException {
    long nanos = timeout.toNanos();
    synchronized (lock) {
      while (liveCount > 0) {
        if (nanos <= 0) {
          return false;
        }
        long before = System.nanoTime();
        TimeUnit.NANOSECONDS.timedWait(lock, nanos);
        nanos -= System.nanoTime() - before;
      }
      return true;
    }
  }

  long liveTasks() {
    synchronized (lock) {
      return liveCount;
    }
  }

  /** Runs {@code action} on the event-loop thread after {@code delay}; returns its handle. */
  ScheduledFuture<?> schedule(Runnable action, long delayNanos) {
    return context.nettyEventLoop().schedule(action, delayNanos, TimeUnit.NANOSECONDS);
  }

  private void checkSlowStep(long thresholdNanos, Duration threshold) {
    TaskImpl<?> t = stepTask;
    long seq = stepSeq;
    long start = stepStart;
    if (t == null || seq == reportedSeq) {
      return;
    }
    long elapsed = System.nanoTime() - start;
    if (elapsed < thresholdNanos) {
      return;
    }
    StackTraceElement[] stack = t.thread.getStackTrace();
    if (stepTask != t || stepSeq != seq) {
      return;
    }
    reportedSeq = seq;
    try {
      options.slowCallbackReporter().accept(
          new SlowCallback(t.name(), Duration.ofNanos(elapsed), threshold, Arrays.asList(stack)));
    } catch (RuntimeException e) {
      System.getLogger("dev.conclab.aio").log(System.Logger.Level.WARNING, "slow-callback reporter failed", e);
    }
  }

  /** Closes the Vert.x instance and waits (bounded) for its threads to stop. */
  void close() {
    OPEN.remove(this);
    if (detector != null) {
      detector.cancel(false);
    }
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("closing the event loop's Vert.x instance failed", e);
    }
  }

  /** {@code e} as an unchecked exception to rethrow: itself if unchecked, else wrapped. */
  static RuntimeException rethrowable(Throwable e) {
    if (e instanceof RuntimeException r) {
      return r;
    }
    if (e instanceof Error err) {
      throw err;
    }
    return new CompletionException(e);
  }
}
