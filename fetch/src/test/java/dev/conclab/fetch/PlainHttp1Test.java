package dev.conclab.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The plain-HTTP/1.1 path ({@link NettyHttp1}) on the wire: connections kept alive and reused,
 * and closed once idle for the keep-alive time; {@code Connection: close} honoured; a body
 * delimited by the close, and a body cut short.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlainHttp1Test {
  private final Vertx vertx = Vertx.vertx();
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger closed = new AtomicInteger();
  private HttpServer server;

  @BeforeAll
  void start() throws Exception {
    server = vertx.createHttpServer()
        .connectionHandler(c -> {
          connections.incrementAndGet();
          c.closeHandler(v -> closed.incrementAndGet());
        })
        .requestHandler(req -> {
          if ("/close".equals(req.path())) {
            req.response().putHeader("Connection", "close");
          }
          req.response().end("hello");
        })
        .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterAll
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static List<FetchResult> fetchAll(List<String> urls) throws Exception {
    FetchSpec spec = FetchSpec.builder().model(FetchModel.ASYNC).concurrency(1)
        .timeout(Duration.ofSeconds(10)).build();
    List<FetchResult> rows = new ArrayList<>();
    try (Fetcher f = Fetcher.create(spec)) {
      f.fetchAll(urls.iterator(), rows::add);
    }
    return rows;
  }

  private List<String> urls(String path, int n) {
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      urls.add("http://127.0.0.1:" + server.actualPort() + path + "?i=" + i);
    }
    return urls;
  }

  @Test
  void sequentialRequests_reuseOneKeptAliveConnection() throws Exception {
    int before = connections.get();
    List<FetchResult> rows = fetchAll(urls("/", 20));
    assertThat(rows).hasSize(20).allSatisfy(r -> {
      assertThat(r.ok()).isTrue();
      assertThat(r.bytes()).isEqualTo(5);
    });
    assertThat(connections.get() - before).isEqualTo(1);
  }

  @Test
  void idleConnection_isClosedAfterTheKeepAliveTime() throws Exception {
    FetchSpec spec = FetchSpec.builder().model(FetchModel.ASYNC).concurrency(1)
        .timeout(Duration.ofSeconds(10)).build();
    try (Fetcher f = Fetcher.create(spec)) {
      int closedBefore = closed.get();
      assertThat(f.fetch(urls("/", 1).get(0)).ok()).isTrue();
      long idleSince = System.nanoTime();
      // the fetcher stays open: only its keep-alive sweep can close the idle connection
      await().atMost(Duration.ofSeconds(VertxTransport.KEEP_ALIVE_SECONDS + 10))
          .until(() -> closed.get() > closedBefore);
      assertThat(Duration.ofNanos(System.nanoTime() - idleSince))
          .isGreaterThanOrEqualTo(Duration.ofSeconds(VertxTransport.KEEP_ALIVE_SECONDS - 1));
    }
  }

  @Test
  void connectionClose_isNotReused() throws Exception {
    int before = connections.get();
    List<FetchResult> rows = fetchAll(urls("/close", 5));
    assertThat(rows).hasSize(5).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
    assertThat(connections.get() - before).isEqualTo(5);
  }

  @Test
  void bodyEndedByClose_isComplete() throws Exception {
    try (RawServer raw = new RawServer("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nabcdefg")) {
      FetchResult r = fetchAll(List.of(raw.url())).get(0);
      assertThat(r.ok()).isTrue();
      assertThat(r.bytes()).isEqualTo(7);
    }
  }

  @Test
  void bodyCutShort_isReset() throws Exception {
    try (RawServer raw = new RawServer("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc")) {
      FetchResult r = fetchAll(List.of(raw.url())).get(0);
      assertThat(r.error()).isEqualTo(ErrorKind.CONNECTION_RESET);
    }
  }

  /** Answers every connection with a fixed text once the request's headers are in, then closes. */
  private static final class RawServer implements AutoCloseable {
    final ServerSocket socket;
    final Thread thread;

    RawServer(String reply) throws IOException {
      socket = new ServerSocket();
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      byte[] bytes = reply.getBytes(StandardCharsets.US_ASCII);
      thread = Thread.ofPlatform().daemon(true).name("raw-http").start(() -> {
        while (!socket.isClosed()) {
          try (Socket s = socket.accept()) {
            InputStream in = s.getInputStream();
            int state = 0; // counts the bytes of the \r\n\r\n that ends the request's headers
            int b;
            while (state < 4 && (b = in.read()) >= 0) {
              state = (b == (state % 2 == 0 ? '\r' : '\n')) ? state + 1 : (b == '\r' ? 1 : 0);
            }
            OutputStream out = s.getOutputStream();
            out.write(bytes);
            out.flush();
          } catch (IOException e) {
            // closed: the test is over
          }
        }
      });
    }

    String url() {
      return "http://127.0.0.1:" + socket.getLocalPort() + "/raw";
    }

    @Override
    public void close() throws Exception {
      socket.close();
      thread.join(TimeUnit.SECONDS.toMillis(10));
    }
  }
}
