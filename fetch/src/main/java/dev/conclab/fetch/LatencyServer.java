package dev.conclab.fetch;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A local HTTP endpoint that answers every request after a fixed delay (a Vert.x timer, so no
 * thread waits): the benchmark's "100 ms endpoint". A {@code ?delay=MS} query overrides the
 * delay per request. Binds to 127.0.0.1 with a large accept backlog. Thread-safe; {@link #close}
 * stops it and waits.
 *
 * <p>Run it alone with {@code java -cp conclab.jar dev.conclab.fetch.LatencyServer [PORT]
 * [DELAY_MS]}: it prints its base URL and serves until stdin closes or it is killed.
 */
public final class LatencyServer implements AutoCloseable {
  private static final Buffer BODY = Buffer.buffer("ok\n");
  private final Vertx vertx;
  private final HttpServer server;

  private LatencyServer(Vertx vertx, HttpServer server) {
    this.vertx = vertx;
    this.server = server;
  }

  /**
   * Starts a server on 127.0.0.1. Blocks until it listens.
   *
   * @param port the port, or 0 for any free one
   * @param delay how long each response waits; zero answers at once
   * @throws IllegalStateException if it cannot listen
   */
  public static LatencyServer start(int port, Duration delay) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must be >= 0, got " + delay);
    }
    long delayMs = delay.toMillis();
    Vertx vertx = Vertx.vertx(new VertxOptions());
    HttpServer server = vertx.createHttpServer(new HttpServerOptions()
        .setHost("127.0.0.1").setPort(port).setAcceptBacklog(65_535).setIdleTimeout(0))
        .requestHandler(req -> {
          long d = delayMs;
          String q = req.getParam("delay");
          if (q != null) {
            try {
              d = Math.max(0, Long.parseLong(q));
            } catch (NumberFormatException e) {
              req.response().setStatusCode(400).end("bad delay\n");
              return;
            }
          }
          if (d == 0) {
            req.response().end(BODY);
          } else {
            vertx.setTimer(d, id -> req.response().end(BODY));
          }
        });
    try {
      server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      vertx.close();
      throw new IllegalStateException("latency server cannot listen on port " + port + ": "
          + e.getMessage(), e);
    } catch (InterruptedException e) {
      vertx.close();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the latency server", e);
    }
    return new LatencyServer(vertx, server);
  }

  /** The port it listens on. */
  public int port() {
    return server.actualPort();
  }

  /** Its base URL, {@code http://127.0.0.1:PORT/}. */
  public String url() {
    return "http://127.0.0.1:" + port() + "/";
  }

  /** Stops the server and its event loops. Blocks until they have stopped (at most 30 s). */
  @Override
  public void close() {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("latency server did not stop: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Serves until stdin closes: {@code LatencyServer [PORT] [DELAY_MS]}. */
  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    long delay = args.length > 1 ? Long.parseLong(args[1]) : 100;
    try (LatencyServer s = start(port, Duration.ofMillis(delay))) {
      System.out.println(s.url());
      System.out.flush();
      CountDownLatch stdinClosed = new CountDownLatch(1);
      Thread t = Thread.ofPlatform().daemon(true).start(() -> {
        try {
          while (System.in.read() >= 0) {
            // wait for EOF
          }
        } catch (java.io.IOException e) {
          // stdin gone: stop
        }
        stdinClosed.countDown();
      });
      stdinClosed.await();
      t.interrupt();
    }
  }
}
