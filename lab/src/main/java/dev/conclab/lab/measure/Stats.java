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

  /** (max - min) / median, in percent; 0 for a single value. */
  public static double spreadPercent(double[] values) {
    double med = median(values);
    if (med == 0) {
      return 0;
    }
    double min = Arrays.stream(values).min().orElse(0);
    double max = Arrays.stream(values).max().orElse(0);
    return (max - min) / med * 100;
  }
}
