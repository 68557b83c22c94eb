package dev.conclab.aio;

import java.util.concurrent.CancellationException;
import org.jspecify.annotations.Nullable;

/**
 * A running coroutine on an {@link Aio} event loop ({@code asyncio.Task}), made by
 * {@link Aio#createTask}. It starts at the creator's next await, in creation order.
 *
 * <p>Thread-safe: {@link #cancel()} and the queries may be called from any thread;
 * {@link #await()} only from a task of the same loop.
 *
 * @param <T> the result type
 */
public sealed interface Task<T extends @Nullable Object> permits TaskImpl {

  /** The task's name ({@code Task-N} unless given). */
  String name();

  /**
   * Suspends the calling task until this task ends and returns its result (asyncio's
   * {@code await task}). Does not block the loop: other tasks run meanwhile.
   *
   * @throws CancellationException if this task was cancelled, or the caller is cancelled while waiting
   * @throws RuntimeException the task's own exception (a checked one wrapped in
   *     {@link java.util.concurrent.CompletionException})
   * @throws IllegalStateException if not called from a task of the same loop
   */
  T await();

  /**
   * Requests cancellation (asyncio's {@code task.cancel()}): a {@link CancellationException} is
   * raised in the task at its current or next await; a task that has not started never runs.
   * CPU code between awaits is not interrupted. Does not wait for the task to end.
   *
   * @return {@code false} if the task has already ended
   */
  boolean cancel();

  /** Whether the task has ended (returned, failed or was cancelled). */
  boolean isDone();

  /** Whether the task ended by cancellation. */
  boolean isCancelled();
}
