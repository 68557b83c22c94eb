package dev.conclab.pool;

import java.io.Serializable;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * A {@link BiFunction} that can be sent to a worker JVM; used by {@link ProcessPool#starmap}.
 *
 * @param <A> the first argument type
 * @param <B> the second argument type
 * @param <R> the result type
 */
@FunctionalInterface
public interface SerializableBiFunction<
        A extends @Nullable Object, B extends @Nullable Object, R extends @Nullable Object>
    extends BiFunction<A, B, R>, Serializable {}
