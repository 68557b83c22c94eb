package dev.conclab.pool.internal;

import dev.conclab.pool.SerializableCallable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * The engine behind {@code ProcessPool}: its operations and its lifecycle. The work is done by
 * the parts it wires together, each with its own class comment:
 *
 * <ul>
 *   <li>{@link PoolState}: the run state, the links and the counters, under the pool's one lock;
 *   <li>{@link Workers}: starting worker JVMs and their handshake;
 *   <li>{@link Link}: one worker's channel, its in-flight chunks and its lifecycle flags;
 *   <li>{@link Dispatcher}: encoding chunks, the queue of chunks and the dispatch windows;
 *   <li>{@link MapJob}, {@link OrderedImap}, {@link UnorderedImap}, {@link ApplyJob}: delivering
 *       results to the caller in the order each operation promises;
 *   <li>{@link LinkReader}: each link's reader thread, which completes chunks and refills;
 *   <li>{@link Recovery}: lost links, timeouts, replacement and the reserve;
 *   <li>{@link Frames} and {@link ResultFrame}: the protocol both ends speak.
 * </ul>
 *
 * <p>Threads: any caller thread may call any method. The lifecycle follows {@code
 * ExecutorService}: {@link #close} (finish queued work, then stop the workers), {@link
 * #terminate} (fail everything now), {@link #awaitTermination}. Stopping is done once: the first
 * to reach STOPPING collects the work to fail and the processes to kill, and {@link
 * #finalizeTermination} runs once whoever gets there first.
 */
public final class PoolEngine {
  private final PoolConfig cfg;
  private final Launcher launcher;
  private final PoolState st = new PoolState();
  private final Dispatcher dispatcher;
  private final Workers workers;
  private final Recovery recovery;
  private final LinkReader reader;
  private final CountDownLatch terminated = new CountDownLatch(1);
  private final AtomicBoolean finalized = new AtomicBoolean();

  private PoolEngine(PoolConfig cfg) throws IOException {
    this.cfg = cfg;
    SerialFilter filter = cfg.newFilter();
    // before the launcher opens the channel: an initializer that cannot be sent fails here
    Frames.Init init = Frames.Init.of(cfg, filter, Frames.Mode.POOL);
    this.dispatcher = new Dispatcher(cfg, filter, st);
    this.launcher = new Launcher();
    this.workers = new Workers(cfg, init, st, launcher, this::stopAsync, this::startReader);
    this.recovery = new Recovery(cfg, st, dispatcher, workers, this::stopAsync);
    this.reader = new LinkReader(cfg, filter, st, dispatcher, workers, recovery, this::stopAsync);
  }

  /**
   * Starts a pool and waits until every worker is ready.
   *
   * @throws IllegalStateException if the workers cannot be started
   */
  public static PoolEngine start(PoolConfig cfg) {
    PoolEngine e;
    try {
      e = new PoolEngine(cfg);
    } catch (IOException ex) {
      throw new IllegalStateException("cannot open the worker channel: " + ex, ex);
    }
    e.workers.startAccepting();
    e.recovery.startMonitor();
    e.workers.spawn(cfg.workers());
    Codec.warmUp(false); // while the workers boot
    PoolState st = e.st;
    long deadline = System.nanoTime() + cfg.startTimeout().toNanos() + TimeUnit.SECONDS.toNanos(1);
    st.lock.lock();
    try {
      while (st.readyCount < cfg.workers() && st.brokenReason == null && st.state == PoolState.RUNNING) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        st.changed.awaitNanos(left);
      }
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      st.lock.unlock();
      e.terminate();
      throw new IllegalStateException("interrupted while starting workers");
    }
    RuntimeException failure = st.brokenReason;
    boolean ok = st.readyCount >= cfg.workers() && failure == null;
    st.lock.unlock();
    if (!ok) {
      e.terminate();
      throw new IllegalStateException(
          "could not start " + cfg.workers() + " worker JVMs"
              + (failure == null ? " within " + cfg.startTimeout() : ": " + failure.getMessage()),
          failure);
    }
    return e;
  }

  public PoolConfig config() {
    return cfg;
  }

  private void startReader(Link link) {
    Thread.ofPlatform().daemon().name(cfg.name() + "-worker-" + link.pid).start(() -> reader.run(link));
  }

  /** Stops the pool for {@code reason} on a new thread (the caller may hold no lock of ours). */
  private void stopAsync(RuntimeException reason) {
    Launcher.ioThread(cfg.name() + "-stop").start(() -> stopNow(reason));
  }

  // ---------------------------------------------------------------- operations

  /** Default chunk size as CPython computes it: ceil(n / (4 * workers)), at least 1. */
  public int defaultChunksize(int n) {
    int w = cfg.workers() * 4;
    return Math.max(1, (n + w - 1) / w);
  }

  /**
   * Ordered results of fn over items; blocks until every task ended and throws the first
   * failure in input order.
   */
  public List<@Nullable Object> map(Object fn, Iterable<?> items, int chunksize) {
    List<?> list = toList(items);
    int n = list.size();
    int cs = chunksize > 0 ? chunksize : defaultChunksize(n);
    long fnId = dispatcher.newId();
    return new MapJob(dispatcher, fnId, dispatcher.fnFrame(fnId, fn), n).run(list, cs);
  }

  private static List<?> toList(Iterable<?> items) {
    if (items instanceof List<?> l) {
      return l;
    }
    List<Object> out = new ArrayList<>();
    for (Object o : items) {
      out.add(o);
    }
    return out;
  }

  /** A lazy iterator of results, ordered or in completion order, with bounded memory. */
  public Iterator<@Nullable Object> imap(Object fn, Iterable<?> items, int chunksize, boolean ordered) {
    if (chunksize < 1) {
      throw new IllegalArgumentException("chunksize must be >= 1, got " + chunksize);
    }
    long fnId = dispatcher.newId();
    byte[] fnFrame = dispatcher.fnFrame(fnId, fn);
    return ordered
        ? new OrderedImap(dispatcher, fnId, fnFrame, items.iterator(), chunksize)
        : new UnorderedImap(dispatcher, fnId, fnFrame, items.iterator(), chunksize);
  }

  /** Runs a callable on a worker; the future completes off the pool's reader threads. */
  public CompletableFuture<@Nullable Object> applyAsync(SerializableCallable<?> task, Executor completer) {
    Adapters.CallFn fn = new Adapters.CallFn(task);
    long fnId = dispatcher.newId();
    return new ApplyJob(dispatcher, fnId, dispatcher.fnFrame(fnId, fn), completer).submit();
  }

  /** Runs a callable on a worker and waits for it. */
  public @Nullable Object apply(SerializableCallable<?> task) {
    CompletableFuture<@Nullable Object> f = applyAsync(task, Runnable::run);
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      CancellationException ce = new CancellationException("interrupted while waiting for apply");
      ce.initCause(e);
      throw ce;
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(c);
    }
  }

  public List<Long> workerPids() {
    return st.pids(false);
  }

  public List<Long> reservePids() {
    return st.pids(true);
  }

  // ---------------------------------------------------------------- lifecycle

  public boolean isShutdown() {
    st.lock.lock();
    try {
      return st.state != PoolState.RUNNING;
    } finally {
      st.lock.unlock();
    }
  }

  public boolean isTerminated() {
    return terminated.getCount() == 0;
  }

  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return terminated.await(timeout, unit);
  }

  /** Orderly shutdown: waits for queued work, then stops the workers and waits for them. */
  public void close() {
    List<Link> stopping;
    st.lock.lock();
    try {
      if (st.state == PoolState.RUNNING) {
        st.state = PoolState.SHUTDOWN;
      }
      while (st.state == PoolState.SHUTDOWN && dispatcher.hasWorkLocked()) {
        try {
          st.changed.await();
        } catch (InterruptedException e) {
          st.lock.unlock();
          try {
            terminate();
          } finally {
            st.lock.lock();
          }
          Thread.currentThread().interrupt();
          return;
        }
      }
      if (st.state != PoolState.SHUTDOWN) {
        st.lock.unlock();
        try {
          awaitTerminationUninterruptibly();
        } finally {
          st.lock.lock();
        }
        return;
      }
      st.state = PoolState.STOPPING;
      stopping = new ArrayList<>(st.links);
      for (Process p : workers.spawningLocked()) {
        p.destroyForcibly();
      }
      st.changed.signalAll();
    } finally {
      st.lock.unlock();
    }
    byte[] shutdown = Frames.shutdown();
    for (Link l : stopping) {
      l.enqueue(shutdown);
      l.flush();
    }
    for (Link l : stopping) {
      // a worker assembling a JDK 25 AOT cache at exit runs a second JVM for that: give it longer
      long exitMillis = Cds.assemblesAotCache(l.command) ? 120_000 : 10_000;
      Cds.publish(l.command, Exits.waitExit(l.process, exitMillis));
    }
    finalizeTermination();
    // now, not while this pool ran: booting JVMs would have taken its cores
    workers.fillStash();
  }

  private void awaitTerminationUninterruptibly() {
    boolean interrupted = false;
    while (true) {
      try {
        terminated.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops now: fails pending and running tasks, kills the workers and waits for them. */
  public void terminate() {
    stopNow(new CancellationException("the pool was terminated"));
  }

  private void stopNow(RuntimeException reason) {
    List<Chunk> failed = List.of();
    List<Process> kill = new ArrayList<>();
    st.lock.lock();
    try {
      if (st.state >= PoolState.STOPPING) {
        if (st.state == PoolState.STOPPING && !finalized.get()) {
          // a close() is stopping the workers; speed it up
          for (Link l : st.links) {
            kill.add(l.process);
          }
        }
      } else {
        st.state = PoolState.STOPPING;
        failed = dispatcher.drainLocked();
        for (Link l : st.links) {
          kill.add(l.process);
        }
        kill.addAll(workers.spawningLocked());
        kill.addAll(st.retired);
      }
      st.changed.signalAll();
    } finally {
      st.lock.unlock();
    }
    for (Process p : kill) {
      p.destroyForcibly();
    }
    Dispatcher.fail(failed, reason);
    for (Process p : kill) {
      Exits.waitExit(p, 5_000);
    }
    finalizeTermination();
    awaitTerminationUninterruptibly();
  }

  private void finalizeTermination() {
    if (!finalized.compareAndSet(false, true)) {
      return;
    }
    st.lock.lock();
    List<Process> left = new ArrayList<>(st.retired);
    List<List<String>> commands = new ArrayList<>();
    for (Link l : st.links) {
      left.add(l.process);
      commands.add(l.command);
      l.breakLink();
    }
    left.addAll(workers.spawningLocked());
    st.lock.unlock();
    for (Process p : left) {
      if (p.isAlive()) {
        p.destroyForcibly();
      }
      Exits.waitExit(p, 5_000);
    }
    for (List<String> c : commands) {
      Cds.publish(c, null); // deletes unfinished archives of killed workers
    }
    launcher.close();
    st.lock.lock();
    try {
      st.state = PoolState.TERMINATED;
      st.changed.signalAll();
    } finally {
      st.lock.unlock();
    }
    terminated.countDown();
  }
}
