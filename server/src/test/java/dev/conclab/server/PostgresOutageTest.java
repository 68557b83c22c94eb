package dev.conclab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL going away and coming back, simulated with a TCP proxy in front of the real server
 * of {@link TestPostgres}: closing the proxy drops every connection and refuses new ones.
 */
class PostgresOutageTest {

  private final Vertx vertx = Vertx.vertx();
  private final Set<NetSocket> sockets = ConcurrentHashMap.newKeySet();
  private final String table = "items_outage_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private PgConnectOptions pg = new PgConnectOptions();
  private String url = "";

  @BeforeEach
  void needsPostgres() {
    url = TestPostgres.url();
    pg = PgConnectOptions.fromUri(url);
  }

  @AfterEach
  void cleanUp() throws Exception {
    try {
      if (!url.isEmpty()) {
        Pool pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(url)).using(vertx).build();
        pool.query("DROP TABLE IF EXISTS " + table).execute().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        pool.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private NetServer proxy(int port) throws Exception {
    NetClient client = vertx.createNetClient();
    NetServer server =
        vertx.createNetServer()
            .connectHandler(
                in -> {
                  sockets.add(in);
                  in.pause();
                  client
                      .connect(pg.getPort(), pg.getHost())
                      .onSuccess(
                          out -> {
                            sockets.add(out);
                            in.handler(out::write);
                            out.handler(in::write);
                            in.closeHandler(v -> out.close());
                            out.closeHandler(v -> in.close());
                            in.resume();
                          })
                      .onFailure(e -> in.close());
                });
    server.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    return server;
  }

  private void stop(NetServer proxy) throws Exception {
    proxy.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    for (NetSocket s : sockets) {
      s.close();
    }
    sockets.clear();
  }

  @Test
  void postgresGoesAwayAndComesBack_503ThenRecovers() throws Exception {
    NetServer proxy = proxy(0);
    int port = proxy.actualPort();
    String viaProxy = url.replaceFirst("@[^/]+/", "@127.0.0.1:" + port + "/");
    try (ItemsServer server =
        ItemsServer.builder().port(0).instances(1).seedItems(10).dbUrl(viaProxy).table(table).start()) {
      assertThat(Http.get(server.url() + "/items").statusCode()).isEqualTo(200);

      stop(proxy);
      HttpResponse<String> down = Http.get(server.url() + "/items");
      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(down.headers().firstValue("Retry-After")).hasValue("1");

      proxy = proxy(port);
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> Http.get(server.url() + "/items").statusCode() == 200);
      assertThat(Http.get(server.url() + "/health").statusCode()).isEqualTo(200);
    } finally {
      stop(proxy);
    }
  }
}
