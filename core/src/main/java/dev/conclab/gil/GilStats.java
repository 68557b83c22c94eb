package dev.conclab.gil;

import java.time.Duration;

/**
 * Counters of one {@link Gil}: how often it was taken and changed hands, and how long threads
 * waited for it. An immutable snapshot.
 *
 * @param acquisitions times a thread took the lock
 * @param switches takes by a thread other than the previous holder (hand-offs)
 * @param dropRequests drop requests set by waiting threads after a switch interval
 * @param forcedDrops times a holder dropped the lock at {@link Gil#check()} because of a request
 * @param waitNanos total time threads spent waiting to take the lock
 * @param maxWaitNanos the longest single wait
 * @param handoffs takes by a thread that had been waiting for the lock
 * @param handoffNanos total hand-off latency: for each of those takes, the time from the holder
 *     dropping the lock to the waiter taking it
 */
public record GilStats(
    long acquisitions,
    long switches,
    long dropRequests,
    long forcedDrops,
    long waitNanos,
    long maxWaitNanos,
    long handoffs,
    long handoffNanos) {

  /** Total time threads spent waiting for the lock. */
  public Duration waitTime() {
    return Duration.ofNanos(waitNanos);
  }

  /** Mean wait per take, in microseconds (0 when never taken). */
  public double meanWaitMicros() {
    return acquisitions == 0 ? 0 : waitNanos / 1e3 / acquisitions;
  }

  /** Mean hand-off latency (drop to take by a waiting thread), in microseconds (0 when none). */
  public double meanHandoffMicros() {
    return handoffs == 0 ? 0 : handoffNanos / 1e3 / handoffs;
  }

  @Override
  public String toString() {
    return String.format(
        java.util.Locale.ROOT,
        "acquisitions=%d switches=%d dropRequests=%d forcedDrops=%d wait=%.1fms (mean %.1fµs, max %.1fms)"
            + " handoff mean %.1fµs",
        acquisitions, switches, dropRequests, forcedDrops, waitNanos / 1e6, meanWaitMicros(), maxWaitNanos / 1e6,
        meanHandoffMicros());
  }
}
