package dev.conclab.pool.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * An {@code apply}: one task, its result delivered to a future. Threads: the caller submits; the
 * link reader that gets the result (or the lifecycle's stop) calls {@link #chunkDone}, which
 * completes the future on {@code completer}, never on the reader itself unless the caller asked.
 */
final class ApplyJob extends Job {
  private final ChunkQueue queue;
  private final Executor completer;
  final CompletableFuture<@Nullable Object> future = new CompletableFuture<>();

  ApplyJob(ChunkQueue queue, long fnId, byte[] fnFrame, Executor completer) {
    super(fnId, fnFrame);
    this.queue = queue;
    this.completer = completer;
  }

  /** Submits the task; does not wait for it. */
  CompletableFuture<@Nullable Object> submit() {
    List<Object> one = new ArrayList<>(1);
    one.add(null);
    queue.submit(List.of(queue.encode(this, 0, one)));
    return future;
  }

  @Override
  void chunkDone(Chunk c, @Nullable Object[] results) {
    queue.finish(this);
    Object r = results[0];
    completer.execute(
        () -> {
          if (r instanceof Failure fail) {
            future.completeExceptionally(fail.error());
          } else {
            future.complete(r);
          }
        });
  }
}
