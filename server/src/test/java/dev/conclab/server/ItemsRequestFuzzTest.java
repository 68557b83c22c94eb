package dev.conclab.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Any request on the {@code /items} path (method, path segments, query parameters, a header)
 * sent on a raw socket to the real server: every answer is below 500, and no answer carries
 * internals (stack traces, class or package names) that the request did not contain itself.
 *
 * <p>The corpus ({@code ItemsRequestFuzzTestInputs/}) runs in every build; {@code
 * bench/scripts/fuzz.sh items 10m} fuzzes it.
 */
class ItemsRequestFuzzTest {
  private static final List<String> METHODS =
      List.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "CONNECT", "PRI");
  private static final List<String> INTERNALS =
      List.of("Exception", "\tat ", ".java:", "dev.conclab", "io.vertx", "io.netty", "org.h2", "SQL");
  private static final Pattern STATUS = Pattern.compile("(?m)^HTTP/\\d\\.\\d (\\d{3})");

  private static ItemsServer server;

  @BeforeAll
  static void start() {
    server = Http.startStrict(50, 256);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @FuzzTest(maxDuration = "10s")
  void anyItemsRequest_isAnsweredBelow500_withoutInternals(FuzzedDataProvider data) throws IOException {
    String method = data.consumeBoolean() ? data.pickValue(METHODS) : data.consumeString(12);
    String path = data.consumeBoolean() ? "/items" : "/items/";
    path += data.consumeString(120);
    String headerName = data.consumeString(24);
    String headerValue = data.consumeString(120);
    String body = data.consumeRemainingAsString();
    String request =
        method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + (headerName.isEmpty() ? "" : headerName + ": " + headerValue + "\r\n")
            + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n"
            + "Connection: close\r\n\r\n" + body;
    checkAnswer(request, send(request));
  }

  static void checkAnswer(String request, String response) {
    Matcher m = STATUS.matcher(response);
    while (m.find()) {
      assertThat(Integer.parseInt(m.group(1))).as("status for %s\n%s", request, response).isLessThan(500);
    }
    for (String marker : INTERNALS) {
      if (!request.contains(marker)) {
        assertThat(response).as("internals in the answer to %s", request).doesNotContain(marker);
      }
    }
  }

  /**
   * Sends the request's bytes (UTF-8) and returns the answer, read until the server closes (it
   * does after a {@code Connection: close} answer, or after its idle timeout). The output is not
   * half-closed: the server would take that for the client going away and drop its answer.
   */
  static String send(String request) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      try {
        out.write(request.getBytes(StandardCharsets.UTF_8));
        out.flush();
      } catch (IOException e) {
        // the server may close early on a bad request; read what it said
      }
      return Http.readAll(s.getInputStream());
    }
  }

  @Test
  void aWellFormedRequest_getsItems() throws IOException {
    String r = send("GET /items?limit=2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertThat(r).startsWith("HTTP/1.1 200").contains("\"id\":2");
  }

  @Test
  void manyInventedMethods_doNotGrowTheMetricsWithoutBound() throws IOException {
    for (int i = 0; i < 200; i++) {
      send("M" + i + " /items HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    }
    String metrics = send("GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertThat(metrics).contains("method=\"other\"").doesNotContain("method=\"M17\"");
    assertThat(metrics.length()).as("metrics size").isLessThan(200_000);
  }
}
