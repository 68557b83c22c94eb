package dev.conclab.lab.advise;

import dev.conclab.pool.SerializableFunction;
import java.io.Serial;
import org.jspecify.annotations.Nullable;

/**
 * A task as a process-based model runs it: in the worker JVM, the result is serialized to bytes
 * there and a failure travels as a plain message, so the parent never needs the user's classes
 * (which a worker opens from the user's class path, see {@link UserTask}). The bytes that come
 * back are what such a model would ship per result anyway.
 *
 * <p>Immutable and thread-safe when the wrapped function is.
 */
final class Shipped<T> implements SerializableFunction<T, byte[]> {
  @Serial private static final long serialVersionUID = 1L;

  @SuppressWarnings("serial") // the wrapped function is serializable by its type
  private final SerializableFunction<T, ?> task;

  Shipped(SerializableFunction<T, ?> task) {
    this.task = task;
  }

  @Override
  public byte[] apply(T input) {
    @Nullable Object result;
    try {
      result = task.apply(input);
    } catch (RuntimeException | Error e) {
      throw new IllegalStateException(Profiler.oneLine(e));
    }
    try {
      return Serialized.bytes(result);
    } catch (Serialized.NotSerializable e) {
      throw new IllegalStateException("result is not serializable: " + e.getMessage());
    }
  }
}
