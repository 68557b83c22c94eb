package dev.conclab.lab.python;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The hand-off probes see each runtime honour its switch interval. These are behaviour checks
 * with wide bounds (a slice is at least about the interval); the figures themselves come from
 * the lab's report, not from tests.
 */
class GilFidelityTest {
  private static final Duration LONG_INTERVAL = Duration.ofMillis(20);

  @Test
  void emulated_threadsHoldTheLockForAboutTheSwitchInterval() throws Exception {
    GilFidelity.HandOff h = GilFidelity.emulated(LONG_INTERVAL, Duration.ofMillis(600));
    assertThat(h.gilEnabled()).isTrue();
    assertThat(h.slices()).isGreaterThanOrEqualTo(5);
    assertThat(h.medianNanos()).isGreaterThanOrEqualTo(LONG_INTERVAL.toNanos() * 9 / 10);
    assertThat(h.runtime()).isEqualTo("emulated Gil");
    assertThat(h.toString()).contains("switch interval 20.0 ms");
  }

  @Test
  void python_threadsHoldTheGilForAboutTheSwitchInterval() throws Exception {
    GilFidelity.HandOff h = GilFidelity.python(Pythons.python3(), LONG_INTERVAL, Duration.ofMillis(600));
    assertThat(h.gilEnabled()).isEqualTo(Pythons.python3().interpreter().gilEnabled());
    assertThat(h.slices()).isGreaterThanOrEqualTo(5);
    if (h.gilEnabled()) {
      assertThat(h.medianNanos()).isGreaterThanOrEqualTo(LONG_INTERVAL.toNanos() * 9 / 10);
    }
    assertThat(h.runtime()).startsWith(Pythons.python3().interpreter().implementation());
  }

  @Test
  void gapTo_isTheRelativeDifferenceOfTheMedians() {
    var a = new GilFidelity.HandOff("a", Duration.ofMillis(5), 10, 6_000_000, 6_000_000, true);
    var b = new GilFidelity.HandOff("b", Duration.ofMillis(5), 10, 5_000_000, 5_000_000, true);
    assertThat(a.gapTo(b)).isEqualTo(0.2);
    assertThat(b.gapTo(a)).isCloseTo(-1 / 6.0, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void badIntervalsAreRejected() {
    assertThatThrownBy(() -> GilFidelity.emulated(Duration.ZERO, Duration.ofMillis(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("switch interval");
    assertThatThrownBy(() -> GilFidelity.python(Pythons.python3(), Duration.ofMillis(5), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("length");
  }
}
