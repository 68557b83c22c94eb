package dev.conclab.model;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads and checks the kind-specific options of a {@link ModelSpec}. Stateless. */
final class SpecOptions {
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s)?");

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

  /** A duration such as {@code 5ms}, {@code 0.5ms}, {@code 100us} or {@code 1s}; no unit means ms. */
  static Duration duration(ModelSpec spec, String key, Duration fallback) {
    String v = spec.option(key);
    if (v == null) {
      return fallback;
    }
    Matcher m = DURATION.matcher(v.strip());
    if (m.matches()) {
      double amount = Double.parseDouble(m.group(1));
      String unit = m.group(2) == null ? "ms" : m.group(2);
      double nanos = switch (unit) {
        case "ns" -> amount;
        case "us", "µs" -> amount * 1e3;
        case "s" -> amount * 1e9;
        default -> amount * 1e6;
      };
      if (nanos >= 1 && nanos < 1e15) {
        return Duration.ofNanos(Math.round(nanos));
      }
    }
    throw new IllegalArgumentException(
        "option '" + key + "' of model '" + spec.kind() + "' must be a positive duration such as 5ms, got '" + v + "'");
  }
}
