package dev.conclab.fetch;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.Map;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * How rows are printed: an aligned text table, one JSON object per line, or CSV (RFC 4180).
 * Stateless and thread-safe.
 */
public enum RowFormat {
  /** Status, bytes, time, URL, final URL when redirected, and the error. */
  TABLE,
  /** One JSON object per row, one per line. */
  JSON,
  /** A header line, then one CSV record per row. */
  CSV;

  /** The line printed before the rows, or {@code null} for none. */
  public @Nullable String header() {
    return switch (this) {
      case TABLE -> padLeft(padLeft(padLeft(new StringBuilder(40), "STATUS", 6).append(' '),
          "BYTES", 12).append(' '), "TIME", 10).append("  URL").toString();
      case JSON -> null;
      case CSV -> "index,url,status,bytes,time_ms,final_url,protocol,attempts,redirects,error,message";
    };
  }

  /** One row as one line (without the line break). */
  public String format(FetchResult r) {
    return switch (this) {
      case TABLE -> table(r);
      case JSON -> json(r);
      case CSV -> csv(r);
    };
  }

  // Rows are built with plain appends, not String.format or a JSON tree: formatting runs once
  // per URL on the thread that hands rows out, and in a fresh JVM those two took a measurable
  // share of the fetch (docs/fetch.md).

  private static String table(FetchResult r) {
    StringBuilder b = new StringBuilder(64 + r.url().length());
    padLeft(b, r.status() == 0 ? "-" : Integer.toString(r.status()), 6).append(' ');
    padLeft(b, Long.toString(r.bytes()), 12).append(' ');
    padLeft(b, millis(r.time().toNanos(), 1) + " ms", 10).append("  ").append(r.url());
    String fin = r.finalUrl();
    if (fin != null && !fin.equals(r.url())) {
      b.append(" -> ").append(fin);
    }
    ErrorKind kind = r.error();
    if (kind != null) {
      b.append("  ").append(kind.label()).append(": ").append(r.message());
    }
    return b.toString();
  }

  private static StringBuilder padLeft(StringBuilder b, String s, int width) {
    for (int i = s.length(); i < width; i++) {
      b.append(' ');
    }
    return b.append(s);
  }

  /** Nanoseconds as milliseconds with one or two decimals, rounded half up: {@code "12.3"}. */
  static String millis(long nanos, int digits) {
    long pow = digits == 1 ? 10 : 100;
    long unit = 1_000_000 / pow;
    long scaled = (Math.abs(nanos) + unit / 2) / unit;
    String frac = Long.toString(scaled % pow);
    StringBuilder b = new StringBuilder(24);
    if (nanos < 0) {
      b.append('-'); // as String.format("%.1f") printed it, "-0.0" included
    }
    b.append(scaled / pow).append('.');
    for (int i = frac.length(); i < digits; i++) {
      b.append('0');
    }
    return b.append(frac).toString();
  }

  /** {@code value / unit} with {@code digits} decimals, rounded half up (value >= 0). */
  private static String decimals(long value, long unit, int digits) {
    long pow = 1;
    for (int i = 0; i < digits; i++) {
      pow *= 10;
    }
    long step = unit / pow;
    long scaled = step <= 1 ? value : (value + step / 2) / step;
    String frac = Long.toString(scaled % pow);
    StringBuilder b = new StringBuilder(24).append(scaled / pow).append('.');
    for (int i = frac.length(); i < digits; i++) {
      b.append('0');
    }
    return b.append(frac).toString();
  }

  private static String json(FetchResult r) {
    ErrorKind kind = r.error();
    StringBuilder b = new StringBuilder(200 + 2 * r.url().length());
    b.append("{\"index\":").append(r.index());
    jsonField(b, "url", r.url());
    b.append(",\"status\":").append(r.status())
        .append(",\"bytes\":").append(r.bytes())
        .append(",\"time_ms\":").append(Math.round(r.time().toNanos() / 1e4) / 100.0);
    jsonField(b, "final_url", r.finalUrl());
    jsonField(b, "protocol", r.protocol());
    b.append(",\"attempts\":").append(r.attempts())
        .append(",\"redirects\":").append(r.redirects())
        .append(",\"ok\":").append(r.ok());
    jsonField(b, "error", kind == null ? null : kind.label());
    jsonField(b, "message", r.message());
    return b.append('}').toString();
  }

  private static void jsonField(StringBuilder b, String name, @Nullable String value) {
    b.append(",\"").append(name).append("\":");
    if (value == null) {
      b.append("null");
    } else {
      b.append('"');
      JsonStringEncoder.getInstance().quoteAsString(value, b);
      b.append('"');
    }
  }

  private static String csv(FetchResult r) {
    ErrorKind kind = r.error();
    StringBuilder b = new StringBuilder(100 + r.url().length());
    b.append(r.index()).append(',');
    quote(b, r.url()).append(',')
        .append(r.status()).append(',')
        .append(r.bytes()).append(',')
        .append(millis(r.time().toNanos(), 2)).append(',');
    quote(b, r.finalUrl()).append(',');
    quote(b, r.protocol()).append(',')
        .append(r.attempts()).append(',')
        .append(r.redirects()).append(',')
        .append(kind == null ? "" : kind.label()).append(',');
    return quote(b, r.message()).toString();
  }

  private static StringBuilder quote(StringBuilder b, @Nullable String s) {
    if (s == null) {
      return b;
    }
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return b.append(s);
    }
    return b.append('"').append(s.replace("\"", "\"\"")).append('"');
  }

  /**
   * The summary as one line of text, e.g. {@code 12 URLs: 10 ok, 2 failed (refused 1, timeout 1)
   * in 1.234 s, 9.7 requests/s}.
   */
  public static String summaryText(FetchSummary s) {
    StringBuilder b = new StringBuilder();
    b.append(s.total()).append(s.total() == 1 ? " URL: " : " URLs: ")
        .append(s.ok()).append(" ok, ").append(s.failed()).append(" failed");
    if (!s.byKind().isEmpty()) {
      StringJoiner j = new StringJoiner(", ", " (", ")");
      for (Map.Entry<ErrorKind, Long> e : s.byKind().entrySet()) {
        j.add(e.getKey().label() + " " + e.getValue());
      }
      b.append(j);
    }
    b.append(" in ").append(decimals(s.totalTime().toNanos(), 1_000_000_000L, 3)).append(" s, ")
        .append(decimals(Math.round(s.requestsPerSecond() * 10), 10, 1)).append(" requests/s");
    return b.toString();
  }

  /** The summary as one JSON object: {@code {"summary":{...}}}. */
  public static String summaryJson(FetchSummary s) {
    // appends rather than a JSON tree: encoding one tree initialises Jackson's data binding,
    // about 0.1 s of CPU in a fresh JVM, for one line
    StringBuilder b = new StringBuilder(160);
    b.append("{\"summary\":{\"total\":").append(s.total())
        .append(",\"ok\":").append(s.ok())
        .append(",\"failed\":").append(s.failed())
        .append(",\"by_error\":{");
    boolean first = true;
    for (Map.Entry<ErrorKind, Long> e : s.byKind().entrySet()) {
      if (!first) {
        b.append(',');
      }
      first = false;
      b.append('"').append(e.getKey().label()).append("\":").append(e.getValue());
    }
    return b.append("},\"time_ms\":").append(Math.round(s.totalTime().toNanos() / 1e4) / 100.0)
        .append(",\"requests_per_s\":").append(Math.round(s.requestsPerSecond() * 10) / 10.0)
        .append("}}").toString();
  }
}
