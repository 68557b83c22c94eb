package dev.conclab.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Runs against the real PostgreSQL server of {@link TestPostgres} (./test starts one). */
class PostgresItemsTest {

  private String url = "";
  private final String table = "items_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

  @BeforeEach
  void needsPostgres() {
    url = TestPostgres.url();
  }

  @AfterEach
  void dropTable() throws Exception {
    if (url.isEmpty()) {
      return;
    }
    Vertx vertx = Vertx.vertx();
    try {
      Pool pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(url)).using(vertx).build();
      pool.query("DROP TABLE IF EXISTS " + table).execute().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      pool.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @ParameterizedTest
  @EnumSource(ServerMode.class)
  void postgres_servesSeededItemsInEveryMode(ServerMode mode) {
    try (ItemsServer server =
        ItemsServer.builder().mode(mode).port(0).instances(2).workerThreads(8).dbUrl(url).table(table).seedItems(30).start()) {
      assertThat(server.database()).startsWith("postgresql ").doesNotContain("conclab:conclab");
      HttpResponse<String> list = Http.get(server.url() + "/items?limit=3&offset=27");
      assertThat(list.statusCode()).isEqualTo(200);
      assertThat(new JsonArray(list.body()).stream().map(o -> ((JsonObject) o).getLong("id"))).containsExactly(28L, 29L, 30L);
      HttpResponse<String> one = Http.get(server.url() + "/items/5");
      assertThat(new JsonObject(one.body()).getString("name")).isEqualTo("item 5");
      assertThat(Http.get(server.url() + "/items/31").statusCode()).isEqualTo(404);
      assertThat(Http.get(server.url() + "/health").statusCode()).isEqualTo(200);
    }
  }
}
