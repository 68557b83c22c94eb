package dev.conclab.lab.report;

import java.util.Locale;

/** The formats a comparison can be written in. */
public enum ReportFormat {
  TEXT,
  MD,
  CSV,
  JSON,
  HTML;

  /**
   * Parses {@code text}, {@code md}, {@code csv}, {@code json} or {@code html}.
   *
   * @throws IllegalArgumentException naming the bad value
   */
  public static ReportFormat parse(String s) {
    try {
      return valueOf(s.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown format '" + s + "'; use text, md, csv, json or html", e);
    }
  }
}
