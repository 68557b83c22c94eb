/**
 * The process pool's engine: worker launcher, framed channel, codec, deserialization filter and
 * {@link dev.conclab.pool.internal.WorkerMain}. Not API: public only so that {@code
 * dev.conclab.pool} and the worker JVM can reach it; may change at any time.
 */
@NullMarked
package dev.conclab.pool.internal;

import org.jspecify.annotations.NullMarked;
