package dev.conclab.pool.internal;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Dispatch: encodes chunks, keeps the queue of chunks no worker holds yet, and hands them to the
 * links with room, each link's outstanding chunks being its in-flight table.
 *
 * <p>Implementation notes. A worker holds at most {@link #WINDOW} chunks (one running, the rest
 * queued in the worker's memory, never in the socket), so a worker never waits for its next task
 * and the socket never fills both ways; the window widens to {@link #FAST_WINDOW} while a
 * worker's chunks take under {@link #FAST_CHUNK_NANOS}, so that tiny tasks travel in batches, and
 * narrows to 1 while they take over {@link #SLOW_CHUNK_NANOS}, so that the last chunks of a call
 * spread over all workers. Chunks run in order, so a link's first outstanding chunk is the one its
 * worker is running (its "head"), timed from when it became the head.
 *
 * <p>Threads: callers encode and submit; link readers dispatch after each result; the failure
 * handler and the lifecycle requeue and drain. The queue and every link's outstanding chunks are
 * guarded by {@link PoolState#lock}; frames go to a link's outbox under it and are written by
 * {@link #flush} after it is released. Invariant: a chunk is in exactly one place: this queue, one
 * link's outstanding chunks, or handed to its job.
 */
final class Dispatcher implements ChunkQueue {
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

  private final PoolConfig cfg;
  private final SerialFilter filter;
  private final PoolState st;
  private final ArrayDeque<Chunk> pending = new ArrayDeque<>();
  private final AtomicLong ids = new AtomicLong();

  Dispatcher(PoolConfig cfg, SerialFilter filter, PoolState st) {
    this.cfg = cfg;
    this.filter = filter;
    this.st = st;
  }

  /** A new function or chunk id, unique in this pool. Thread-safe. */
  long newId() {
    return ids.incrementAndGet();
  }

  /**
   * The FN frame for a function; lets the filter read results of classes from its locations.
   *
   * @throws IllegalArgumentException if the function cannot be serialized
   */
  byte[] fnFrame(long fnId, Object fn) {
    byte[] bytes;
    try {
      bytes = FunctionCodec.encode(fn);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot send the function to a worker: " + e.getMessage(), e);
    }
    Set<String> locs = Codec.locationsOf(fn);
    filter.allowLocations(locs);
    return new Frames.Fn(fnId, List.copyOf(locs), bytes).encode();
  }

  @Override
  public int maxInFlight() {
    return cfg.workers() * (FAST_WINDOW + WINDOW);
  }

  @Override
  public Chunk encode(Job job, int index, List<?> items) {
    Wire.Buf values = new Wire.Buf(items.size() * 8 + 16);
    Set<String> locs = new LinkedHashSet<>();
    for (int i = 0; i < items.size(); i++) {
      try {
        Codec.writeValue(values.data, items.get(i), locs);
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "cannot send item " + (index + i) + " to a worker: " + e.getMessage(), e);
      }
    }
    if (!locs.isEmpty()) {
      filter.allowLocations(locs);
    }
    long id = newId();
    byte[] frame = Frames.Task.encode(id, job.fnId, locs, items.size(), values);
    int size = frame.length - Wire.HEADER_BYTES;
    if (size > cfg.maxMessageBytes()) {
      throw new IllegalArgumentException(
          "items " + index + ".." + (index + items.size() - 1) + " encode to " + size
              + " bytes, over the pool's message limit of " + cfg.maxMessageBytes());
    }
    return new Chunk(job, id, index, items.size(), frame);
  }

  @Override
  public void submit(List<Chunk> chunks) {
    List<Link> toFlush;
    st.lock.lock();
    try {
      if (st.state != PoolState.RUNNING) {
        throw st.notRunningLocked();
      }
      pending.addAll(chunks);
      toFlush = dispatchLocked();
    } finally {
      st.lock.unlock();
    }
    flush(toFlush);
  }

  /** How many chunks {@code l} may hold, from how long its chunks take. */
  static int window(Link l) {
    return l.fast ? FAST_WINDOW : l.avgChunkNanos > SLOW_CHUNK_NANOS ? 1 : WINDOW;
  }

  /** Assigns queued chunks to workers with room; returns the links to flush. */
  List<Link> dispatchLocked() {
    if (st.state >= PoolState.STOPPING || pending.isEmpty()) {
      return List.of();
    }
    List<Link> touched = new ArrayList<>(2);
    List<Link> links = st.links;
    int n = links.size();
    for (int k = 0; k < n && !pending.isEmpty(); k++) {
      Link l = links.get(k);
      if (!l.takesTasks() || l.broken) {
        continue;
      }
      boolean any = false;
      int window = window(l);
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

  /** Writes the frames queued for each link. Call without the lock held. */
  static void flush(List<Link> ls) {
    for (Link l : ls) {
      l.flush();
    }
  }

  /**
   * Takes the link's head chunk off its in-flight table for the result {@code chunkId}, and
   * updates the link's average chunk time (and so its window).
   *
   * @throws IOException if {@code chunkId} is not the head: the worker broke the protocol
   */
  Chunk completeHeadLocked(Link link, long chunkId, String outcome) throws IOException {
    Chunk c = link.outstanding.peekFirst();
    if (c == null || c.id != chunkId) {
      throw new IOException("result for an unknown chunk " + chunkId);
    }
    link.outstanding.pollFirst();
    endHead(link, c, outcome);
    long now = System.nanoTime();
    long service = now - link.headStart;
    link.avgChunkNanos =
        link.avgChunkNanos == 0 ? service : link.avgChunkNanos + (service - link.avgChunkNanos) / 8;
    link.fast = link.avgChunkNanos < FAST_CHUNK_NANOS;
    if (!link.outstanding.isEmpty()) {
      beginHead(link, now);
    }
    return c;
  }

  /**
   * For a lost link: takes its head chunk (the one its worker was running, or null) and puts
   * the chunks queued behind it back at the front of the queue, in order.
   */
  @Nullable Chunk takeHeadAndRequeueLocked(Link link, String outcome) {
    Chunk head = link.outstanding.pollFirst();
    if (head != null) {
      endHead(link, head, outcome);
    }
    for (Iterator<Chunk> it = link.outstanding.descendingIterator(); it.hasNext(); ) {
      pending.addFirst(it.next());
    }
    link.outstanding.clear();
    return head;
  }

  /** Removes and returns every chunk not yet done: queued ones and those the links hold. */
  List<Chunk> drainLocked() {
    List<Chunk> all = new ArrayList<>(pending);
    pending.clear();
    for (Link l : st.links) {
      all.addAll(l.outstanding);
      l.outstanding.clear();
    }
    return all;
  }

  /** Whether any chunk is queued or held by a link. */
  boolean hasWorkLocked() {
    if (!pending.isEmpty()) {
      return true;
    }
    for (Link l : st.links) {
      if (!l.outstanding.isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /** Fails every task of {@code chunks} with {@code reason}. Call without the lock held. */
  static void fail(List<Chunk> chunks, RuntimeException reason) {
    for (Chunk c : chunks) {
      @Nullable Object[] rs = new Object[c.count];
      java.util.Arrays.fill(rs, new Failure(reason));
      c.job.chunkDone(c, rs);
    }
  }

  @Override
  public void finish(Job job) {
    List<Link> toFlush = new ArrayList<>();
    st.lock.lock();
    try {
      byte[] forget = null;
      for (Link l : job.holders) {
        if (!l.dead && l.fns.remove(job.fnId)) {
          if (forget == null) {
            forget = new Frames.Forget(job.fnId).encode();
          }
          l.enqueue(forget);
          toFlush.add(l);
        }
      }
      job.holders.clear();
    } finally {
      st.lock.unlock();
    }
    flush(toFlush);
  }

  @Override
  public void cancel(Job job) {
    job.cancelled = true;
    st.lock.lock();
    try {
      pending.removeIf(c -> c.job == job);
    } finally {
      st.lock.unlock();
    }
  }

  private static void beginHead(Link l, long now) {
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
}
