package dev.conclab.model;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Reads and checks the kind-specific options of a {@link ModelSpec}. Stateless. */
final class SpecOptions {
  private SpecOptions() {}

  /** Rejects options other than {@code allowed}, naming the first unknown one. */
  static void allowOnly(ModelSpec spec, String... allowed) {
    List<String> known = Arrays.asList(allowed);
    for (String key : spec.options().keySet()) {
      if (!known.contains(key)) {
        throw new IllegalArgumentException(
            "unknown option '" + key + "' for model '" + spec.kind() + "'"
                + (known.isEmpty() ? "; it takes no options" : "; known options: workers, " + String.join(", ", known)));
      }
    }
  }

  static int positiveInt(ModelSpec spec, String key, int fallback) {
    String v = spec.option(key);
    if (v == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through to the error below
    }
    throw new IllegalArgumentException(
        "option '" + key + "' of model '" + spec.kind() + "' must be a positive whole number, got '" + v + "'");
  }

  static boolean bool(ModelSpec spec, String key, boolean fallback) {
    String v = spec.option(key);
    if (v == null) {
      return fallback;
    }
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw new IllegalArgumentException(
          "option '" + key + "' of model '" + spec.kind() + "' must be true or false, got '" + v + "'");
    };
  }

  /** The longest duration a model option takes. */
  private static final Duration MAX_DURATION = Duration.ofDays(7);

  /** A positive duration such as {@code 5ms}, {@code 100us} or {@code 1s}, read by {@link Durations}. */
  static Duration duration(ModelSpec spec, String key, Duration fallback) {
    String v = spec.option(key);
    if (v == null) {
      return fallback;
    }
    try {
      return Durations.parse(v, Duration.ofNanos(1), MAX_DURATION);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "option '" + key + "' of model '" + spec.kind() + "': " + e.getMessage(), e);
    }
  }
}
