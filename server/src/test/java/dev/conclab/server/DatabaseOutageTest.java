package dev.conclab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseOutageTest {

  @TempDir Path dir;

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void unreachablePostgres_answers503WithRetryAfter() throws Exception {
    int dead = freePort();
    try (ItemsServer server =
        ItemsServer.builder().port(0).instances(1).dbUrl("postgresql://u:p@127.0.0.1:" + dead + "/db").start()) {
      HttpResponse<String> items = Http.get(server.url() + "/items");
      assertThat(items.statusCode()).isEqualTo(503);
      assertThat(items.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(new JsonObject(items.body()).getString("error")).isEqualTo("database unavailable");
      assertThat(items.body()).doesNotContain("Exception").doesNotContain("127.0.0.1");
      HttpResponse<String> health = Http.get(server.url() + "/health");
      assertThat(health.statusCode()).isEqualTo(503);
      assertThat(health.headers().firstValue("Retry-After")).isPresent();
      assertThat(new JsonObject(health.body()).getString("database")).isEqualTo("down");
    }
  }

  @Test
  void databaseGoesAwayAndComesBack_503ThenRecovers() throws Exception {
    int port = freePort();
    String[] args = {"-tcp", "-tcpPort", Integer.toString(port), "-baseDir", dir.toString(), "-ifNotExists"};
    Server h2 = Server.createTcpServer(args).start();
    String url = "jdbc:h2:tcp://127.0.0.1:" + port + "/items-db";
    try (ItemsServer server = ItemsServer.builder().port(0).instances(1).seedItems(10).dbUrl(url).start()) {
      assertThat(Http.get(server.url() + "/items").statusCode()).isEqualTo(200);

      h2.stop();
      HttpResponse<String> down = Http.get(server.url() + "/items");
      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(down.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(Http.get(server.url() + "/health").statusCode()).isEqualTo(503);

      h2 = Server.createTcpServer(args).start();
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> Http.get(server.url() + "/items").statusCode() == 200);
      assertThat(new JsonArray(Http.get(server.url() + "/items").body())).hasSize(10);
      assertThat(Http.get(server.url() + "/health").statusCode()).isEqualTo(200);
    } finally {
      h2.stop();
    }
  }
}
