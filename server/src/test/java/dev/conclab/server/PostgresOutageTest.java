package dev.conclab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real PostgreSQL server of {@link TestPostgres} behind a {@link TcpProxy}, under an
 * open-loop load: the database going away (every connection dropped, new ones refused) and
 * coming back, and the database hanging until the pool saturates. The proxy stands in for
 * stopping the server itself, which other builds on the machine may be using.
 */
class PostgresOutageTest {

  // one event loop, started when the proxy first listens: a second one started lazily in the middle
  // of a test would look like a thread the server left behind
  private final Vertx vertx = Vertx.vertx(new io.vertx.core.VertxOptions().setEventLoopPoolSize(1));
  private final String table = "items_outage_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private String url = "";
  private TcpProxy proxy;

  @BeforeEach
  void needsPostgres() throws Exception {
    url = TestPostgres.url();
    PgConnectOptions pg = PgConnectOptions.fromUri(url);
    proxy = new TcpProxy(vertx, pg.getHost(), pg.getPort());
  }

  @AfterEach
  void cleanUp() throws Exception {
    try {
      proxy.stop();
      Pool pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(url)).using(vertx).build();
      pool.query("DROP TABLE IF EXISTS " + table).execute().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      pool.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private String viaProxy() {
    return url.replaceFirst("@[^/]+/", "@127.0.0.1:" + proxy.port() + "/");
  }

  @Test
  void postgresGoesAwayAndComesBack_503ThenRecovers() throws Exception {
    try (ItemsServer server =
        ItemsServer.builder().port(0).instances(1).seedItems(10).dbUrl(viaProxy()).table(table).start()) {
      assertThat(Http.get(server.url() + "/items").statusCode()).isEqualTo(200);

      proxy.stop();
      HttpResponse<String> down = Http.get(server.url() + "/items");
      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(down.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(down.body()).contains("database unavailable");

      proxy.start();
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> Http.get(server.url() + "/items").statusCode() == 200);
      assertThat(Http.get(server.url() + "/health").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void outageUnderOpenLoopLoad_fast503sWhileAway_recoveryWithinASecond_nothingLeaked() throws Exception {
    java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
    try (ItemsServer server =
        ItemsServer.builder().port(0).instances(2).dbPoolSize(4).seedItems(10).dbUrl(viaProxy()).table(table).start()) {
      String items = server.url() + "/items?limit=5";
      assertThat(Http.get(items).statusCode()).isEqualTo(200);
      try (OpenLoop load = OpenLoop.start(items, 200)) {
        load.awaitSent(200); // 1 s healthy
        proxy.stop();
        long downAt = System.nanoTime();
        load.awaitSent(load.sent() + 400); // 2 s away
        proxy.start();
        long upAt = System.nanoTime();
        load.awaitSent(load.sent() + 400); // 2 s back
        List<OpenLoop.Answer> answers = load.stopAndCollect();

        List<OpenLoop.Answer> away =
            answers.stream()
                .filter(a -> a.sentAt() > downAt + 200_000_000L && a.sentAt() < upAt - 500_000_000L) // answered before the return
                .toList();
        assertThat(away).isNotEmpty().allSatisfy(a -> {
          assertThat(a.status()).as("status while away").isEqualTo(503);
          assertThat(a.body()).contains("database unavailable");
          assertThat(a.latencyNanos()).as("a 503 while away comes fast").isLessThan(1_000_000_000L);
        });
        List<OpenLoop.Answer> back = answers.stream().filter(a -> a.sentAt() > upAt + 1_000_000_000L).toList();
        assertThat(back).isNotEmpty().allSatisfy(a -> assertThat(a.status()).as("status a second after the return").isEqualTo(200));
        long firstOk = answers.stream().filter(a -> a.sentAt() > upAt && a.status() == 200)
            .mapToLong(OpenLoop.Answer::sentAt).min().orElseThrow();
        assertThat(firstOk - upAt).as("nanoseconds from the return to the first 200").isLessThan(1_000_000_000L);
      }
      assertThat(proxy.upstreamConnections()).as("connections to PostgreSQL").isLessThanOrEqualTo(4);
      String metrics = Http.get(server.url() + "/metrics").body();
      assertThat(metrics).contains("conclab_db_pool_in_use 0.0").contains("conclab_http_server_requests_in_flight 0.0")
          .contains("conclab_db_rejections_total{reason=\"unavailable\"}");
    }
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(Thread.getAllStackTraces().keySet().stream().filter(t -> !before.contains(t)).map(Thread::getName)
            .filter(n -> !n.startsWith("awaitility")))
            .as("threads the server left behind").isEmpty());
  }

  @Test
  void aHangingDatabase_saturatesThePool_answered503Busy_notUnavailable_andTheQueueIsBounded() throws Exception {
    try (ItemsServer server =
        ItemsServer.builder().port(0).instances(1).dbPoolSize(1).seedItems(10).dbUrl(viaProxy()).table(table).start()) {
      String items = server.url() + "/items?limit=5";
      assertThat(Http.get(items).statusCode()).isEqualTo(200);
      proxy.pause(true);
      int queue = ItemStore.waitQueueSize(1);
      List<OpenLoop.Answer> answers;
      try (OpenLoop burst = OpenLoop.start(items, 1000)) {
        burst.awaitSent(queue + 40);
        burst.close();
        // all but the request holding the only connection end: at once when the queue was full,
        // after the 2 s connection wait otherwise
        burst.awaitAnswered(queue + 39);
        proxy.pause(false);
        answers = burst.stopAndCollect();
      } finally {
        proxy.pause(false);
      }
      assertThat(answers).as("answers to a burst of %d with a %d-waiter queue", answers.size(), queue)
          .allSatisfy(a -> {
            if (a.status() != 200) {
              assertThat(a.status()).isEqualTo(503);
              assertThat(a.body()).contains("database busy").doesNotContain("unavailable");
            }
          });
      assertThat(answers.stream().filter(a -> a.status() == 503 && a.latencyNanos() < 1_000_000_000L).count())
          .as("requests beyond the queue, answered 503 at once").isGreaterThanOrEqualTo(30);
      assertThat(answers.stream().filter(a -> a.status() == 503 && a.latencyNanos() >= 1_900_000_000L).count())
          .as("queued requests, answered 503 after the 2 s connection wait").isPositive();
      await().atMost(Duration.ofSeconds(10)).until(() -> Http.get(items).statusCode() == 200);
      String metrics = Http.get(server.url() + "/metrics").body();
      assertThat(metrics).contains("conclab_db_rejections_total{reason=\"busy\"}").doesNotContain("reason=\"unavailable\"");
    }
  }
}
