package dev.conclab.fetch;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Totals over one {@link Fetcher#fetchAll} run.
 *
 * @param ok rows that succeeded
 * @param failed rows that failed
 * @param byKind failed rows per error kind, only kinds that occurred, in {@link ErrorKind} order
 * @param totalTime wall time of the whole run
 */
public record FetchSummary(long ok, long failed, Map<ErrorKind, Long> byKind, Duration totalTime) {

  public FetchSummary {
    requireNonNull(byKind, "byKind");
    requireNonNull(totalTime, "totalTime");
    EnumMap<ErrorKind, Long> copy = new EnumMap<>(ErrorKind.class);
    copy.putAll(byKind);
    byKind = Collections.unmodifiableMap(copy);
  }

  /** All rows. */
  public long total() {
    return ok + failed;
  }

  /** Rows per second of wall time (0 when no time passed). */
  public double requestsPerSecond() {
    long nanos = totalTime.toNanos();
    return nanos <= 0 ? 0 : total() * 1e9 / nanos;
  }

  /** Whether every row succeeded. */
  public boolean allOk() {
    return failed == 0;
  }
}
