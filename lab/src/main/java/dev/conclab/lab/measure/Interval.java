package dev.conclab.lab.measure;

import java.util.Locale;

/**
 * A two-sided confidence interval around a measured quantity, e.g. the 95 % interval of a
 * median wall time or of a speedup. Immutable.
 *
 * @param low the lower bound
 * @param high the upper bound, at least {@code low}
 */
public record Interval(double low, double high) {
  public Interval {
    if (!(low <= high)) {
      throw new IllegalArgumentException("interval bounds out of order: " + low + " > " + high);
    }
  }

  /** True when the whole interval lies at or above {@code threshold}. */
  public boolean atLeast(double threshold) {
    return low >= threshold;
  }

  /** True when the whole interval lies at or below {@code threshold}. */
  public boolean atMost(double threshold) {
    return high <= threshold;
  }

  /** True when {@code value} lies inside the interval (bounds included). */
  public boolean contains(double value) {
    return low <= value && value <= high;
  }

  /** Half the interval's width relative to {@code center}, in percent. */
  public double halfWidthPercent(double center) {
    return center == 0 ? 0 : (high - low) / 2 / Math.abs(center) * 100;
  }

  /** {@code [low, high]} with the given number of decimals. */
  public String format(int decimals) {
    return String.format(Locale.ROOT, "[%." + decimals + "f, %." + decimals + "f]", low, high);
  }
}
