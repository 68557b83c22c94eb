/**
 * A {@code multiprocessing}-style pool of worker JVMs: {@link dev.conclab.pool.ProcessPool} and
 * {@link dev.conclab.pool.ProcessTask}.
 */
@NullMarked
package dev.conclab.pool;

import org.jspecify.annotations.NullMarked;
