package dev.conclab.pool.internal;

import java.util.List;

/**
 * What a {@link Job} needs from the pool: its chunks encoded, queued for the workers, and its
 * function forgotten when it is done. {@link Dispatcher} is the pool's; tests use their own.
 * Implementations are thread-safe.
 */
interface ChunkQueue {
  /**
   * Encodes {@code items}, the job's tasks from {@code index} on, as one chunk.
   *
   * @throws IllegalArgumentException if an item cannot be sent (not serializable, over the
   *     message limit)
   */
  Chunk encode(Job job, int index, List<?> items);

  /**
   * Queues chunks for the workers and hands them out; does not wait for them to run.
   *
   * @throws IllegalStateException if the pool no longer accepts work
   */
  void submit(List<Chunk> chunks);

  /** Tells the workers holding the job's function to drop it. */
  void finish(Job job);

  /** Marks the job cancelled and drops its queued chunks; chunks already sent still run. */
  void cancel(Job job);

  /** How many chunks a lazy iteration keeps submitted ahead of its consumer. */
  int maxInFlight();
}
