package dev.conclab.cli;

import static dev.conclab.cli.MainTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.conclab.cli.MainTest.Run;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LoadCommandTest {

  private static void assertUsageError(Run r, String text) {
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("conclab: ").contains(text).doesNotContain("\tat ");
    assertThat(r.err().lines().filter(l -> l.startsWith("conclab:")).count()).isEqualTo(1);
  }

  @Test
  void badUrl_isOneLineUsageError() {
    assertUsageError(run("load", "not a url"), "not a url");
    assertUsageError(run("load", "ftp://example.org/"), "ftp://example.org/");
    assertUsageError(run("load", "localhost:8080/items"), "localhost:8080/items");
  }

  @Test
  void badOptions_areOneLineUsageErrors() {
    assertUsageError(run("load", "http://127.0.0.1:1/", "--connections", "0"), "connections");
    assertUsageError(run("load", "http://127.0.0.1:1/", "--duration", "soon"), "soon");
    assertUsageError(run("load", "http://127.0.0.1:1/", "--rate", "-3"), "-3");
    assertUsageError(run("load"), "URL");
  }

  @Test
  void json_reportsRequestsAgainstLocalServer() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/items", ex -> {
      byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/items";
      Run r = run("load", url, "-c", "2", "-d", "500ms", "-w", "0s", "-R", "40", "--json");
      assertThat(r.code()).as(r.err()).isZero();
      JsonNode j = new ObjectMapper().readTree(r.out());
      assertThat(j.get("requests").asLong()).isEqualTo(20);
      assertThat(j.get("ok").asLong()).isEqualTo(20);
      assertThat(j.get("url").asText()).isEqualTo(url);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void noServer_exitsOneWithOneLine() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Run r = run("load", "http://127.0.0.1:" + port + "/", "-c", "1", "-d", "200ms", "-w", "0s");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).startsWith("conclab: no responses").contains("connect refused").doesNotContain("\tat ");
  }
}
