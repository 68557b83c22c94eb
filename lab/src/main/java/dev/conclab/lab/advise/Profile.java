package dev.conclab.lab.advise;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the task costs when it runs alone, one input after another on one thread.
 *
 * @param tasks measured tasks (after unmeasured warm-up tasks)
 * @param wallMsPerTask mean wall time of a task, less the time its thread waited for a CPU (what
 *     the task takes on a machine with a core free for it)
 * @param cpuMsPerTask mean CPU time of the task's thread during a task
 * @param cpuFraction CPU time / wall time (as above), 0..1
 * @param runQueueMsPerTask mean time the task's thread was ready but waited for a CPU, because
 *     the machine was busy (Linux's schedstat); null where it cannot be read
 * @param elapsedMsPerTask mean elapsed time of a task, including that wait
 * @param blockedMsPerTask mean time the task's thread spent in JFR's waiting events (socket and
 *     file I/O, parks, monitor waits, sleeps); null when JFR could not record
 * @param blockedMsByEvent the same per event name ({@code SocketRead}, {@code ThreadSleep}, ...)
 * @param allocatedBytesPerTask mean bytes allocated by the task's thread during a task
 * @param argumentBytes mean serialized size of an argument; null when it is not serializable
 * @param resultBytes mean serialized size of a result; null when it is not serializable
 * @param transferMsPerTask median time to serialize and deserialize one argument and its result,
 *     what a process-based model pays per task besides the bytes on the wire; null when either
 *     is not serializable
 * @param notSerializable which class is not serializable (argument or result), or null
 * @param deterministic whether repeated inputs gave equal results; null when nothing repeated
 * @param determinism one sentence about the check
 */
public record Profile(
    int tasks,
    double wallMsPerTask,
    double cpuMsPerTask,
    double cpuFraction,
    @Nullable Double runQueueMsPerTask,
    double elapsedMsPerTask,
    @Nullable Double blockedMsPerTask,
    Map<String, Double> blockedMsByEvent,
    long allocatedBytesPerTask,
    @Nullable Long argumentBytes,
    @Nullable Long resultBytes,
    @Nullable Double transferMsPerTask,
    @Nullable String notSerializable,
    @Nullable Boolean deterministic,
    String determinism) {

  /** Mean time off CPU per task: wall minus CPU. */
  public double waitMsPerTask() {
    return Math.max(0, wallMsPerTask - cpuMsPerTask);
  }
}
