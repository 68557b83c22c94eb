package dev.conclab.pool;

import java.io.Serializable;

/**
 * A {@link Runnable} that can be sent to a worker JVM; the target of a {@link ProcessTask}, like
 * {@code multiprocessing.Process(target=work)}.
 */
@FunctionalInterface
public interface SerializableRunnable extends Runnable, Serializable {}
