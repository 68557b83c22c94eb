package dev.conclab.pool.internal;

import dev.conclab.pool.RemoteTaskException;
import dev.conclab.pool.SerializableCallable;
import dev.conclab.pool.TaskTimeoutException;
import dev.conclab.pool.WorkerCrashedException;
import dev.conclab.pool.WorkerDeathPolicy;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The engine behind {@code ProcessPool}: spawns worker JVMs, hands chunks of tasks to idle
 * workers, collects results, and replaces workers that die or time out.
 *
 * <p>Implementation notes. One lock guards the pending queue, the links' outstanding chunks and
 * the pool state; no I/O happens under it (frames go to a link's outbox and are flushed after the
 * lock is released). Each worker has a reader thread that decodes results, completes tasks and
 * refills that worker; it refills only when no further result is already buffered, so a burst of
 * results costs one flush. A worker holds at most {@link #WINDOW} chunks (one running, the rest
 * queued in the worker's memory, never in the socket), so a worker never waits for its next task
 * and the socket never fills both ways; the window widens to {@link #FAST_WINDOW} while a worker's
 * chunks take under {@link #FAST_CHUNK_NANOS}, so that tiny tasks travel in batches, and narrows
 * to 1 while they take over {@link #SLOW_CHUNK_NANOS}, so that the last chunks of a call spread
 * over all workers. Chunks run in order, so when a worker dies the first chunk
 * it held is the one that was running: that chunk fails and the others go back to the queue.
 */
public final class PoolEngine {
  /** Chunks a worker holds (one running, the rest queued in its memory) when chunks are slow. */
  static final int WINDOW = 2;
  /** ... and when chunks are fast (under {@link #FAST_CHUNK_NANOS} on average): batching wins. */
  static final int FAST_WINDOW = 16;

  static final long FAST_CHUNK_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

  /**
   * Above this average a worker holds only the chunk it runs: the round trip it then waits for
   * is negligible, and no chunk waits behind a long one while another worker is idle.
   */
  static final long SLOW_CHUNK_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

  private static final int RUNNING = 0;
  private static final int SHUTDOWN = 1; // close(): finish queued work
  private static final int STOPPING = 2; // workers being stopped
  private static final int TERMINATED = 3;

  private final PoolConfig cfg;
  private final SerialFilter filter;
  private final Launcher launcher;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<Chunk> pending = new ArrayDeque<>();
  private final List<Link> links = new ArrayList<>();
  private final List<Spawn> spawning = new ArrayList<>();
  private final AtomicLong ids = new AtomicLong();
  private final CountDownLatch terminated = new CountDownLatch(1);
  private final AtomicBoolean finalized = new AtomicBoolean();
  private final Thread acceptor;
  private final @Nullable Thread monitor;
  private final byte[] initPayload;
  private final byte[] warmInitPayload;
  private int state = RUNNING;
  private int readyCount;
  private int consecutiveFailures;
  private boolean everReady;
  private boolean archiveDumper;
  private boolean reserveStarted;
  private @Nullable RuntimeException brokenReason;
  private final List<Process> retired = new ArrayList<>();

  private PoolEngine(PoolConfig cfg) throws IOException {
    this.cfg = cfg;
    this.filter = cfg.newFilter();
    this.initPayload = WorkerMain.initPayload(cfg, filter, false);
    this.warmInitPayload = WorkerMain.warmInitPayload(initPayload);
    this.launcher = new Launcher();
    this.acceptor = Thread.ofPlatform().daemon().name(cfg.name() + "-acceptor").unstarted(this::acceptLoop);
    this.monitor =
        cfg.taskTimeout() == null
            ? null
            : Thread.ofPlatform().daemon().name(cfg.name() + "-timeouts").unstarted(this::monitorLoop);
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
    e.acceptor.start();
    if (e.monitor != null) {
      e.monitor.start();
    }
    e.spawn(cfg.workers());
    Codec.warmUp(false); // while the workers boot
    long deadline = System.nanoTime() + cfg.startTimeout().toNanos() + TimeUnit.SECONDS.toNanos(1);
    e.lock.lock();
    try {
      while (e.readyCount < cfg.workers() && e.brokenReason == null && e.state == RUNNING) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        e.changed.awaitNanos(left);
      }
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      e.lock.unlock();
      e.terminate();
      throw new IllegalStateException("interrupted while starting workers");
    }
    RuntimeException failure = e.brokenReason;
    boolean ok = e.readyCount >= cfg.workers() && failure == null;
    e.lock.unlock();
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

  // ---------------------------------------------------------------- jobs and chunks

  /** A task chunk: its job, its index range and its encoded TASK frame. */
  static final class Chunk {
    final Job job;
    final long id;
    final int index;
    final int count;
    final byte[] frame;

    Chunk(Job job, long id, int index, int count, byte[] frame) {
      this.job = job;
      this.id = id;
      this.index = index;
      this.count = count;
      this.frame = frame;
    }
  }

  /** A failed task's slot in a result array. */
  record Failure(RuntimeException error) {}

  /** One call's function and its outstanding chunks. */
  abstract static class Job {
    final long fnId;
    final byte[] fnFrame;
    final Set<Link> holders = new HashSet<>(); // guarded by the engine lock
    volatile boolean cancelled;

    Job(long fnId, byte[] fnFrame) {
      this.fnId = fnId;
      this.fnFrame = fnFrame;
    }

    /** Called without the engine lock held; results hold values or {@link Failure}s. */
    abstract void chunkDone(Chunk c, @Nullable Object[] results);
  }

  private long newId() {
    return ids.incrementAndGet();
  }

  private byte[] fnFrame(long fnId, Object fn) {
    byte[] bytes;
    try {
      bytes = Codec.serialize(fn);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot send the function to a worker: " + e.getMessage(), e);
    }
    Set<String> locs = Codec.locationsOf(fn);
    filter.allowLocations(locs);
    Wire.Buf b = new Wire.Buf(bytes.length + 64);
    try {
      b.data.writeLong(fnId);
      writeLocations(b, locs);
      b.data.writeInt(bytes.length);
      b.data.write(bytes);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return Wire.frame(Wire.FN, b);
  }

  private static void writeLocations(Wire.Buf b, Set<String> locs) throws IOException {
    b.data.writeInt(locs.size());
    for (String l : locs) {
      Codec.writeString(b.data, l);
    }
  }

  private Chunk encodeChunk(Job job, int index, List<?> items) {
    Wire.Buf b = new Wire.Buf(32 + items.size() * 8);
    Set<String> locs = new LinkedHashSet<>();
    long id = newId();
    try {
      b.data.writeLong(id);
      b.data.writeLong(job.fnId);
      int locAt = b.size();
      b.data.writeInt(0);
      b.data.writeInt(items.size());
      Wire.Buf values = new Wire.Buf(items.size() * 8 + 16);
      for (int i = 0; i < items.size(); i++) {
        Object item = items.get(i);
        try {
          Codec.writeValue(values.data, item, locs);
        } catch (IOException e) {
          throw new IllegalArgumentException(
              "cannot send item " + (index + i) + " to a worker: " + e.getMessage(), e);
        }
      }
      if (!locs.isEmpty()) {
        filter.allowLocations(locs);
        b.truncate(locAt);
        writeLocations(b, locs);
        b.data.writeInt(items.size());
      }
      b.write(values.array(), 0, values.size());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    if (b.size() > cfg.maxMessageBytes()) {
      throw new IllegalArgumentException(
          "items " + index + ".." + (index + items.size() - 1) + " encode to " + b.size()
              + " bytes, over the pool's message limit of " + cfg.maxMessageBytes());
    }
    return new Chunk(job, id, index, items.size(), Wire.frame(Wire.TASK, b));
  }

  private void submit(List<Chunk> chunks) {
    List<Link> toFlush;
    lock.lock();
    try {
      if (state != RUNNING) {
        throw new IllegalStateException(
            brokenReason != null ? "the pool is broken: " + brokenReason.getMessage() : "the pool is closed");
      }
      pending.addAll(chunks);
      toFlush = dispatchLocked();
    } finally {
      lock.unlock();
    }
    flush(toFlush);
  }

  /** Assigns pending chunks to workers with room; returns the links to flush. */
  private List<Link> dispatchLocked() {
    if (state >= STOPPING || pending.isEmpty()) {
      return List.of();
    }
    List<Link> touched = new ArrayList<>(2);
    int n = links.size();
    for (int k = 0; k < n && !pending.isEmpty(); k++) {
      Link l = links.get(k);
      if (!l.ready || l.spare || l.dead || l.retiring || l.broken) {
        continue;
      }
      boolean any = false;
      int window = l.fast ? FAST_WINDOW : l.avgChunkNanos > SLOW_CHUNK_NANOS ? 1 : WINDOW;
      while (l.outstanding.size() < window
          && (cfg.maxTasksPerChild() == 0 || l.sent < cfg.maxTasksPerChild())) {
        Chunk c = pending.pollFirst();
        if (c == null) {
          break;
        }
        if (c.job.cancelled) {
          continue;
        }
        if (l.fns.add(c.job.fnId)) {
          l.enqueue(c.job.fnFrame);
          c.job.holders.add(l);
        }
        l.enqueue(c.frame);
        if (l.outstanding.isEmpty()) {
          beginHead(l, System.nanoTime());
        }
        l.outstanding.addLast(c);
        l.sent++;
        any = true;
      }
      if (any) {
        touched.add(l);
      }
    }
    if (n > 1 && !touched.isEmpty()) {
      // rotate so the next dispatch starts with another worker
      links.add(links.remove(0));
    }
    return touched;
  }

  private static void flush(List<Link> ls) {
    for (Link l : ls) {
      l.flush();
    }
  }

  private void beginHead(Link l, long now) {
    l.headStart = now;
    if (!jdk.jfr.FlightRecorder.isInitialized()) {
      // no recording has been started in this JVM: do not load JFR's machinery (80 classes)
      l.headEvent = null;
      return;
    }
    PoolTaskEvent e = new PoolTaskEvent();
    if (e.isEnabled()) {
      e.begin();
      l.headEvent = e;
    } else {
      l.headEvent = null;
    }
  }

  private void endHead(Link l, Chunk c, String outcome) {
    PoolTaskEvent e = l.headEvent;
    l.headEvent = null;
    if (e != null) {
      e.end();
      if (e.shouldCommit()) {
        e.pool = cfg.name();
        e.workerPid = l.pid;
        e.tasks = c.count;
        e.outcome = outcome;
        e.commit();
      }
    }
  }

  private void finish(Job job) {
    List<Link> toFlush = new ArrayList<>();
    lock.lock();
    try {
      byte[] forget = null;
      for (Link l : job.holders) {
        if (!l.dead && l.fns.remove(job.fnId)) {
          if (forget == null) {
            Wire.Buf b = new Wire.Buf(8);
            try {
              b.data.writeLong(job.fnId);
            } catch (IOException e) {
              throw new IllegalStateException(e);
            }
            forget = Wire.frame(Wire.FORGET, b);
          }
          l.enqueue(forget);
          toFlush.add(l);
        }
      }
      job.holders.clear();
    } finally {
      lock.unlock();
    }
    flush(toFlush);
  }

  private void cancel(Job job) {
    job.cancelled = true;
    lock.lock();
    try {
      pending.removeIf(c -> c.job == job);
    } finally {
      lock.unlock();
    }
  }

  // ---------------------------------------------------------------- public operations

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
    MapJob job = new MapJob(newIdChecked(), n, fn);
    if (n == 0) {
      return new ArrayList<>();
    }
    List<Chunk> chunks = new ArrayList<>((n + cs - 1) / cs);
    for (int i = 0; i < n; i += cs) {
      chunks.add(encodeChunk(job, i, list.subList(i, Math.min(n, i + cs))));
    }
    job.remaining = chunks.size();
    submit(chunks);
    try {
      job.done.await();
    } catch (InterruptedException e) {
      cancel(job);
      finish(job);
      Thread.currentThread().interrupt();
      CancellationException ce = new CancellationException("interrupted while waiting for map");
      ce.initCause(e);
      throw ce;
    }
    finish(job);
    List<@Nullable Object> out = new ArrayList<>(n);
    for (Object r : job.results) {
      if (r instanceof Failure f) {
        throw f.error();
      }
      out.add(r);
    }
    return out;
  }

  private long newIdChecked() {
    return newId();
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

  private final class MapJob extends Job {
    final @Nullable Object[] results;
    final CountDownLatch done = new CountDownLatch(1);
    int remaining; // guarded by this

    MapJob(long fnId, int n, Object fn) {
      super(fnId, fnFrame(fnId, fn));
      this.results = new Object[n];
    }

    @Override
    void chunkDone(Chunk c, @Nullable Object[] rs) {
      System.arraycopy(rs, 0, results, c.index, rs.length);
      boolean last;
      synchronized (this) {
        last = --remaining == 0;
      }
      if (last) {
        done.countDown();
      }
    }
  }

  /** A lazy iterator of results, ordered or in completion order, with bounded memory. */
  public Iterator<@Nullable Object> imap(Object fn, Iterable<?> items, int chunksize, boolean ordered) {
    if (chunksize < 1) {
      throw new IllegalArgumentException("chunksize must be >= 1, got " + chunksize);
    }
    long fnId = newId();
    return new ImapIterator(fnId, fnFrame(fnId, fn), items.iterator(), chunksize, ordered);
  }

  private final class ImapIterator extends Job implements Iterator<@Nullable Object> {
    private final Iterator<?> source;
    private final int chunksize;
    private final boolean ordered;
    private final int maxInFlight = cfg.workers() * (FAST_WINDOW + WINDOW);
    private final ReentrantLock ilock = new ReentrantLock();
    private final Condition arrived = ilock.newCondition();
    // guarded by ilock
    private final java.util.TreeMap<Integer, @Nullable Object[]> done = new java.util.TreeMap<>();
    private final ArrayDeque<@Nullable Object[]> unordered = new ArrayDeque<>();
    private int inFlight; // chunks submitted whose results the consumer has not taken yet
    private int nextIndex; // next input index to encode
    private int nextOut; // ordered: index of next chunk start to return
    private @Nullable Object[] current = new Object[0];
    private int pos;
    private boolean exhausted;
    private boolean finished;

    ImapIterator(long fnId, byte[] fnFrame, Iterator<?> source, int chunksize, boolean ordered) {
      super(fnId, fnFrame);
      this.source = source;
      this.chunksize = chunksize;
      this.ordered = ordered;
    }

    @Override
    void chunkDone(Chunk c, @Nullable Object[] results) {
      ilock.lock();
      try {
        if (ordered) {
          done.put(c.index, results);
        } else {
          unordered.add(results);
        }
        arrived.signalAll();
      } finally {
        ilock.unlock();
      }
    }

    private void fill() {
      while (!exhausted) {
        List<Object> batch;
        int start;
        ilock.lock();
        try {
          if (inFlight >= maxInFlight) {
            return;
          }
        } finally {
          ilock.unlock();
        }
        batch = new ArrayList<>(chunksize);
        while (batch.size() < chunksize && source.hasNext()) {
          batch.add(source.next());
        }
        if (batch.size() < chunksize) {
          exhausted = true;
        }
        if (batch.isEmpty()) {
          return;
        }
        start = nextIndex;
        nextIndex += batch.size();
        List<Chunk> chunks = new ArrayList<>(1);
        List<Chunk> unsendable = new ArrayList<>(0);
        List<RuntimeException> reasons = new ArrayList<>(0);
        encode(start, batch, chunks, unsendable, reasons);
        ilock.lock();
        try {
          inFlight += chunks.size() + unsendable.size();
        } finally {
          ilock.unlock();
        }
        // an item that cannot be sent fails at its position, like a task that failed remotely
        for (int i = 0; i < unsendable.size(); i++) {
          chunkDone(unsendable.get(i), new Object[] {new Failure(reasons.get(i))});
        }
        if (chunks.isEmpty()) {
          continue;
        }
        try {
          submit(chunks);
        } catch (RuntimeException e) {
          ilock.lock();
          try {
            inFlight -= chunks.size();
          } finally {
            ilock.unlock();
          }
          throw e;
        }
      }
    }

    /**
     * Encodes items {@code start..} as one chunk; if that fails, halves the range and retries
     * each half, so only the items that cannot be sent (not serializable, over the message limit)
     * fail, each with its reason, while the others still go in as few chunks as possible.
     */
    private void encode(
        int start, List<Object> batch, List<Chunk> chunks, List<Chunk> unsendable, List<RuntimeException> reasons) {
      try {
        chunks.add(encodeChunk(this, start, batch));
        return;
      } catch (RuntimeException e) {
        if (batch.size() == 1) {
          unsendable.add(new Chunk(this, 0, start, 1, new byte[0]));
          reasons.add(e);
          return;
        }
      }
      int half = batch.size() / 2;
      encode(start, batch.subList(0, half), chunks, unsendable, reasons);
      encode(start + half, batch.subList(half, batch.size()), chunks, unsendable, reasons);
    }

    @Override
    public boolean hasNext() {
      if (pos < current.length) {
        return true;
      }
      if (cancelled) {
        throw new CancellationException("the iteration was cancelled by an interrupt");
      }
      fill();
      ilock.lock();
      try {
        while (true) {
          if (ordered) {
            @Nullable Object[] next = done.remove(nextOut);
            if (next != null) {
              inFlight--;
              current = next;
              pos = 0;
              nextOut += next.length;
              ilock.unlock();
              try {
                fill();
              } finally {
                ilock.lock();
              }
              return true;
            }
          } else if (!unordered.isEmpty()) {
            inFlight--;
            current = unordered.poll();
            pos = 0;
            ilock.unlock();
            try {
              fill();
            } finally {
              ilock.lock();
            }
            return true;
          }
          if (inFlight == 0 && exhausted) {
            if (!finished) {
              finished = true;
              ilock.unlock();
              try {
                finish(this);
              } finally {
                ilock.lock();
              }
            }
            return false;
          }
          try {
            arrived.await();
          } catch (InterruptedException e) {
            finished = true;
            ilock.unlock();
            try {
              cancel(this);
              finish(this);
            } finally {
              ilock.lock();
            }
            Thread.currentThread().interrupt();
            CancellationException ce = new CancellationException("interrupted while waiting for imap");
            ce.initCause(e);
            throw ce;
          }
        }
      } finally {
        ilock.unlock();
      }
    }

    @Override
    public @Nullable Object next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Object r = current[pos];
      current[pos++] = null;
      if (r instanceof Failure f) {
        throw f.error();
      }
      return r;
    }
  }

  /** Runs a callable on a worker; the future completes off the pool's reader threads. */
  public CompletableFuture<@Nullable Object> applyAsync(SerializableCallable<?> task, Executor completer) {
    Adapters.CallFn fn = new Adapters.CallFn(task);
    long fnId = newId();
    CompletableFuture<@Nullable Object> f = new CompletableFuture<>();
    Job job =
        new Job(fnId, fnFrame(fnId, fn)) {
          @Override
          void chunkDone(Chunk c, @Nullable Object[] results) {
            finish(this);
            Object r = results[0];
            completer.execute(
                () -> {
                  if (r instanceof Failure fail) {
                    f.completeExceptionally(fail.error());
                  } else {
                    f.complete(r);
                  }
                });
          }
        };
    List<Object> one = new ArrayList<>(1);
    one.add(null);
    submit(List.of(encodeChunk(job, 0, one)));
    return f;
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
    lock.lock();
    try {
      List<Long> out = new ArrayList<>();
      for (Link l : links) {
        if (l.ready && !l.spare && !l.dead && !l.retiring) {
          out.add(l.pid);
        }
      }
      return out;
    } finally {
      lock.unlock();
    }
  }

  public List<Long> reservePids() {
    lock.lock();
    try {
      List<Long> out = new ArrayList<>();
      for (Link l : links) {
        if (l.ready && l.spare && !l.dead) {
          out.add(l.pid);
        }
      }
      return out;
    } finally {
      lock.unlock();
    }
  }

  /** Workers that take tasks (ready, not spare, not leaving). Call with the lock held. */
  private int activeLocked() {
    int n = 0;
    for (Link l : links) {
      if (l.ready && !l.spare && !l.dead && !l.retiring) {
        n++;
      }
    }
    return n;
  }

  /**
   * Moves a spare into service when fewer than {@code workers} take tasks; the caller then
   * dispatches and starts a new process. Call with the lock held.
   */
  private void promoteSpareLocked() {
    if (activeLocked() >= cfg.workers()) {
      return;
    }
    for (Link l : links) {
      if (l.ready && l.spare && !l.dead && !l.broken) {
        l.spare = false;
        readyCount++;
        return;
      }
    }
  }

  public boolean isShutdown() {
    lock.lock();
    try {
      return state != RUNNING;
    } finally {
      lock.unlock();
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
    lock.lock();
    try {
      if (state == RUNNING) {
        state = SHUTDOWN;
      }
      while (state == SHUTDOWN && hasWorkLocked()) {
        try {
          changed.await();
        } catch (InterruptedException e) {
          lock.unlock();
          try {
            terminate();
          } finally {
            lock.lock();
          }
          Thread.currentThread().interrupt();
          return;
        }
      }
      if (state != SHUTDOWN) {
        lock.unlock();
        try {
          awaitTerminationUninterruptibly();
        } finally {
          lock.lock();
        }
        return;
      }
      state = STOPPING;
      stopping = new ArrayList<>(links);
      for (Spawn s : spawning) {
        s.process.destroyForcibly();
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    byte[] shutdown = Wire.frame(Wire.SHUTDOWN, new byte[0]);
    for (Link l : stopping) {
      l.enqueue(shutdown);
      l.flush();
    }
    for (Link l : stopping) {
      // a worker assembling a JDK 25 AOT cache at exit runs a second JVM for that: give it longer
      long exitMillis = Launcher.Cds.assemblesAotCache(l.command) ? 120_000 : 10_000;
      Launcher.Cds.publish(l.command, waitExit(l.process, exitMillis));
    }
    finalizeTermination();
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

  private boolean hasWorkLocked() {
    if (!pending.isEmpty()) {
      return true;
    }
    for (Link l : links) {
      if (!l.outstanding.isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /** Stops now: fails pending and running tasks, kills the workers and waits for them. */
  public void terminate() {
    stopNow(new CancellationException("the pool was terminated"));
  }

  private void stopNow(RuntimeException reason) {
    List<Chunk> failed = new ArrayList<>();
    List<Process> kill = new ArrayList<>();
    lock.lock();
    try {
      if (state >= STOPPING) {
        if (state == STOPPING && !finalized.get()) {
          // a close() is stopping the workers; speed it up
          for (Link l : links) {
            kill.add(l.process);
          }
        }
      } else {
        state = STOPPING;
        failed.addAll(pending);
        pending.clear();
        for (Link l : links) {
          failed.addAll(l.outstanding);
          l.outstanding.clear();
          kill.add(l.process);
        }
        for (Spawn s : spawning) {
          kill.add(s.process);
        }
        kill.addAll(retired);
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    for (Process p : kill) {
      p.destroyForcibly();
    }
    failChunks(failed, reason);
    for (Process p : kill) {
      waitExit(p, 5_000);
    }
    finalizeTermination();
    awaitTerminationUninterruptibly();
  }

  private static void failChunks(List<Chunk> chunks, RuntimeException reason) {
    for (Chunk c : chunks) {
      @Nullable Object[] rs = new Object[c.count];
      java.util.Arrays.fill(rs, new Failure(reason));
      c.job.chunkDone(c, rs);
    }
  }

  private void finalizeTermination() {
    if (!finalized.compareAndSet(false, true)) {
      return;
    }
    lock.lock();
    List<Process> left = new ArrayList<>(retired);
    List<List<String>> commands = new ArrayList<>();
    for (Link l : links) {
      left.add(l.process);
      commands.add(l.command);
      l.breakLink();
    }
    for (Spawn s : spawning) {
      left.add(s.process);
    }
    lock.unlock();
    for (Process p : left) {
      if (p.isAlive()) {
        p.destroyForcibly();
      }
      waitExit(p, 5_000);
    }
    for (List<String> c : commands) {
      Launcher.Cds.publish(c, null); // deletes unfinished archives of killed workers
    }
    launcher.close();
    lock.lock();
    try {
      state = TERMINATED;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    terminated.countDown();
  }

  /** Waits for a process to exit, killing it after {@code millis}; returns the Python-style code. */
  static @Nullable Integer waitExit(Process p, long millis) {
    try {
      if (!p.waitFor(millis, TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
          return null;
        }
      }
      return pythonExitCode(p.exitValue());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      return null;
    }
  }

  /** Linux reports death by signal N as exit value 128+N; Python reports -N. */
  public static int pythonExitCode(int exitValue) {
    return exitValue > 128 && exitValue <= 128 + 64 ? -(exitValue - 128) : exitValue;
  }

  // ---------------------------------------------------------------- workers

  private static final class Spawn {
    final byte[] token;
    Process process;
    List<String> command = List.of();
    boolean connected;

    Spawn(byte[] token, Process placeholder) {
      this.token = token;
      this.process = placeholder;
    }
  }

  private void spawn(int n) {
    for (int i = 0; i < n; i++) {
      spawnOne();
    }
  }

  private void spawnOne() {
    byte[] token = Launcher.newToken();
    boolean dump;
    lock.lock();
    try {
      if (state >= STOPPING) {
        return;
      }
      dump = !archiveDumper;
      archiveDumper = true;
    } finally {
      lock.unlock();
    }
    Process p;
    Spawn s;
    try {
      s = new Spawn(token, placeholderProcess());
      s.command = Launcher.command(cfg, dump);
      lock.lock();
      try {
        spawning.add(s);
      } finally {
        lock.unlock();
      }
      p = launcher.start(cfg, s.command, token, cfg.output());
    } catch (IOException | RuntimeException e) {
      spawnFailed(null, "cannot start a worker JVM: " + e);
      return;
    }
    lock.lock();
    try {
      s.process = p;
      if (state >= STOPPING) {
        p.destroyForcibly();
      }
    } finally {
      lock.unlock();
    }
    p.onExit().thenRun(() -> spawnExited(s));
    CompletableFuture.delayedExecutor(cfg.startTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .execute(
            () -> {
              boolean late;
              lock.lock();
              try {
                late = !s.connected;
              } finally {
                lock.unlock();
              }
              if (late) {
                p.destroyForcibly();
              }
            });
  }

  private static Process placeholderProcess() {
    return new Process() {
      @Override
      public java.io.OutputStream getOutputStream() {
        return java.io.OutputStream.nullOutputStream();
      }

      @Override
      public java.io.InputStream getInputStream() {
        return java.io.InputStream.nullInputStream();
      }

      @Override
      public java.io.InputStream getErrorStream() {
        return java.io.InputStream.nullInputStream();
      }

      @Override
      public int waitFor() {
        return 0;
      }

      @Override
      public int exitValue() {
        return 0;
      }

      @Override
      public void destroy() {}

      @Override
      public long pid() {
        return -1;
      }
    };
  }

  private void spawnExited(Spawn s) {
    lock.lock();
    try {
      if (s.connected || !spawning.remove(s)) {
        return;
      }
    } finally {
      lock.unlock();
    }
    Integer code = waitExit(s.process, 1000);
    spawnFailed(s, "a worker JVM (pid " + s.process.pid() + ") exited with code " + code + " before it connected");
  }

  private void spawnFailed(@Nullable Spawn s, String why) {
    boolean retry;
    lock.lock();
    try {
      if (s != null) {
        spawning.remove(s);
      } else {
        spawning.removeIf(x -> x.process.pid() == -1);
      }
      consecutiveFailures++;
      if (state >= STOPPING) {
        return;
      }
      int alive = 0;
      for (Link l : links) {
        if (!l.dead && !l.retiring) {
          alive++;
        }
      }
      retry = consecutiveFailures < 5 && !(alive == 0 && consecutiveFailures >= 3) && readyCount > 0;
      if (!retry && (alive == 0 || readyCount == 0)) {
        brokenReason = new IllegalStateException(why);
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
    if (retry) {
      spawnOne();
    } else {
      RuntimeException r = brokenReason;
      if (r != null) {
        Thread.ofVirtual().start(() -> stopNow(r));
      }
    }
  }

  private void acceptLoop() {
    while (true) {
      SocketChannel ch;
      try {
        ch = launcher.accept();
      } catch (IOException e) {
        return;
      }
      Thread.ofVirtual().name(cfg.name() + "-handshake").start(() -> handshake(ch));
    }
  }

  private void handshake(SocketChannel ch) {
    AtomicBoolean done = new AtomicBoolean();
    CompletableFuture.delayedExecutor(10, TimeUnit.SECONDS)
        .execute(
            () -> {
              if (!done.get()) {
                closeQuietly(ch);
              }
            });
    Link link;
    try {
      DataInputStream in = Link.input(ch);
      Wire.Frame hello = Wire.read(in, 1024);
      DataInputStream d = hello.data();
      if (hello.type() != Wire.HELLO) {
        closeQuietly(ch);
        return;
      }
      byte[] token = Wire.readToken(d);
      long pid = d.readLong();
      byte[] init;
      Spawn match = null;
      lock.lock();
      try {
        for (Spawn s : spawning) {
          if (Wire.sameToken(s.token, token) && s.process.pid() == pid) {
            match = s;
          }
        }
        if (match == null || state >= STOPPING) {
          closeQuietly(ch);
          return;
        }
        match.connected = true;
        spawning.remove(match);
        link = new Link(match.process, ch, match.command, in);
        links.add(link);
        done.set(true);
        // spares and replacements start idle: they spend it warming up their first task's path
        init = reserveStarted && cfg.reserve() > 0 ? warmInitPayload : initPayload;
      } finally {
        lock.unlock();
      }
      link.enqueue(Wire.frame(Wire.INIT, init));
      link.flush();
    } catch (IOException | RuntimeException e) {
      closeQuietly(ch);
      return;
    }
    Thread.ofPlatform().daemon().name(cfg.name() + "-worker-" + link.pid).start(() -> readLoop(link));
  }

  private static void closeQuietly(SocketChannel ch) {
    try {
      ch.close();
    } catch (IOException e) {
      // best effort
    }
  }

  private void readLoop(Link link) {
    try {
      while (true) {
        Wire.Frame f = Wire.read(link.in, cfg.maxMessageBytes() + 1024);
        switch (f.type()) {
          case Wire.READY -> linkReady(link);
          case Wire.INIT_FAILED -> initFailed(link, f);
          case Wire.RESULT -> onResult(link, f, link.hasBufferedInput());
          default -> throw new IOException("unexpected frame type " + f.type());
        }
      }
    } catch (IOException | RuntimeException e) {
      link.breakLink();
    }
    linkLost(link);
  }

  private void linkReady(Link link) {
    List<Link> toFlush;
    int spares = 0;
    lock.lock();
    try {
      link.spare = activeLocked() >= cfg.workers();
      link.ready = true;
      everReady = true;
      consecutiveFailures = 0;
      if (!link.spare) {
        readyCount++;
      }
      if (!reserveStarted && readyCount >= cfg.workers()) {
        reserveStarted = true;
        spares = cfg.reserve();
      }
      toFlush = dispatchLocked();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    flush(toFlush);
    spawn(spares);
  }

  private void initFailed(Link link, Wire.Frame f) throws IOException {
    Codec.RemoteError err = Codec.readError(f.data(), filter);
    RemoteTaskException ex =
        new RemoteTaskException(
            "the pool's initializer failed in worker pid " + link.pid + ": " + err.cause(),
            err.className(), link.pid, err.cause());
    lock.lock();
    try {
      brokenReason = ex;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    Thread.ofVirtual().start(() -> stopNow(ex));
  }

  private void onResult(Link link, Wire.Frame f, boolean moreBuffered) throws IOException {
    DataInputStream d = f.data();
    long chunkId = d.readLong();
    @Nullable Object[] results = readResults(d, filter, link.pid);
    Chunk c;
    List<Link> toFlush = List.of();
    boolean spawnReplacement = false;
    lock.lock();
    try {
      c = link.outstanding.peekFirst();
      if (c == null || c.id != chunkId) {
        throw new IOException("result for an unknown chunk " + chunkId);
      }
      link.outstanding.pollFirst();
      endHead(link, c, hasFailure(results) ? "failed" : "ok");
      long now = System.nanoTime();
      long service = now - link.headStart;
      link.avgChunkNanos =
          link.avgChunkNanos == 0 ? service : link.avgChunkNanos + (service - link.avgChunkNanos) / 8;
      link.fast = link.avgChunkNanos < FAST_CHUNK_NANOS;
      if (!link.outstanding.isEmpty()) {
        beginHead(link, now);
      }
      if (cfg.maxTasksPerChild() > 0
          && link.sent >= cfg.maxTasksPerChild()
          && link.outstanding.isEmpty()
          && !link.retiring) {
        link.retiring = true;
        link.enqueue(Wire.frame(Wire.SHUTDOWN, new byte[0]));
        retired.add(link.process);
        promoteSpareLocked();
        spawnReplacement = state < STOPPING;
        toFlush = new ArrayList<>(List.of(link));
      }
      if (!moreBuffered) {
        List<Link> more = dispatchLocked();
        if (!more.isEmpty()) {
          if (toFlush.isEmpty()) {
            toFlush = more;
          } else {
            toFlush.addAll(more);
          }
        }
      }
      if (state == SHUTDOWN) {
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
    flush(toFlush);
    c.job.chunkDone(c, results);
    if (spawnReplacement) {
      spawnOne();
    }
  }

  /**
   * Decodes a RESULT frame's values (after its chunk id): each a value or a {@link Failure}. A
   * value whose class the filter rejects becomes that task's failure; any other malformed input
   * throws {@link IOException}, which breaks the link.
   */
  static @Nullable Object[] readResults(DataInputStream d, SerialFilter filter, long pid)
      throws IOException {
    int count = d.readInt();
    // every result takes at least two bytes, so a count beyond that is a corrupt frame
    if (count < 0 || count > d.available() / 2) {
      throw new IOException("bad result count " + count);
    }
    @Nullable Object[] results = new Object[count];
    for (int i = 0; i < count; i++) {
      byte status = d.readByte();
      if (status == 0) {
        try {
          results[i] = Codec.readValue(d, filter);
        } catch (ClassNotFoundException | java.io.InvalidClassException e) {
          results[i] =
              new Failure(
                  new RemoteTaskException(
                      "the result from worker pid " + pid + " could not be read: " + e,
                      e.getClass().getName(), pid, e));
        }
      } else {
        Codec.RemoteError err = Codec.readError(d, filter);
        results[i] =
            new Failure(
                new RemoteTaskException(
                    "task failed in worker pid " + pid + ": " + err.cause(),
                    err.className(), pid, err.cause()));
      }
    }
    return results;
  }

  private static boolean hasFailure(@Nullable Object[] rs) {
    for (Object r : rs) {
      if (r instanceof Failure) {
        return true;
      }
    }
    return false;
  }

  private void linkLost(Link link) {
    Integer code = waitExit(link.process, Launcher.Cds.assemblesAotCache(link.command) ? 120_000 : 2_000);
    Launcher.Cds.publish(link.command, code);
    Chunk head;
    RuntimeException ex = null;
    List<Link> toFlush;
    boolean replace = false;
    RuntimeException breakPool = null;
    lock.lock();
    try {
      if (link.dead) {
        return;
      }
      link.dead = true;
      links.remove(link);
      retired.remove(link.process);
      if (link.ready && !link.retiring && !link.spare) {
        readyCount--;
      }
      head = link.outstanding.pollFirst();
      if (head != null) {
        Duration timeout = cfg.taskTimeout();
        if (link.timedOut == head && timeout != null) {
          ex =
              new TaskTimeoutException(
                  "task timed out after " + timeout + (head.count > 1 ? " per task (chunk of " + head.count + ")" : "")
                      + "; worker pid " + link.pid + " was killed and replaced",
                  link.pid, timeout);
          endHead(link, head, "timeout");
        } else {
          ex =
              new WorkerCrashedException(
                  "worker pid " + link.pid + " died while running a task (" + describeExit(code) + ")",
                  link.pid, code);
          endHead(link, head, "crashed");
        }
      }
      for (Iterator<Chunk> it = link.outstanding.descendingIterator(); it.hasNext(); ) {
        pending.addFirst(it.next());
      }
      link.outstanding.clear();
      boolean unexpected = !link.retiring && state < STOPPING;
      if (unexpected && !link.ready && (!everReady || ++consecutiveFailures >= 3)) {
        // workers die before they are ready (e.g. the initializer exits the JVM): do not respawn forever
        breakPool =
            new IllegalStateException(
                "worker pid " + link.pid + " died before it was ready (" + describeExit(code) + ")");
        brokenReason = breakPool;
      } else if (unexpected && cfg.onWorkerDeath() == WorkerDeathPolicy.TERMINATE_POOL) {
        breakPool =
            ex != null
                ? ex
                : new WorkerCrashedException(
                    "worker pid " + link.pid + " died (" + describeExit(code) + ")", link.pid, code);
        brokenReason = breakPool;
      } else if (unexpected) {
        replace = true;
        promoteSpareLocked();
      }
      toFlush = dispatchLocked();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    flush(toFlush);
    if (head != null && ex != null) {
      @Nullable Object[] rs = new Object[head.count];
      java.util.Arrays.fill(rs, new Failure(ex));
      head.job.chunkDone(head, rs);
    }
    if (breakPool != null) {
      RuntimeException r = breakPool;
      Thread.ofVirtual().start(() -> stopNow(r));
    } else if (replace) {
      spawnOne();
    }
  }

  static String describeExit(@Nullable Integer code) {
    if (code == null) {
      return "exit code unknown";
    }
    if (code < 0) {
      return "killed by signal " + (-code) + ", exit code " + code;
    }
    return "exit code " + code;
  }

  private void monitorLoop() {
    Duration timeout = cfg.taskTimeout();
    if (timeout == null) {
      return;
    }
    long t = timeout.toNanos();
    lock.lock();
    try {
      while (state < STOPPING) {
        long now = System.nanoTime();
        long wait = Math.min(t, TimeUnit.MILLISECONDS.toNanos(50));
        for (Link l : links) {
          Chunk head = l.outstanding.peekFirst();
          if (head == null || l.timedOut == head) {
            continue;
          }
          long deadline = l.headStart + t * head.count;
          if (now - deadline >= 0) {
            l.timedOut = head;
            l.process.destroyForcibly();
          } else {
            wait = Math.min(wait, deadline - now);
          }
        }
        changed.awaitNanos(Math.max(wait, TimeUnit.MILLISECONDS.toNanos(1)));
      }
    } catch (InterruptedException e) {
      // stop
    } finally {
      lock.unlock();
    }
  }
}
