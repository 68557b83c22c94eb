package dev.conclab.lab.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;

/**
 * The outcome of one load run. Immutable. Latencies are in milliseconds and, with a target
 * rate, measured from each request's intended send time.
 *
 * @param url the URL loaded
 * @param connections connections used
 * @param durationSeconds measured time (excluding warmup)
 * @param targetRate requests/s asked for; 0 for as fast as possible
 * @param requests responses received for requests scheduled in the measured window (any status)
 * @param ok responses with a 2xx or 3xx status
 * @param requestsPerSecond {@code requests / durationSeconds}
 * @param p50Ms median latency
 * @param p90Ms 90th percentile
 * @param p99Ms 99th percentile
 * @param p999Ms 99.9th percentile
 * @param maxMs maximum
 * @param meanMs mean
 * @param errors error counts by kind ({@code status 503}, {@code connect refused}, {@code timeout}, ...)
 * @param missed requests the schedule called for in the measured window that were never sent,
 *     because every connection was still waiting for earlier responses
 * @param generatorCpuCores the generator process's CPU time divided by wall time (cores busy)
 * @param scheduleLagP99Ms 99th percentile of how late the generator itself sent a request that
 *     was due (timer lateness, not waiting on the server); 0 without a target rate
 * @param scheduleLagMaxMs maximum of the same
 */
public record LoadResult(
    String url,
    int connections,
    double durationSeconds,
    double targetRate,
    long requests,
    long ok,
    double requestsPerSecond,
    double p50Ms,
    double p90Ms,
    double p99Ms,
    double p999Ms,
    double maxMs,
    double meanMs,
    SortedMap<String, Long> errors,
    long missed,
    double generatorCpuCores,
    double scheduleLagP99Ms,
    double scheduleLagMaxMs) {

  public LoadResult {
    errors = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(errors));
  }

  /** Total errors of every kind. */
  public long errorCount() {
    return errors.values().stream().mapToLong(Long::longValue).sum();
  }

  /** A human-readable report, several lines. */
  public String toText() {
    StringBuilder sb = new StringBuilder();
    String rate = targetRate > 0 ? String.format(Locale.ROOT, "rate %.0f/s", targetRate) : "as fast as possible";
    sb.append(String.format(Locale.ROOT, "conclab load: %s, %d connections, %.1f s, %s%n", url, connections, durationSeconds, rate));
    sb.append(String.format(Locale.ROOT, "  requests   %d (%.1f/s), ok %d%n", requests, requestsPerSecond, ok));
    sb.append(
        String.format(
            Locale.ROOT,
            "  latency    p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  p99.9 %.2f ms  max %.2f ms  (%s)%n",
            p50Ms, p90Ms, p99Ms, p999Ms, maxMs,
            targetRate > 0 ? "from intended send time" : "closed loop, from actual send time"));
    if (errors.isEmpty()) {
      sb.append("  errors     none\n");
    } else {
      StringBuilder e = new StringBuilder();
      errors.forEach((k, v) -> e.append(e.length() == 0 ? "" : ", ").append(k).append(": ").append(v));
      sb.append("  errors     ").append(e).append('\n');
    }
    if (missed > 0) {
      sb.append(String.format(Locale.ROOT, "  missed     %d scheduled requests never sent (all connections busy)%n", missed));
    }
    sb.append(
        String.format(
            Locale.ROOT,
            "  generator  cpu %.2f cores, schedule lag p99 %.2f ms, max %.2f ms%n",
            generatorCpuCores, scheduleLagP99Ms, scheduleLagMaxMs));
    return sb.toString();
  }

  /** The result as one JSON object (field names in snake_case). */
  public String toJson() {
    Map<String, Object> m = fields(
        "url", url, "connections", connections, "duration_seconds", durationSeconds,
        "target_rate", targetRate, "requests", requests, "ok", ok, "requests_per_second", requestsPerSecond,
        "latency_ms", fields("p50", p50Ms, "p90", p90Ms, "p99", p99Ms, "p99_9", p999Ms, "max", maxMs, "mean", meanMs),
        "latency_from", targetRate > 0 ? "intended_send_time" : "actual_send_time",
        "errors", errors, "missed", missed,
        "generator", fields("cpu_cores", generatorCpuCores,
            "schedule_lag_p99_ms", scheduleLagP99Ms, "schedule_lag_max_ms", scheduleLagMaxMs));
    try {
      return new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render JSON", e);
    }
  }

  /** A JSON object with the given keys and values, alternating, in that order. */
  private static Map<String, Object> fields(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }
}
