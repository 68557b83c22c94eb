package dev.conclab.lab.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BootstrapTest {

  private static double[] noisy(double center, double pct, int n, long seed) {
    Random r = new Random(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = center * (1 + r.nextGaussian() * pct / 100);
    }
    return v;
  }

  @Test
  void median_intervalHoldsTheMedian_andNarrowsWithLessNoise() {
    double[] loud = noisy(100, 10, 9, 1);
    double[] quiet = noisy(100, 1, 9, 1);
    Interval l = Bootstrap.median(loud);
    Interval q = Bootstrap.median(quiet);
    assertThat(l.contains(Stats.median(loud))).isTrue();
    assertThat(q.high() - q.low()).isLessThan(l.high() - l.low());
  }

  @Test
  void median_singleValue_isAZeroWidthInterval() {
    assertThat(Bootstrap.median(new double[] {42})).isEqualTo(new Interval(42, 42));
  }

  @Test
  void ratio_coversTheTrueRatio_inMostSeededTrials() {
    int covered = 0;
    for (int seed = 0; seed < 200; seed++) {
      Interval i = Bootstrap.ratio(noisy(100, 5, 9, seed), noisy(50, 5, 9, seed + 1000));
      if (i.contains(2.0)) {
        covered++;
      }
    }
    // a 95 % interval of medians from 9 runs: well over 80 % of trials cover the truth
    assertThat(covered).isGreaterThan(160);
  }

  @Test
  void sameInput_sameInterval() {
    double[] a = noisy(10, 5, 5, 3);
    double[] b = noisy(5, 5, 5, 4);
    assertThat(Bootstrap.ratio(a, b)).isEqualTo(Bootstrap.ratio(a, b));
  }

  @Test
  void geometricMean_ofTwoRatios_liesBetweenThem() {
    List<double[]> nums = List.of(noisy(100, 1, 5, 1), noisy(100, 1, 5, 2));
    List<double[]> dens = List.of(noisy(50, 1, 5, 3), noisy(80, 1, 5, 4));
    double g = Bootstrap.geometricMeanOfRatiosEstimate(nums, dens);
    assertThat(g).isBetween(1.25 * 0.98, 2.0 * 1.02).isCloseTo(Math.sqrt(2.0 * 1.25), org.assertj.core.api.Assertions.within(0.05));
    assertThat(Bootstrap.geometricMeanOfRatios(nums, dens).contains(g)).isTrue();
  }

  @Test
  void nonPositiveOrEmpty_isRejected() {
    assertThatThrownBy(() -> Bootstrap.median(new double[0])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Bootstrap.ratio(new double[] {1}, new double[] {0}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
  }
}
