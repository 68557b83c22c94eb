package dev.conclab.pool.internal;

import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One call's function and its chunks: a {@code map}, an {@code imap} iteration, an {@code apply}.
 *
 * <p>Threads: the caller creates it and submits its chunks; link readers, the lifecycle's stop
 * and the caller itself (chunks it could not send) call {@link #chunkDone}, each chunk exactly
 * once. {@link #holders} is guarded by the pool's lock ({@link PoolState#lock}).
 */
abstract class Job {
  final long fnId;
  /** The FN frame, sent to each worker before the first of this job's chunks it gets. */
  final byte[] fnFrame;
  /** The links that hold this job's function; each gets a FORGET when the job is finished. */
  final Set<Link> holders = new HashSet<>();

  /** Set when the caller gave up: queued chunks of the job are dropped instead of sent. */
  volatile boolean cancelled;

  Job(long fnId, byte[] fnFrame) {
    this.fnId = fnId;
    this.fnFrame = fnFrame;
  }

  /**
   * Receives a chunk's results, each a value or a {@link Failure}. Called without the pool's lock
   * held, once per chunk, from any thread.
   */
  abstract void chunkDone(Chunk c, @Nullable Object[] results);
}
