package dev.conclab.lab.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class StatsTest {

  @Test
  void spread_isTheStandardDeviationAsAPercentageOfTheMean() {
    assertThat(Stats.spreadPercent(new double[] {90, 100, 110})).isCloseTo(10.0, within(1e-9));
    assertThat(Stats.spreadPercent(new double[] {50, 50, 50, 50})).isZero();
  }

  @Test
  void spread_ofOneValueOrNothingIsZero() {
    assertThat(Stats.spreadPercent(new double[] {42})).isZero();
    assertThat(Stats.spreadPercent(new double[0])).isZero();
  }

  @Test
  void spread_doesNotGrowWithTheNumberOfRuns() {
    // The range of n noisy runs widens as n grows; the standard deviation stays near the noise,
    // so re-measuring with more repetitions can settle a cell.
    Random r = new Random(7);
    double[] few = new double[5];
    double[] many = new double[200];
    for (int i = 0; i < many.length; i++) {
      double v = 100 * (1 + r.nextGaussian() * 0.04);
      many[i] = v;
      if (i < few.length) {
        few[i] = v;
      }
    }
    assertThat(Stats.spreadPercent(many)).isBetween(3.0, 5.0);
    assertThat(range(many)).isGreaterThan(range(few)).isGreaterThan(15.0);
  }

  @Test
  void median_ofAnEvenCountIsTheMeanOfTheMiddleTwo() {
    assertThat(Stats.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
    assertThat(Stats.medianIndex(new double[] {10, 30, 20})).isEqualTo(2);
  }

  private static double range(double[] v) {
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    for (double x : v) {
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    return (max - min) / Stats.median(v) * 100;
  }
}
