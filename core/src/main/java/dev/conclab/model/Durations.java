package dev.conclab.model;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them on a command line or in a model spec: a number and a unit,
 * {@code 250us}, {@code 10ms}, {@code 1.5s}, {@code 2m}, {@code 1h}. Every option that takes a
 * duration reads it here, so every one accepts the same text and fails with the same message.
 *
 * <p>Units: {@code ns}, {@code us} (or {@code µs}), {@code ms}, {@code s}, {@code m} (or
 * {@code min}), {@code h}, in any case, with optional spaces before the unit. A number needs a
 * unit, except {@code 0}: a bare {@code 10} could mean seconds or milliseconds, so it is
 * rejected rather than guessed. Stateless and thread-safe.
 */
public final class Durations {
  private static final Pattern DURATION =
      Pattern.compile("(\\d+(?:\\.\\d+)?) *(ns|us|µs|ms|s|m|min|h)?");

  /** The longest duration accepted: about 292 years, what a {@code long} of nanoseconds holds. */
  private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);

  private Durations() {}

  /**
   * Parses a duration of zero or more.
   *
   * @throws IllegalArgumentException {@code bad duration '<text>': <reason>}, if the text is not
   *     a number and a unit, has no unit (other than {@code 0}) or is too long for a
   *     {@link Duration} of nanoseconds
   */
  public static Duration parse(String text) {
    requireNonNull(text, "text");
    Matcher m = DURATION.matcher(text.replaceAll("^ +| +$", "").toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw bad(text, "expected a number and a unit, e.g. 500ms, 10s or 1m");
    }
    BigDecimal amount = new BigDecimal(m.group(1));
    String unit = m.group(2);
    if (unit == null) {
      if (amount.signum() != 0) {
        throw bad(text, "add a unit: ns, us, ms, s, m or h");
      }
      return Duration.ZERO;
    }
    long nanosPerUnit = switch (unit) {
      case "ns" -> 1L;
      case "us", "µs" -> 1_000L;
      case "ms" -> 1_000_000L;
      case "s" -> 1_000_000_000L;
      case "m", "min" -> 60_000_000_000L;
      default -> 3_600_000_000_000L;
    };
    BigDecimal nanos = amount.multiply(BigDecimal.valueOf(nanosPerUnit));
    if (nanos.compareTo(MAX_NANOS) > 0) {
      throw bad(text, "too long");
    }
    return Duration.ofNanos(nanos.setScale(0, RoundingMode.HALF_UP).longValueExact());
  }

  /**
   * Parses a duration between {@code min} and {@code max}, both included.
   *
   * @throws IllegalArgumentException {@code bad duration '<text>': <reason>}, as {@link
   *     #parse(String)}, or naming the bounds when the duration is outside them
   */
  public static Duration parse(String text, Duration min, Duration max) {
    Duration d = parse(text);
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw bad(text, "must be between " + format(min) + " and " + format(max));
    }
    return d;
  }

  /**
   * The shortest text {@link #parse} reads back as the same duration: {@code 0}, {@code 250us},
   * {@code 10ms}, {@code 1500ms}, {@code 2m}, {@code 24h}.
   */
  public static String format(Duration d) {
    requireNonNull(d, "d");
    if (d.isZero()) {
      return "0";
    }
    long nanos = d.toNanos();
    String[] units = {"h", "m", "s", "ms", "us"};
    long[] sizes = {3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L};
    for (int i = 0; i < units.length; i++) {
      if (nanos % sizes[i] == 0) {
        return nanos / sizes[i] + units[i];
      }
    }
    return nanos + "ns";
  }

  private static IllegalArgumentException bad(String text, String reason) {
    return new IllegalArgumentException("bad duration '" + text + "': " + reason);
  }
}
