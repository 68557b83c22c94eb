package dev.conclab.pool.internal;

import dev.conclab.pool.SerializableBiFunction;
import dev.conclab.pool.SerializableCallable;
import dev.conclab.pool.SerializableFunction;
import org.jspecify.annotations.Nullable;

/** Serializable adapters that turn every kind of task into a function of one argument. */
public final class Adapters {
  private Adapters() {}

  /** {@code apply}: a callable, its argument ignored. */
  public record CallFn(SerializableCallable<?> callable)
      implements SerializableFunction<@Nullable Object, @Nullable Object> {
    private static final long serialVersionUID = 1L;

    @Override
    public @Nullable Object apply(@Nullable Object ignored) {
      try {
        return callable.call();
      } catch (Exception e) {
        throw Adapters.<RuntimeException>sneaky(e);
      }
    }
  }

  /** {@code starmap}: a two-argument function applied to a {@link Pair}. */
  public record StarFn(SerializableBiFunction<@Nullable Object, @Nullable Object, ?> fn)
      implements SerializableFunction<@Nullable Object, @Nullable Object> {
    private static final long serialVersionUID = 1L;

    @Override
    public @Nullable Object apply(@Nullable Object pair) {
      Pair p = (Pair) pair;
      if (p == null) {
        throw new IllegalArgumentException("starmap item is null");
      }
      return fn.apply(p.first(), p.second());
    }
  }

  @SuppressWarnings({"unchecked", "TypeParameterUnusedInFormals"})
  static <E extends Throwable> E sneaky(Throwable t) throws E {
    throw (E) t;
  }
}
