package dev.conclab.server;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server's Prometheus metrics: requests and their latency (a histogram per route, method and
 * status), requests in flight, and database pool usage. Thread-safe.
 */
final class ServerMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicInteger inFlight = new AtomicInteger();

  ServerMetrics(ItemStore store, ServerMode mode) {
    Gauge.builder("conclab.http.server.requests.in.flight", inFlight, AtomicInteger::get)
        .description("HTTP requests being handled (not counting /metrics scrapes)")
        .register(registry);
    Gauge.builder("conclab.db.pool.in.use", store, ItemStore::inUse)
        .description("Database operations in progress, each holding one pooled connection")
        .register(registry);
    Gauge.builder("conclab.db.pool.max", store, ItemStore::poolSize)
        .description("Maximum pooled database connections")
        .register(registry);
    Gauge.builder("conclab.server.info", () -> 1)
        .tag("mode", mode.label())
        .description("Server mode")
        .register(registry);
  }

  void requestStarted() {
    inFlight.incrementAndGet();
  }

  void requestEnded() {
    inFlight.decrementAndGet();
  }

  int inFlight() {
    return inFlight.get();
  }

  void record(String route, String method, int status, long nanos) {
    Timer.builder("conclab.http.server.requests")
        .description("HTTP request latency, from request headers received to response written")
        .tag("route", route)
        .tag("method", method)
        .tag("status", Integer.toString(status))
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * Counts a request answered 503 because of the database: {@code busy} (pool saturated, the
   * database is fine) or {@code unavailable} (the database is away or failing).
   */
  void rejected(String reason) {
    io.micrometer.core.instrument.Counter.builder("conclab.db.rejections")
        .description("Requests answered 503 because of the database, by reason (busy = pool saturated, unavailable = outage)")
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  /** The Prometheus text exposition. */
  String scrape() {
    return registry.scrape();
  }

  void close() {
    registry.close();
  }
}
