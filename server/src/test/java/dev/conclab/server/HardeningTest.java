package dev.conclab.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HardeningTest {

  private static ItemsServer server;

  @BeforeAll
  static void start() {
    server = Http.startStrict(10, 100);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static void assertNoStackTrace(String response) {
    assertThat(response).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain(".java:");
  }

  @Test
  void oversizedRequestLine_is414() throws IOException {
    String r = Http.raw(server.port(), "GET /items?x=" + "a".repeat(2000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(r).matches("(?s)HTTP/1\\.[01] 414.*");
    assertNoStackTrace(r);
  }

  @Test
  void oversizedHeaders_are431() throws IOException {
    String r = Http.raw(server.port(), "GET /items HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(4000) + "\r\n\r\n");
    assertThat(r).matches("(?s)HTTP/1\\.[01] 431.*");
    assertNoStackTrace(r);
  }

  @Test
  void malformedRequest_is400() throws IOException {
    String r = Http.raw(server.port(), "GARBAGE\r\n\r\n");
    assertThat(r).matches("(?s)HTTP/1\\.[01] 400.*");
    assertNoStackTrace(r);
  }

  @Test
  void oversizedBody_is413JsonError() throws IOException {
    String body = "c".repeat(1000);
    String r = Http.raw(server.port(),
        "POST /items HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
    assertThat(r).matches("(?s)HTTP/1\\.[01] 413.*");
    assertNoStackTrace(r);
  }

  @Test
  void unknownPath_is404JsonErrorOnRawSocket() throws IOException {
    String r = Http.raw(server.port(), "GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertThat(r).startsWith("HTTP/1.1 404").contains("application/json").contains("\"status\":404");
    assertNoStackTrace(r);
  }

  @Test
  void tricklingClient_isDroppedAfterIdleTimeout() throws Exception {
    ExecutorService reader = Executors.newSingleThreadExecutor();
    try (Socket s = new Socket()) {
      long opened = System.nanoTime();
      s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
      s.setSoTimeout(10_000);
      InputStream in = s.getInputStream();
      Future<Integer> eof = reader.submit(() -> in.read());
      OutputStream out = s.getOutputStream();
      byte[] request = "GET /items HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      int i = 0;
      boolean dropped = false;
      // one byte every 50 ms: the connection is never idle at the TCP level, yet never sends a request
      while (System.nanoTime() < deadline) {
        try {
          out.write(i < request.length ? request[i] : 'z');
          out.flush();
          i++;
        } catch (IOException e) {
          dropped = true;
          break;
        }
        if (eof.isDone()) {
          dropped = true;
          break;
        }
        try {
          eof.get(50, TimeUnit.MILLISECONDS);
          dropped = true;
          break;
        } catch (java.util.concurrent.TimeoutException e) {
          // still open: trickle on
        }
      }
      assertThat(dropped).as("server dropped the trickling connection").isTrue();
      assertThat(eof.get(5, TimeUnit.SECONDS)).isEqualTo(-1);
      // not dropped at the first byte: it lived (at least) the idle timeout while trickling
      assertThat(i).as("bytes trickled before the drop").isGreaterThanOrEqualTo(2);
      assertThat(Duration.ofNanos(System.nanoTime() - opened)).isGreaterThanOrEqualTo(Duration.ofMillis(450));
    } finally {
      reader.shutdownNow();
      assertThat(reader.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void keepAliveConnection_servesSeveralRequestsBeforeIdleTimeout() throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      out.write("GET /items/1 HTTP/1.1\r\nHost: x\r\n\r\nGET /items/2 HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String all = Http.readAll(s.getInputStream());
      assertThat(all).contains("\"name\":\"item 1\"").contains("\"name\":\"item 2\"");
    }
  }
}
