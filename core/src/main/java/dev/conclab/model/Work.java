package dev.conclab.model;

import static java.util.Objects.requireNonNull;

import dev.conclab.pool.SerializableFunction;
import org.jspecify.annotations.Nullable;

/**
 * What an {@link ExecutionModel} applies to each item: a blocking function (serializable, so the
 * {@code processes} and {@code cluster} models can ship it to another JVM) and, for I/O work, an
 * optional non-blocking form for the {@code async} model. CPU work has no non-blocking form: on
 * the event loop it runs the blocking form and holds the loop, as CPU code does under asyncio.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param <T> the argument type
 * @param <R> the result type
 */
public final class Work<T, R> {
  private final String name;
  private final SerializableFunction<T, R> blocking;
  private final @Nullable AsyncFunction<T, R> nonBlocking;

  private Work(String name, SerializableFunction<T, R> blocking, @Nullable AsyncFunction<T, R> nonBlocking) {
    this.name = requireNonNull(name, "name");
    this.blocking = requireNonNull(blocking, "blocking");
    this.nonBlocking = nonBlocking;
  }

  /** Work with only a blocking form (CPU work, or I/O work that has no non-blocking client). */
  public static <T, R> Work<T, R> of(String name, SerializableFunction<T, R> blocking) {
    return new Work<>(name, blocking, null);
  }

  /** I/O work with both forms; the {@code async} model runs {@code nonBlocking}. */
  public static <T, R> Work<T, R> of(
      String name, SerializableFunction<T, R> blocking, AsyncFunction<T, R> nonBlocking) {
    return new Work<>(name, blocking, requireNonNull(nonBlocking, "nonBlocking"));
  }

  public String name() {
    return name;
  }

  public SerializableFunction<T, R> blocking() {
    return blocking;
  }

  public @Nullable AsyncFunction<T, R> nonBlocking() {
    return nonBlocking;
  }

  @Override
  public String toString() {
    return "Work[" + name + (nonBlocking == null ? "" : ", non-blocking") + "]";
  }
}
