package dev.conclab.lab.workload;

import java.io.Serializable;
import java.time.Instant;

/**
 * What one task returns: its checked value and when it started and ended, in microseconds since
 * the epoch (a clock shared by the parent and worker JVMs, so latencies can be computed for tasks
 * that ran in another process).
 *
 * @param value the task's result, compared with the sequential model's
 * @param startMicros when the task started, microseconds since the epoch
 * @param endMicros when the task ended, microseconds since the epoch
 */
public record Outcome(long value, long startMicros, long endMicros) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The current time in microseconds since the epoch. */
  public static long nowMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  /** An outcome for a task that started at {@code startMicros} and ends now. */
  public static Outcome since(long startMicros, long value) {
    return new Outcome(value, startMicros, nowMicros());
  }
}
