package dev.conclab.fetch;

import io.vertx.core.json.JsonObject;
import java.util.Locale;
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
      case TABLE -> String.format(Locale.ROOT, "%6s %12s %10s  %s", "STATUS", "BYTES", "TIME", "URL");
      case JSON -> null;
      case CSV -> "index,url,status,bytes,time_ms,final_url,protocol,attempts,redirects,error,message";
    };
  }

  /** One row as one line (without the line break). */
  public String format(FetchResult r) {
    return switch (this) {
      case TABLE -> table(r);
      case JSON -> json(r).encode();
      case CSV -> csv(r);
    };
  }

  private static String table(FetchResult r) {
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%6s %12d %10s  %s",
        r.status() == 0 ? "-" : Integer.toString(r.status()), r.bytes(), millis(r), r.url()));
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

  private static String millis(FetchResult r) {
    return String.format(Locale.ROOT, "%.1f ms", r.time().toNanos() / 1e6);
  }

  private static JsonObject json(FetchResult r) {
    ErrorKind kind = r.error();
    return new JsonObject()
        .put("index", r.index())
        .put("url", r.url())
        .put("status", r.status())
        .put("bytes", r.bytes())
        .put("time_ms", Math.round(r.time().toNanos() / 1e4) / 100.0)
        .put("final_url", r.finalUrl())
        .put("protocol", r.protocol())
        .put("attempts", r.attempts())
        .put("redirects", r.redirects())
        .put("ok", r.ok())
        .put("error", kind == null ? null : kind.label())
        .put("message", r.message());
  }

  private static String csv(FetchResult r) {
    ErrorKind kind = r.error();
    StringJoiner j = new StringJoiner(",");
    j.add(Long.toString(r.index()))
        .add(quote(r.url()))
        .add(Integer.toString(r.status()))
        .add(Long.toString(r.bytes()))
        .add(String.format(Locale.ROOT, "%.2f", r.time().toNanos() / 1e6))
        .add(quote(r.finalUrl()))
        .add(quote(r.protocol()))
        .add(Integer.toString(r.attempts()))
        .add(Integer.toString(r.redirects()))
        .add(kind == null ? "" : kind.label())
        .add(quote(r.message()));
    return j.toString();
  }

  private static String quote(@Nullable String s) {
    if (s == null) {
      return "";
    }
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
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
    b.append(String.format(Locale.ROOT, " in %.3f s, %.1f requests/s",
        s.totalTime().toNanos() / 1e9, s.requestsPerSecond()));
    return b.toString();
  }

  /** The summary as one JSON object: {@code {"summary":{...}}}. */
  public static String summaryJson(FetchSummary s) {
    JsonObject kinds = new JsonObject();
    s.byKind().forEach((k, v) -> kinds.put(k.label(), v));
    return new JsonObject().put("summary", new JsonObject()
        .put("total", s.total())
        .put("ok", s.ok())
        .put("failed", s.failed())
        .put("by_error", kinds)
        .put("time_ms", Math.round(s.totalTime().toNanos() / 1e4) / 100.0)
        .put("requests_per_s", Math.round(s.requestsPerSecond() * 10) / 10.0)).encode();
  }
}
