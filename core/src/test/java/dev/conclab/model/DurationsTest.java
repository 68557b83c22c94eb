package dev.conclab.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @Test
  void parse_readsEveryUnit() {
    assertThat(Durations.parse("7ns")).isEqualTo(Duration.ofNanos(7));
    assertThat(Durations.parse("250us")).isEqualTo(Duration.ofNanos(250_000));
    assertThat(Durations.parse("250µs")).isEqualTo(Duration.ofNanos(250_000));
    assertThat(Durations.parse("10ms")).isEqualTo(Duration.ofMillis(10));
    assertThat(Durations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(Durations.parse("3min")).isEqualTo(Duration.ofMinutes(3));
    assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void parse_ignoresCaseAndSpaces() {
    assertThat(Durations.parse(" 10 MS ")).isEqualTo(Duration.ofMillis(10));
    assertThat(Durations.parse("2S")).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void parse_zeroNeedsNoUnit() {
    assertThat(Durations.parse("0")).isEqualTo(Duration.ZERO);
    assertThat(Durations.parse("0.0")).isEqualTo(Duration.ZERO);
    assertThat(Durations.parse("0ms")).isEqualTo(Duration.ZERO);
  }

  @Test
  void parse_fractionBelowANanosecond_rounds() {
    assertThat(Durations.parse("0.4ns")).isEqualTo(Duration.ZERO);
    assertThat(Durations.parse("1.0000005ms")).isEqualTo(Duration.ofNanos(1_000_001));
  }

  @ParameterizedTest
  @ValueSource(strings = {"soon", "", "-1s", "10 parsecs", "1e3ms", "5 s s", "ms", "1,5s", "0x10s", "1\nms", "2\rs", "\t1s", "1s\n"})
  void parse_notANumberAndAUnit_failsNamingTheText(String text) {
    assertBad(text, "bad duration '" + text + "': expected a number and a unit, e.g. 500ms, 10s or 1m");
  }

  @Test
  void parse_bareNumber_asksForAUnit() {
    assertBad("10", "bad duration '10': add a unit: ns, us, ms, s, m or h");
  }

  @Test
  void parse_longerThanALongOfNanoseconds_isTooLong() {
    assertBad("300000000h", "bad duration '300000000h': too long");
    assertThat(Durations.parse("2562047h")).isEqualTo(Duration.ofHours(2_562_047));
  }

  private static void assertBad(String text, String message) {
    assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse(text)).withMessage(message);
  }

  @Test
  void parseBetween_acceptsTheBoundsAndRejectsBeyondThem() {
    Duration min = Duration.ofMillis(1);
    Duration max = Duration.ofHours(24);
    assertThat(Durations.parse("1ms", min, max)).isEqualTo(min);
    assertThat(Durations.parse("24h", min, max)).isEqualTo(max);
    assertThatThrownBy(() -> Durations.parse("500us", min, max))
        .hasMessage("bad duration '500us': must be between 1ms and 24h");
    assertThatThrownBy(() -> Durations.parse("25h", min, max))
        .hasMessage("bad duration '25h': must be between 1ms and 24h");
    assertThatThrownBy(() -> Durations.parse("later", min, max))
        .hasMessageStartingWith("bad duration 'later': expected a number");
  }

  @Test
  void format_isTheShortestTextParseReadsBack() {
    for (Duration d : new Duration[] {Duration.ZERO, Duration.ofNanos(7), Duration.ofNanos(250_000),
        Duration.ofMillis(1500), Duration.ofMinutes(2), Duration.ofHours(24), Duration.ofNanos(1_000_001)}) {
      assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
    }
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(Durations.format(Duration.ofHours(24))).isEqualTo("24h");
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0");
  }
}
