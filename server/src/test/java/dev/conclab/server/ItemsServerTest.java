package dev.conclab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class ItemsServerTest {

  private static ItemsServer start(ServerMode mode) {
    return ItemsServer.builder().mode(mode).port(0).instances(2).workerThreads(8).seedItems(50).start();
  }

  /** GETs {@code path} from the server and checks the answer is a 200. */
  private static HttpResponse<String> getOk(ItemsServer server, String path) {
    HttpResponse<String> r = Http.get(server.url() + path);
    assertThat(r.statusCode()).isEqualTo(200);
    return r;
  }

  @ParameterizedTest
  @EnumSource(ServerMode.class)
  void items_returnsSeededItemsAsJsonArray(ServerMode mode) {
    try (ItemsServer server = start(mode)) {
      HttpResponse<String> r = getOk(server, "/items");
      assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
      JsonArray items = new JsonArray(r.body());
      assertThat(items).hasSize(ItemsApp.DEFAULT_LIMIT);
      assertThat(items.getJsonObject(0).getLong("id")).isEqualTo(1L);
      assertThat(items.getJsonObject(0).getString("name")).isEqualTo("item 1");
    }
  }

  @ParameterizedTest
  @EnumSource(ServerMode.class)
  void items_limitAndOffsetSelectAPage(ServerMode mode) {
    try (ItemsServer server = start(mode)) {
      JsonArray items = new JsonArray(Http.get(server.url() + "/items?limit=5&offset=10").body());
      assertThat(items.stream().map(o -> ((JsonObject) o).getLong("id"))).containsExactly(11L, 12L, 13L, 14L, 15L);
      assertThat(new JsonArray(Http.get(server.url() + "/items?offset=48").body())).hasSize(2);
    }
  }

  @ParameterizedTest
  @EnumSource(ServerMode.class)
  void itemById_returnsItemOr404(ServerMode mode) {
    try (ItemsServer server = start(mode)) {
      assertThat(new JsonObject(getOk(server, "/items/7").body()).getString("name")).isEqualTo("item 7");
      HttpResponse<String> missing = Http.get(server.url() + "/items/999");
      assertThat(missing.statusCode()).isEqualTo(404);
      assertThat(new JsonObject(missing.body()).getString("error")).isEqualTo("item 999 not found");
    }
  }

  @Test
  void invalidParameters_are400JsonErrors() {
    try (ItemsServer server = start(ServerMode.EVENT_LOOP)) {
      for (String q : new String[] {"/items?limit=abc", "/items?limit=0", "/items?limit=101", "/items?offset=-1", "/items/abc", "/items/0"}) {
        HttpResponse<String> r = Http.get(server.url() + q);
        assertThat(r.statusCode()).as(q).isEqualTo(400);
        assertThat(r.headers().firstValue("content-type")).as(q).hasValue("application/json");
        assertThat(new JsonObject(r.body()).getInteger("status")).isEqualTo(400);
      }
      assertThat(new JsonObject(Http.get(server.url() + "/items?limit=abc").body()).getString("error"))
          .isEqualTo("limit must be an integer, got 'abc'");
    }
  }

  @Test
  void unknownPathAndWrongMethod_are404And405JsonErrors() {
    try (ItemsServer server = start(ServerMode.EVENT_LOOP)) {
      HttpResponse<String> notFound = Http.get(server.url() + "/nope");
      assertThat(notFound.statusCode()).isEqualTo(404);
      assertThat(new JsonObject(notFound.body()).getString("error")).contains("/nope");
      HttpResponse<String> wrong =
          Http.send(HttpRequest.newBuilder(URI.create(server.url() + "/items")).DELETE().build());
      assertThat(wrong.statusCode()).isEqualTo(405);
      assertThat(new JsonObject(wrong.body()).getInteger("status")).isEqualTo(405);
    }
  }

  @Test
  void health_reportsDatabaseUp() {
    try (ItemsServer server = start(ServerMode.VIRTUAL)) {
      HttpResponse<String> r = getOk(server, "/health");
      assertThat(new JsonObject(r.body()).getString("database")).isEqualTo("up");
      assertThat(new JsonObject(r.body()).getString("mode")).isEqualTo("virtual");
      assertThat(server.transport()).isIn("epoll", "nio");
    }
  }

  @Test
  void metrics_exposeRequestsLatencyInFlightAndPool() {
    try (ItemsServer server = start(ServerMode.EVENT_LOOP)) {
      Http.get(server.url() + "/items");
      HttpResponse<String> r = getOk(server, "/metrics");
      assertThat(r.body())
          .contains("conclab_http_server_requests_seconds_count{method=\"GET\",route=\"/items\",status=\"200\"} 1")
          .contains("conclab_http_server_requests_seconds_bucket")
          .contains("conclab_http_server_requests_in_flight")
          .contains("conclab_db_pool_in_use")
          .contains("conclab_db_pool_max 16");
    }
  }

  @Test
  void builder_rejectsBadValuesNamingThem() {
    assertThatThrownBy(() -> ItemsServer.builder().port(70000)).hasMessageContaining("70000");
    assertThatThrownBy(() -> ItemsServer.builder().dbUrl("mysql://x")).hasMessageContaining("mysql://x");
    assertThatThrownBy(() -> ItemsServer.builder().table("x; drop")).hasMessageContaining("x; drop");
    assertThatThrownBy(() -> ItemsServer.builder().fetchDelay(Duration.ofMillis(-1))).hasMessageContaining("PT-0.001S");
    assertThatThrownBy(() -> ServerMode.parse("fibers")).hasMessageContaining("fibers");
    for (String host : new String[] {" ", "a b", "a\nb", "a\u0085b", "a\u2028b", "a\u2029b", "a\tb"}) {
      assertThatThrownBy(() -> ItemsServer.builder().host(host)).as("host %s", host.codePoints().boxed().toList())
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host must");
    }
    assertThat(ItemsServer.builder().host("::1")).isNotNull();
  }

  @Test
  void start_portInUse_failsWithMessage() {
    try (ItemsServer first = start(ServerMode.EVENT_LOOP)) {
      assertThatThrownBy(() -> ItemsServer.builder().port(first.port()).instances(1).start())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("cannot listen");
    }
  }
}
