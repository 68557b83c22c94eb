/**
 * The process pool's engine: {@link dev.conclab.pool.internal.PoolEngine} and the parts it wires
 * together (starting workers, dispatch, result delivery, reading results, failure handling),
 * the worker protocol's frames, codec, deserialization filter and {@link
 * dev.conclab.pool.internal.WorkerMain}. Not API: public only so that {@code dev.conclab.pool}
 * and the worker JVM can reach it; may change at any time. {@code docs/pool.md}, "How the engine
 * is built", maps the classes and the threads that touch each.
 */
@NullMarked
package dev.conclab.pool.internal;

import org.jspecify.annotations.NullMarked;
