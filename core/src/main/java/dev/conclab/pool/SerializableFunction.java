package dev.conclab.pool;

import java.io.Serializable;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Function} that can be sent to a worker JVM, so that a method reference such as
 * {@code Squares::compute} can be handed to {@link ProcessPool#map}.
 *
 * @param <T> the argument type
 * @param <R> the result type
 */
@FunctionalInterface
public interface SerializableFunction<T extends @Nullable Object, R extends @Nullable Object>
    extends Function<T, R>, Serializable {}
