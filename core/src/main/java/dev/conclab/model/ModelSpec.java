package dev.conclab.model;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What to build: a model kind, its worker count and kind-specific options. Written as
 * {@code kind[:key=value,...]}, e.g. {@code threads}, {@code processes:workers=2,chunksize=1} or
 * {@code gil:workers=4,switchInterval=5ms}; {@link #parse} and {@link #toString} round-trip.
 *
 * <p>{@code workers} of 0 means "the model's default" (usually the number of cores).
 *
 * @param kind the model kind, e.g. {@code "threads"}
 * @param workers worker threads or processes, or 0 for the model's default
 * @param options other options, in the order given; keys and values are non-empty
 */
public record ModelSpec(String kind, int workers, Map<String, String> options) {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");
  private static final Pattern KEY = Pattern.compile("[A-Za-z][A-Za-z0-9.-]*");

  public ModelSpec {
    requireNonNull(kind, "kind");
    requireNonNull(options, "options");
    if (!NAME.matcher(kind).matches()) {
      throw new IllegalArgumentException("invalid model kind '" + kind + "'");
    }
    if (workers < 0) {
      throw new IllegalArgumentException("workers must be >= 0 (0 = default), got " + workers);
    }
    Map<String, String> copy = new LinkedHashMap<>();
    options.forEach((k, v) -> {
      if (!KEY.matcher(k).matches() || k.equals("workers")) {
        throw new IllegalArgumentException("invalid option name '" + k + "' in model spec");
      }
      if (v.isEmpty() || v.contains(",") || v.contains("=")) {
        throw new IllegalArgumentException("invalid value '" + v + "' for option '" + k + "'");
      }
      copy.put(k, v);
    });
    options = Collections.unmodifiableMap(copy);
  }

  /** A spec with the model's default worker count and no options. */
  public static ModelSpec of(String kind) {
    return new ModelSpec(kind, 0, Map.of());
  }

  /** A spec with the given worker count and no options. */
  public static ModelSpec of(String kind, int workers) {
    return new ModelSpec(kind, workers, Map.of());
  }

  /** This spec with another worker count. */
  public ModelSpec withWorkers(int newWorkers) {
    return new ModelSpec(kind, newWorkers, options);
  }

  /** This spec with one option set (replacing any earlier value). */
  public ModelSpec with(String key, String value) {
    Map<String, String> copy = new LinkedHashMap<>(options);
    copy.put(key, value);
    return new ModelSpec(kind, workers, copy);
  }

  /** The option's value, or {@code null} when it is not set. */
  public @Nullable String option(String key) {
    return options.get(key);
  }

  /** The worker count to use: {@link #workers()} or, when 0, {@code defaultWorkers}. */
  public int workersOr(int defaultWorkers) {
    return workers == 0 ? defaultWorkers : workers;
  }

  /**
   * Parses {@code kind[:key=value,...]}.
   *
   * @throws IllegalArgumentException naming the bad part, if the text is not a valid spec
   */
  public static ModelSpec parse(String text) {
    requireNonNull(text, "text");
    if (text.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("invalid model spec '" + text + "': control characters are not allowed");
    }
    String s = text.strip();
    int colon = s.indexOf(':');
    String kind = colon < 0 ? s : s.substring(0, colon);
    int workers = 0;
    Map<String, String> options = new LinkedHashMap<>();
    if (colon >= 0) {
      String rest = s.substring(colon + 1);
      if (rest.isEmpty()) {
        throw new IllegalArgumentException("invalid model spec '" + text + "': nothing after ':'");
      }
      for (String part : rest.split(",", -1)) {
        int eq = part.indexOf('=');
        if (eq <= 0 || eq == part.length() - 1) {
          throw new IllegalArgumentException(
              "invalid model spec '" + text + "': expected key=value, got '" + part + "'");
        }
        String key = part.substring(0, eq).strip();
        String value = part.substring(eq + 1).strip();
        if (key.equals("workers")) {
          try {
            workers = Integer.parseInt(value);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                "invalid model spec '" + text + "': workers must be a whole number, got '" + value + "'", e);
          }
        } else if (options.put(key, value) != null) {
          throw new IllegalArgumentException("invalid model spec '" + text + "': '" + key + "' given twice");
        }
      }
    }
    try {
      return new ModelSpec(kind, workers, options);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid model spec '" + text + "': " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(kind);
    char sep = ':';
    if (workers != 0) {
      sb.append(sep).append("workers=").append(workers);
      sep = ',';
    }
    for (Map.Entry<String, String> e : options.entrySet()) {
      sb.append(sep).append(e.getKey()).append('=').append(e.getValue());
      sep = ',';
    }
    return sb.toString();
  }
}
