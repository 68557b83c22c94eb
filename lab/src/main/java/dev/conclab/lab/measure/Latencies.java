package dev.conclab.lab.measure;

import org.HdrHistogram.Histogram;

/**
 * Latency percentiles of one batch, recorded (not averaged) in an HdrHistogram with 3 significant
 * digits, in microseconds. Not thread-safe.
 */
public final class Latencies {
  private final Histogram histogram = new Histogram(3_600_000_000L, 3);

  /** Records one latency; negative values (clock steps) count as 0, huge ones are clamped. */
  public void record(long micros) {
    histogram.recordValue(Math.min(Math.max(0, micros), histogram.getHighestTrackableValue()));
  }

  public long count() {
    return histogram.getTotalCount();
  }

  /** The value at {@code percentile} (0-100) in milliseconds. */
  public double percentileMs(double percentile) {
    return histogram.getValueAtPercentile(percentile) / 1000.0;
  }
}
