package dev.conclab.lab;

import java.util.Locale;

/** How big a comparison is: {@code quick} (under a minute on 2 cores) or {@code full} (10,000 concurrent requests, a million sleeps: minutes). */
public enum Scale {
  QUICK,
  FULL;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses {@code quick} or {@code full}.
   *
   * @throws IllegalArgumentException naming the bad value
   */
  public static Scale parse(String s) {
    return switch (s.strip().toLowerCase(Locale.ROOT)) {
      case "quick" -> QUICK;
      case "full" -> FULL;
      default -> throw new IllegalArgumentException("unknown scale '" + s + "'; use quick or full");
    };
  }
}
