package dev.conclab.lab.measure;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Percentile-bootstrap confidence intervals (as Criterion.rs reports them) for the statistics
 * the lab prints: the median of repeated runs, the ratio of two medians (a speedup, a change
 * between two runs), and the geometric mean of several such ratios (a verdict over workloads
 * taken together). A ratio's interval comes from resampling both of its measured quantities.
 *
 * <p>Resampling uses a fixed seed, so the same measurements always give the same interval.
 * Stateless and thread-safe.
 */
public final class Bootstrap {
  /** Resamples drawn for every interval. */
  static final int RESAMPLES = 2_000;

  /** The confidence level of every interval. */
  public static final double CONFIDENCE = 0.95;

  private static final long SEED = 0x5EEDC0DEL;

  private Bootstrap() {}

  /** The 95 % interval of the median of {@code xs}; a single value gives a zero-width interval. */
  public static Interval median(double[] xs) {
    check(xs);
    SplittableRandom rnd = new SplittableRandom(SEED);
    double[] stats = new double[RESAMPLES];
    double[] buf = new double[xs.length];
    for (int i = 0; i < RESAMPLES; i++) {
      stats[i] = resampledMedian(xs, buf, rnd);
    }
    return percentiles(stats);
  }

  /**
   * The 95 % interval of {@code median(num) / median(den)}, resampling both arrays independently.
   * For a speedup, {@code num} holds the baseline's times and {@code den} the model's.
   */
  public static Interval ratio(double[] num, double[] den) {
    return geometricMeanOfRatios(List.of(num), List.of(den));
  }

  /**
   * The 95 % interval of the geometric mean, over several pairs, of {@code median(num_i) /
   * median(den_i)}: several workloads' speedups taken together. Every resample redraws every
   * array.
   *
   * @throws IllegalArgumentException if the lists differ in length, are empty, or an array is
   *     empty or holds a value that is not positive and finite
   */
  public static Interval geometricMeanOfRatios(List<double[]> nums, List<double[]> dens) {
    if (nums.size() != dens.size() || nums.isEmpty()) {
      throw new IllegalArgumentException("need as many numerators as denominators, at least one");
    }
    for (int k = 0; k < nums.size(); k++) {
      check(nums.get(k));
      check(dens.get(k));
    }
    SplittableRandom rnd = new SplittableRandom(SEED);
    double[] stats = new double[RESAMPLES];
    int longest = 0;
    for (int k = 0; k < nums.size(); k++) {
      longest = Math.max(longest, Math.max(nums.get(k).length, dens.get(k).length));
    }
    double[] buf = new double[longest];
    for (int i = 0; i < RESAMPLES; i++) {
      double logSum = 0;
      for (int k = 0; k < nums.size(); k++) {
        logSum += Math.log(resampledMedian(nums.get(k), buf, rnd) / resampledMedian(dens.get(k), buf, rnd));
      }
      stats[i] = Math.exp(logSum / nums.size());
    }
    return percentiles(stats);
  }

  /** The geometric mean of the ratios of the medians: the point estimate beside that interval. */
  public static double geometricMeanOfRatiosEstimate(List<double[]> nums, List<double[]> dens) {
    double logSum = 0;
    for (int k = 0; k < nums.size(); k++) {
      logSum += Math.log(Stats.median(nums.get(k)) / Stats.median(dens.get(k)));
    }
    return Math.exp(logSum / nums.size());
  }

  private static double resampledMedian(double[] xs, double[] buf, SplittableRandom rnd) {
    int n = xs.length;
    for (int j = 0; j < n; j++) {
      buf[j] = xs[rnd.nextInt(n)];
    }
    Arrays.sort(buf, 0, n);
    return n % 2 == 1 ? buf[n / 2] : (buf[n / 2 - 1] + buf[n / 2]) / 2;
  }

  private static Interval percentiles(double[] stats) {
    Arrays.sort(stats);
    double tail = (1 - CONFIDENCE) / 2;
    int lo = (int) Math.floor(tail * (stats.length - 1));
    int hi = (int) Math.ceil((1 - tail) * (stats.length - 1));
    return new Interval(stats[lo], stats[hi]);
  }

  private static void check(double[] xs) {
    if (xs.length == 0) {
      throw new IllegalArgumentException("no values");
    }
    for (double x : xs) {
      if (!(x > 0) || !Double.isFinite(x)) {
        throw new IllegalArgumentException("values must be positive and finite, got " + x);
      }
    }
  }
}
