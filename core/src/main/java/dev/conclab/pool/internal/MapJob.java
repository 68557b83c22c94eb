package dev.conclab.pool.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;

/**
 * A {@code map}: every chunk submitted at once, results written into one array at their input
 * positions, the caller woken when the last chunk is done.
 *
 * <p>Threads: the calling thread runs {@link #run}; link readers (or the lifecycle's stop) call
 * {@link #chunkDone}. Chunks cover disjoint slots of {@code results}, and the latch publishes
 * every slot to the caller. Invariant: {@code remaining} is the number of chunks not yet done.
 */
final class MapJob extends Job {
  private final ChunkQueue queue;
  private final @Nullable Object[] results;
  private final CountDownLatch done = new CountDownLatch(1);
  private int remaining; // guarded by this

  MapJob(ChunkQueue queue, long fnId, byte[] fnFrame, int n) {
    super(fnId, fnFrame);
    this.queue = queue;
    this.results = new Object[n];
  }

  /**
   * Sends {@code items} in chunks of {@code chunksize} and blocks until every task ended.
   *
   * @return the results in input order
   * @throws RuntimeException the first task failure in input order
   * @throws CancellationException if interrupted while waiting (the interrupt is kept); queued
   *     chunks are dropped
   */
  List<@Nullable Object> run(List<?> items, int chunksize) {
    int n = items.size();
    if (n == 0) {
      return new ArrayList<>();
    }
    List<Chunk> chunks = new ArrayList<>((n + chunksize - 1) / chunksize);
    for (int i = 0; i < n; i += chunksize) {
      chunks.add(queue.encode(this, i, items.subList(i, Math.min(n, i + chunksize))));
    }
    synchronized (this) {
      remaining = chunks.size();
    }
    queue.submit(chunks);
    try {
      done.await();
    } catch (InterruptedException e) {
      queue.cancel(this);
      queue.finish(this);
      Thread.currentThread().interrupt();
      CancellationException ce = new CancellationException("interrupted while waiting for map");
      ce.initCause(e);
      throw ce;
    }
    queue.finish(this);
    List<@Nullable Object> out = new ArrayList<>(n);
    for (Object r : results) {
      if (r instanceof Failure f) {
        throw f.error();
      }
      out.add(r);
    }
    return out;
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
