package dev.conclab.aio;

import org.jspecify.annotations.Nullable;

/**
 * How one awaitable of {@link Aio#gatherOutcomes} ended: the Java form of the list that
 * {@code asyncio.gather(..., return_exceptions=True)} returns, where a failure takes its place.
 *
 * @param <T> the result type
 */
public sealed interface Outcome<T extends @Nullable Object> {

  /** A task that returned {@code value}. */
  record Success<T extends @Nullable Object>(T value) implements Outcome<T> {}

  /** A task that threw {@code error} (a {@link java.util.concurrent.CancellationException} if cancelled). */
  record Failure<T extends @Nullable Object>(Throwable error) implements Outcome<T> {}

  /** Whether this outcome is a {@link Success}. */
  default boolean isSuccess() {
    return this instanceof Success;
  }
}
