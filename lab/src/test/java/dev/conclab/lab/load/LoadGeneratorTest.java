package dev.conclab.lab.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoadGeneratorTest {

  private Vertx vertx;
  private final AtomicLong served = new AtomicLong();

  @BeforeEach
  void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stopVertx() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** A server answering {@code status} after {@code delayMs}; returns its base URL. */
  private String server(int status, long delayMs) throws Exception {
    HttpServer s =
        vertx
            .createHttpServer()
            .requestHandler(
                req ->
                    vertx.setTimer(
                        Math.max(1, delayMs),
                        t -> {
                          served.incrementAndGet();
                          req.response().setStatusCode(status).end("hello");
                        }));
    s.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    return "http://127.0.0.1:" + s.actualPort() + "/x?y=1";
  }

  private static LoadSpec spec(String url, int connections, Duration duration, double rate, Duration timeout) {
    return new LoadSpec(URI.create(url), connections, duration, rate, Duration.ZERO, timeout, 1);
  }

  /** Runs the generator against a new {@link #server(int, long)}. */
  private LoadResult loadServer(int status, long delayMs, int connections, Duration duration, double rate,
      Duration timeout) throws Exception {
    return LoadGenerator.run(spec(server(status, delayMs), connections, duration, rate, timeout));
  }

  @Test
  void rated_sendsTheScheduleAndRecordsLatencyAtLeastTheServerDelay() throws Exception {
    LoadResult r = loadServer(200, 20, 4, Duration.ofSeconds(1), 100, Duration.ofSeconds(5));
    // 100/s for 1 s: exactly the 100 scheduled requests fall in the window
    assertThat(r.requests()).isEqualTo(100);
    assertThat(r.ok()).isEqualTo(100);
    assertThat(r.errors()).isEmpty();
    assertThat(r.p50Ms()).isGreaterThanOrEqualTo(20.0);
    assertThat(r.maxMs()).isGreaterThanOrEqualTo(r.p99Ms()).isGreaterThanOrEqualTo(r.p50Ms());
    assertThat(r.generatorCpuCores()).isGreaterThan(0);
  }

  @Test
  void rated_slowServer_latencyIncludesQueueingFromIntendedTime() throws Exception {
    // one connection asked for 50 requests/s against a server taking 100 ms: each response is
    // late, and the lateness accumulates; a closed-loop tool would report about 100 ms
    LoadResult r = loadServer(200, 100, 1, Duration.ofSeconds(1), 50, Duration.ofSeconds(1));
    assertThat(r.maxMs()).isGreaterThan(500.0);
    assertThat(r.p50Ms()).isGreaterThan(200.0);
    assertThat(r.missed()).as("scheduled but never sent").isGreaterThan(0);
    assertThat(r.requests() + r.missed()).isLessThanOrEqualTo(50);
  }

  @Test
  void closedLoop_runsAsFastAsConnectionsAllow() throws Exception {
    LoadResult r = loadServer(200, 1, 8, Duration.ofMillis(500), 0, Duration.ofSeconds(5));
    assertThat(r.requests()).isGreaterThan(8);
    assertThat(r.requestsPerSecond()).isEqualTo(r.requests() / 0.5);
    assertThat(r.errors()).isEmpty();
    assertThat(r.toText()).contains("closed loop");
  }

  @Test
  void errorStatuses_areCountedByKind() throws Exception {
    LoadResult r = loadServer(503, 1, 2, Duration.ofMillis(500), 40, Duration.ofSeconds(5));
    assertThat(r.errors()).containsOnlyKeys("status 503");
    assertThat(r.errors().get("status 503")).isEqualTo(r.requests()).isEqualTo(20);
    assertThat(r.ok()).isZero();
  }

  @Test
  void refusedConnections_areCountedAsConnectRefused() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    LoadResult r = LoadGenerator.run(spec("http://127.0.0.1:" + port + "/", 2, Duration.ofMillis(300), 0, Duration.ofSeconds(2)));
    assertThat(r.requests()).isZero();
    assertThat(r.errors()).containsKey("connect refused");
    assertThat(r.errors().get("connect refused")).isPositive();
  }

  @Test
  void json_hasEveryField() throws Exception {
    LoadResult r = loadServer(200, 1, 2, Duration.ofMillis(300), 20, Duration.ofSeconds(5));
    JsonNode j = new ObjectMapper().readTree(r.toJson());
    assertThat(j.get("requests").asLong()).isEqualTo(r.requests());
    assertThat(j.get("latency_ms").get("p99").asDouble()).isEqualTo(r.p99Ms());
    assertThat(j.get("latency_from").asText()).isEqualTo("intended_send_time");
    assertThat(j.get("generator").has("cpu_cores")).isTrue();
    assertThat(j.get("errors").isObject()).isTrue();
  }

  @Test
  void spec_rejectsBadValuesNamingThem() {
    assertThatThrownBy(() -> LoadSpec.parseUrl("http://exa mple")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exa mple");
    assertThatThrownBy(() -> LoadSpec.parseUrl("localhost:8080")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LoadSpec.of("ftp://host/x")).hasMessageContaining("ftp://host/x");
    assertThatThrownBy(() -> spec("http://h/", 0, Duration.ofSeconds(1), 0, Duration.ofSeconds(1))).hasMessageContaining("got 0");
    assertThatThrownBy(() -> spec("http://h/", 1, Duration.ZERO, 0, Duration.ofSeconds(1))).hasMessageContaining("duration");
    assertThatThrownBy(() -> spec("http://h/", 1, Duration.ofSeconds(1), -5, Duration.ofSeconds(1))).hasMessageContaining("-5");
    assertThatThrownBy(() -> spec("http://h/", 1, Duration.ofSeconds(1), Double.NaN, Duration.ofSeconds(1))).hasMessageContaining("NaN");
  }
}
