package dev.conclab.lab.measure;

import java.util.Arrays;

/** Median and spread of repeated measurements. Stateless. */
public final class Stats {
  private Stats() {}

  /** The median (mean of the two middle values for an even count). */
  public static double median(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no values");
    }
    double[] s = values.clone();
    Arrays.sort(s);
    int m = s.length / 2;
    return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
  }

  /** Index of the value closest to the median (the repetition reported). */
  public static int medianIndex(double[] values) {
    double med = median(values);
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (Math.abs(values[i] - med) < Math.abs(values[best] - med)) {
        best = i;
      }
    }
    return best;
  }

  /**
   * The runs' spread: their sample standard deviation as a percentage of their mean (pyperf's
   * measure of an unstable benchmark, hyperfine's σ); 0 for fewer than two values. Unlike the
   * range ({@code (max - min) / median}) it does not grow with the number of runs, so measuring
   * more runs can settle a cell instead of widening its spread.
   */
  public static double spreadPercent(double[] values) {
    int n = values.length;
    if (n < 2) {
      return 0;
    }
    double mean = Arrays.stream(values).average().orElse(0);
    if (mean == 0) {
      return 0;
    }
    double ss = 0;
    for (double v : values) {
      ss += (v - mean) * (v - mean);
    }
    return Math.sqrt(ss / (n - 1)) / mean * 100;
  }
}
