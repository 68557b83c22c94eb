package dev.conclab.lab.advise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class PredictTest {

  static Profile profile(double wallMs, double cpuMs) {
    return new Profile(10, wallMs, cpuMs, cpuMs / wallMs, 0.0, wallMs, 0.0, Map.of(), 0, 80L, 80L, 0.01, null, true, "ok");
  }

  @Test
  void classify_usesTheIssuesThresholds() {
    assertThat(Predict.classify(0.8)).isEqualTo("cpu-bound");
    assertThat(Predict.classify(0.79)).isEqualTo("mixed");
    assertThat(Predict.classify(0.21)).isEqualTo("mixed");
    assertThat(Predict.classify(0.2)).isEqualTo("io-bound");
  }

  @Test
  void cpuBoundWork_scalesWithTheCoresOnly() {
    Profile p = profile(10, 10);
    assertThat(Predict.speedup(p, Predict.throughput(p, 1, 4))).isCloseTo(1, within(1e-9));
    assertThat(Predict.speedup(p, Predict.throughput(p, 64, 4))).isCloseTo(4, within(1e-9));
  }

  @Test
  void waitingWork_followsLittlesLaw_untilTheCpuPartFillsTheCores() {
    Profile p = profile(100, 1); // 1 % CPU: 2 cores carry at most 200 in flight
    assertThat(Predict.speedup(p, Predict.throughput(p, 16, 2))).isCloseTo(16, within(1e-9));
    assertThat(Predict.speedup(p, Predict.throughput(p, 1024, 2))).isCloseTo(200, within(1e-9));
  }

  @Test
  void processes_payTheTransferCostPerTask() {
    Profile p = profile(1, 1);
    assertThat(Predict.speedup(p, Predict.processThroughput(p, 2, 2, 1))).isCloseTo(1, within(1e-9));
    assertThat(Predict.speedup(p, Predict.processThroughput(p, 2, 2, 0))).isCloseTo(2, within(1e-9));
  }

  @Test
  void knee_isTheFirstPointWithin10PercentOfTheBest() {
    List<SweepPoint> sweep = List.of(point(1, 10.0), point(4, 40.0), point(16, 95.0), point(64, 100.0), point(256, 99.0),
        point(1024, null));
    assertThat(Recommend.knee(sweep)).isEqualTo(16);
    assertThat(Recommend.knee(List.of(point(1, null)))).isNull();
  }

  private static SweepPoint point(int c, @Nullable Double tps) {
    return new SweepPoint("virtual:workers=" + c, c, 0, tps, null, tps == null ? "left out" : null);
  }
}
