package dev.conclab.pool.internal;

import dev.conclab.pool.RemoteTaskException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reading results: the loop each link's reader thread runs. It decodes the worker's frames
 * (READY, INIT_FAILED, RESULT), completes chunks, refills the worker and retires it after {@code
 * maxTasksPerChild}; when the link ends it reports the loss to {@link Recovery}. It refills only
 * when no further result is already buffered, so a burst of results costs one flush.
 *
 * <p>Threads: one platform thread per link runs {@link #run} for that link; the methods take
 * {@link PoolState#lock} for bookkeeping and complete jobs after releasing it. Stateless itself.
 */
final class LinkReader {
  private final PoolConfig cfg;
  private final SerialFilter filter;
  private final PoolState st;
  private final Dispatcher dispatcher;
  private final Workers workers;
  private final Recovery recovery;
  private final Consumer<RuntimeException> breakPool;

  LinkReader(
      PoolConfig cfg, SerialFilter filter, PoolState st, Dispatcher dispatcher, Workers workers,
      Recovery recovery, Consumer<RuntimeException> breakPool) {
    this.cfg = cfg;
    this.filter = filter;
    this.st = st;
    this.dispatcher = dispatcher;
    this.workers = workers;
    this.recovery = recovery;
    this.breakPool = breakPool;
  }

  /** Reads the link until it ends, then reports its loss. Blocks for the link's lifetime. */
  void run(Link link) {
    try {
      while (true) {
        Wire.Frame f = Wire.read(link.in, cfg.maxMessageBytes() + 1024);
        switch (f.type()) {
          case Wire.READY -> ready(link);
          case Wire.INIT_FAILED -> initFailed(link, f);
          case Wire.RESULT -> result(link, ResultFrame.decode(f, filter, link.pid), link.hasBufferedInput());
          default -> throw new IOException("unexpected frame type " + f.type());
        }
      }
    } catch (IOException | RuntimeException e) {
      link.breakLink();
    }
    recovery.linkLost(link);
  }

  private void ready(Link link) {
    List<Link> toFlush;
    int spares = 0;
    st.lock.lock();
    try {
      link.spare = st.activeLocked() >= cfg.workers();
      link.ready = true;
      st.everReady = true;
      st.consecutiveFailures = 0;
      if (!link.spare) {
        st.readyCount++;
      }
      if (!st.reserveStarted && st.readyCount >= cfg.workers()) {
        st.reserveStarted = true;
        spares = cfg.reserve();
      }
      toFlush = dispatcher.dispatchLocked();
      st.changed.signalAll();
    } finally {
      st.lock.unlock();
    }
    Dispatcher.flush(toFlush);
    workers.spawn(spares);
  }

  private void initFailed(Link link, Wire.Frame f) throws IOException {
    ErrorCodec.RemoteError err = Frames.InitFailed.decode(f, filter);
    RemoteTaskException ex =
        new RemoteTaskException(
            "the pool's initializer failed in worker pid " + link.pid + ": " + err.cause(),
            err.className(), link.pid, err.cause());
    st.lock.lock();
    try {
      st.breakLocked(ex);
    } finally {
      st.lock.unlock();
    }
    breakPool.accept(ex);
  }

  private void result(Link link, ResultFrame r, boolean moreBuffered) throws IOException {
    Chunk c;
    List<Link> toFlush = List.of();
    boolean spawnReplacement = false;
    st.lock.lock();
    try {
      c = dispatcher.completeHeadLocked(link, r.chunkId(), r.anyFailed() ? "failed" : "ok");
      if (cfg.maxTasksPerChild() > 0
          && link.sent >= cfg.maxTasksPerChild()
          && link.outstanding.isEmpty()
          && !link.retiring) {
        link.retiring = true;
        link.enqueue(Frames.shutdown());
        st.retired.add(link.process);
        recovery.promoteSpareLocked();
        spawnReplacement = st.state < PoolState.STOPPING;
        toFlush = new ArrayList<>(List.of(link));
      }
      if (!moreBuffered) {
        List<Link> more = dispatcher.dispatchLocked();
        if (!more.isEmpty()) {
          if (toFlush.isEmpty()) {
            toFlush = more;
          } else {
            toFlush.addAll(more);
          }
        }
      }
      if (st.state == PoolState.SHUTDOWN) {
        st.changed.signalAll();
      }
    } finally {
      st.lock.unlock();
    }
    Dispatcher.flush(toFlush);
    c.job.chunkDone(c, r.results());
    if (spawnReplacement) {
      workers.spawnOne();
    }
  }
}
