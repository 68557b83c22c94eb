package dev.conclab.fetch;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SelfSignedCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Local servers for the fetch tests, all on 127.0.0.1: an HTTP and an HTTPS server (self-signed
 * certificate, HTTP/2 by ALPN) with test routes, a server that resets every connection, and a
 * port with nothing listening.
 */
final class TestServers implements AutoCloseable {
  final Vertx vertx = Vertx.vertx();
  final HttpServer http;
  final HttpServer https;
  final ServerSocket resetter;
  final Thread resetThread;
  final int refusedPort;
  final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  /** Requests received, by path and query, counted when they arrive (before any response). */
  final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
  /** Requests held at each gate ({@code /gate?name=G&n=N}) until N of them are waiting. */
  private final Map<String, List<HttpServerRequest>> gates = new HashMap<>();
  volatile @Nullable String lastHeader;
  /** The User-Agent of the last request per path and query ("" when it had none). */
  final Map<String, String> userAgents = new ConcurrentHashMap<>();
  volatile @Nullable String lastMethod;

  TestServers() throws Exception {
    http = listen(new HttpServerOptions());
    SelfSignedCertificate cert = SelfSignedCertificate.create("localhost");
    https = listen(new HttpServerOptions().setSsl(true).setUseAlpn(true)
        .setKeyCertOptions(cert.keyCertOptions()));
    resetter = new ServerSocket();
    resetter.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    resetThread = Thread.ofPlatform().daemon(true).name("reset-server").start(this::resetLoop);
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      refusedPort = s.getLocalPort();
    }
  }

  private HttpServer listen(HttpServerOptions options) throws Exception {
    return vertx.createHttpServer(options.setHost("127.0.0.1").setPort(0))
        .requestHandler(this::handle)
        .listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  String url(String path) {
    return "http://127.0.0.1:" + http.actualPort() + path;
  }

  String tlsUrl(String path) {
    return "https://127.0.0.1:" + https.actualPort() + path;
  }

  String resetUrl() {
    return "http://127.0.0.1:" + resetter.getLocalPort() + "/";
  }

  /** How many requests for this path and query (e.g. {@code /delay?ms=5}) have arrived. */
  int received(String pathAndQuery) {
    AtomicInteger n = received.get(pathAndQuery);
    return n == null ? 0 : n.get();
  }

  String refusedUrl() {
    return "http://127.0.0.1:" + refusedPort + "/";
  }

  private void handle(HttpServerRequest req) {
    String path = java.util.Objects.requireNonNullElse(req.path(), "/");
    received.computeIfAbsent(req.uri(), k -> new AtomicInteger()).incrementAndGet();
    lastMethod = req.method().name();
    lastHeader = req.getHeader("X-Test");
    userAgents.put(req.uri(), java.util.Objects.requireNonNullElse(req.getHeader("User-Agent"), ""));
    if (path.equals("/ok")) {
      req.response().end("hello");
    } else if (path.equals("/delay")) {
      long ms = Long.parseLong(req.getParam("ms", "100"));
      vertx.setTimer(Math.max(1, ms), id -> req.response().end("late"));
    } else if (path.equals("/gate")) {
      gate(req);
    } else if (path.equals("/loop")) {
      req.response().setStatusCode(302).putHeader("Location", "/loop").end();
    } else if (path.startsWith("/redirect/")) {
      int n = Integer.parseInt(path.substring("/redirect/".length()));
      if (n == 0) {
        req.response().end("arrived");
      } else {
        req.response().setStatusCode(301).putHeader("Location", "/redirect/" + (n - 1)).end();
      }
    } else if (path.equals("/big")) {
      int n = Integer.parseInt(req.getParam("n", "100000"));
      req.response().end(Buffer.buffer(new byte[n]));
    } else if (path.startsWith("/flaky/")) {
      int hit = hits.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
      if (hit <= 2) {
        req.response().setStatusCode(503).end("try again");
      } else {
        req.response().end("finally");
      }
    } else if (path.startsWith("/status/")) {
      req.response().setStatusCode(Integer.parseInt(path.substring("/status/".length()))).end("status");
    } else {
      req.response().setStatusCode(404).end("no such route");
    }
  }

  /**
   * Holds the request until {@code n} requests wait at the gate {@code name}, then answers them
   * all: a run gets through only if that many requests are in flight at once.
   */
  private void gate(HttpServerRequest req) {
    String name = req.getParam("name", "");
    int n = Integer.parseInt(req.getParam("n", "1"));
    List<HttpServerRequest> open = List.of();
    synchronized (gates) {
      List<HttpServerRequest> waiting = gates.computeIfAbsent(name, k -> new ArrayList<>());
      waiting.add(req);
      if (waiting.size() >= n) {
        open = List.copyOf(waiting);
        waiting.clear();
      }
    }
    open.forEach(r -> r.response().end("together"));
  }

  /** Accepts connections, reads the request's first bytes, then resets (SO_LINGER 0). */
  private void resetLoop() {
    while (!resetter.isClosed()) {
      try (Socket s = resetter.accept()) {
        s.setSoLinger(true, 0);
        InputStream in = s.getInputStream();
        byte[] buf = new byte[4096];
        int n = in.read(buf);
        if (n < 0) {
          continue;
        }
      } catch (IOException e) {
        if (resetter.isClosed()) {
          return;
        }
      }
    }
  }

  @Override
  public void close() throws Exception {
    resetter.close();
    resetThread.join(TimeUnit.SECONDS.toMillis(10));
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
