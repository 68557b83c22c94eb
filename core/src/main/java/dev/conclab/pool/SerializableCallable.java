package dev.conclab.pool;

import java.io.Serializable;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Callable} that can be sent to a worker JVM; used by {@link ProcessPool#apply}.
 *
 * @param <R> the result type
 */
@FunctionalInterface
public interface SerializableCallable<R extends @Nullable Object> extends Callable<R>, Serializable {}
