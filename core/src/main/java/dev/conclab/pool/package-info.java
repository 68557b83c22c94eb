/**
 * A {@code multiprocessing}-style pool of worker JVMs: {@link dev.conclab.pool.ProcessPool} and
 * {@link dev.conclab.pool.ProcessTask}. {@link dev.conclab.pool.Pool} is the contract every pool
 * keeps (the cluster module's {@code ClusterPool} too): checked {@code InterruptedException}, and
 * {@link dev.conclab.pool.TaskException} for every task that failed.
 */
@NullMarked
package dev.conclab.pool;

import org.jspecify.annotations.NullMarked;
