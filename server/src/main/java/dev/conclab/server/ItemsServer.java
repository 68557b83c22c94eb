package dev.conclab.server;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * The {@code /items} HTTP service (the seed's FastAPI example) on Vert.x: {@code GET /items},
 * {@code GET /items/{id}}, {@code GET /health}, {@code GET /metrics}, backed by an embedded H2
 * database (default) or PostgreSQL, in one of three {@link ServerMode}s.
 *
 * <pre>{@code
 * try (ItemsServer server = ItemsServer.builder().mode(ServerMode.VIRTUAL).port(0).start()) {
 *   System.out.println(server.url() + "/items");
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link Builder#start()} blocks until the server listens; {@link #close()}
 * stops accepting connections, lets requests in flight finish (up to the shutdown timeout) and
 * blocks until everything is released. Neither may be called on a Vert.x event loop.
 *
 * <p>Why one class of this size: it is the server's public surface, its builder (every option of
 * {@code conclab serve}) and its lifecycle; the request handling is in {@code ItemsApp} and the
 * data access in {@code ItemStore}.
 */
public final class ItemsServer implements AutoCloseable {

  private final Vertx vertx;
  private final ItemStore store;
  private final ServerMetrics metrics;
  private final List<HttpServer> servers;
  private final int port;
  private final String host;
  private final ServerMode mode;
  private final Duration shutdownTimeout;
  private final AtomicBoolean closing = new AtomicBoolean();
  private final CountDownLatch terminated = new CountDownLatch(1);

  private ItemsServer(
      Vertx vertx,
      ItemStore store,
      ServerMetrics metrics,
      List<HttpServer> servers,
      String host,
      int port,
      ServerMode mode,
      Duration shutdownTimeout) {
    this.vertx = vertx;
    this.store = store;
    this.metrics = metrics;
    this.servers = servers;
    this.host = host;
    this.port = port;
    this.mode = mode;
    this.shutdownTimeout = shutdownTimeout;
  }

  /** A builder with the defaults: event-loop mode, 127.0.0.1:8080, embedded H2, no fetch delay. */
  public static Builder builder() {
    return new Builder();
  }

  /** The port the server listens on (the real one when 0 was asked for). */
  public int port() {
    return port;
  }

  /** The base URL, e.g. {@code http://127.0.0.1:8080}. */
  public String url() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return "http://" + h + ":" + port;
  }

  /** The threading model the handlers run on. */
  public ServerMode mode() {
    return mode;
  }

  /** A one-line description of the database (kind and location, no password). */
  public String database() {
    return store.description();
  }

  /** The network transport Vert.x uses: {@code epoll} (Linux native) or {@code nio}. */
  public String transport() {
    return vertx.isNativeTransportEnabled() ? "epoll" : "nio";
  }

  /** Requests being handled right now, not counting {@code /metrics} scrapes. */
  public int requestsInFlight() {
    return metrics.inFlight();
  }

  /**
   * Shuts down gracefully: stops accepting, finishes requests in flight (waiting at most the
   * shutdown timeout), then closes the database pool and Vert.x. Blocks until done. Idempotent;
   * a second caller also blocks until the first one's shutdown has finished.
   */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      awaitTermination(shutdownTimeout.plusSeconds(30));
      return;
    }
    try {
      List<Future<Void>> shutdowns = new ArrayList<>();
      for (HttpServer s : servers) {
        shutdowns.add(s.shutdown(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS));
      }
      block(Future.join(shutdowns), shutdownTimeout.plusSeconds(5));
      store.close();
      block(vertx.close(), Duration.ofSeconds(10));
      metrics.close();
    } finally {
      terminated.countDown();
    }
  }

  /** Blocks until {@link #close()} has finished or the timeout elapses; true if finished. */
  public boolean awaitTermination(Duration timeout) {
    try {
      return terminated.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void block(Future<?> f, Duration timeout) {
    try {
      f.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // best effort: shutdown goes on with the next resource
    }
  }

  /** The HTTP server of one verticle instance. */
  private static final class HttpVerticle extends VerticleBase {
    private final ItemsApp app;
    private final HttpServerOptions options;
    private final long idleTimeoutMillis;
    private final List<HttpServer> servers;

    HttpVerticle(ItemsApp app, HttpServerOptions options, long idleTimeoutMillis, List<HttpServer> servers) {
      this.app = app;
      this.options = options;
      this.idleTimeoutMillis = idleTimeoutMillis;
      this.servers = servers;
    }

    @Override
    public Future<?> start() {
      Router router = app.router(vertx);
      IdleGuard guard = new IdleGuard(vertx, idleTimeoutMillis);
      HttpServer server = vertx.createHttpServer(options);
      server.connectionHandler(guard::onConnect);
      server.requestHandler(
          req -> {
            guard.onRequest(req);
            router.handle(req);
          });
      servers.add(server);
      return server.listen();
    }
  }

  /**
   * Configures and starts an {@link ItemsServer}. Setters fail fast with
   * {@link IllegalArgumentException} naming the bad value. Not thread-safe.
   */
  public static final class Builder {
    private ServerMode mode = ServerMode.EVENT_LOOP;
    private String host = "127.0.0.1";
    private int port = 8080;
    private @Nullable String dbUrl;
    private String table = "items";
    private int seedItems = 1000;
    private Duration fetchDelay = Duration.ZERO;
    private Duration idleTimeout = Duration.ofSeconds(60);
    private Duration shutdownTimeout = Duration.ofSeconds(30);
    private int maxInitialLineLength = 4096;
    private int maxHeaderSize = 8192;
    private long maxBodySize = 16 * 1024;
    private int workerThreads = 200;
    private int instances = 2 * Runtime.getRuntime().availableProcessors();
    private int dbPoolSize = 16;
    private int retryAfterSeconds = 1;

    private Builder() {}

    /** The threading model. */
    public Builder mode(ServerMode mode) {
      this.mode = mode;
      return this;
    }

    /**
     * The address to bind; default 127.0.0.1.
     *
     * @throws IllegalArgumentException if {@code host} is blank or holds a space or a control
     *     character (no host name or address does)
     */
    public Builder host(String host) {
      if (host.isBlank()) {
        throw new IllegalArgumentException("host must not be blank");
      }
      // isWhitespace covers the line and paragraph separators (U+2028, U+2029) too
      if (host.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
        throw new IllegalArgumentException("host must be a name or an address, without spaces or control characters");
      }
      this.host = host;
      return this;
    }

    /** The port; 0 picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /** {@code null} (embedded in-memory H2), {@code jdbc:h2:...} or {@code postgresql://...}. */
    public Builder dbUrl(@Nullable String dbUrl) {
      if (dbUrl != null
          && !dbUrl.startsWith("jdbc:h2:")
          && !dbUrl.startsWith("postgresql://")
          && !dbUrl.startsWith("postgres://")) {
        throw new IllegalArgumentException(
            "unsupported database URL '" + dbUrl + "' (expected jdbc:h2:... or postgresql://...)");
      }
      this.dbUrl = dbUrl;
      return this;
    }

    /** The table to read (created and seeded when missing or empty); default {@code items}. */
    public Builder table(String table) {
      if (!table.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
        throw new IllegalArgumentException("bad table name '" + table + "'");
      }
      this.table = table;
      return this;
    }

    /** How many items to seed an empty table with; default 1000. */
    public Builder seedItems(int seedItems) {
      if (seedItems < 0 || seedItems > 1_000_000) {
        throw new IllegalArgumentException("seed items must be between 0 and 1000000, got " + seedItems);
      }
      this.seedItems = seedItems;
      return this;
    }

    /** Simulated downstream latency added to every item fetch; default none. */
    public Builder fetchDelay(Duration fetchDelay) {
      if (fetchDelay.isNegative()) {
        throw new IllegalArgumentException("fetch delay must not be negative, got " + fetchDelay);
      }
      this.fetchDelay = fetchDelay;
      return this;
    }

    /**
     * A connection that does not complete a request within this time of opening or of its last
     * response is closed (idle keep-alive and trickling clients alike); default 60 s.
     */
    public Builder idleTimeout(Duration idleTimeout) {
      if (idleTimeout.toMillis() < 1) {
        throw new IllegalArgumentException("idle timeout must be at least 1ms, got " + idleTimeout);
      }
      this.idleTimeout = idleTimeout;
      return this;
    }

    /** How long {@link ItemsServer#close()} waits for requests in flight; default 30 s. */
    public Builder shutdownTimeout(Duration shutdownTimeout) {
      if (shutdownTimeout.isNegative()) {
        throw new IllegalArgumentException("shutdown timeout must not be negative, got " + shutdownTimeout);
      }
      this.shutdownTimeout = shutdownTimeout;
      return this;
    }

    /** Longest request line (method, URI, version) in bytes; longer gets 414. Default 4096. */
    public Builder maxInitialLineLength(int bytes) {
      if (bytes < 64) {
        throw new IllegalArgumentException("max request line must be at least 64 bytes, got " + bytes);
      }
      this.maxInitialLineLength = bytes;
      return this;
    }

    /** Largest total header size in bytes; larger gets 431. Default 8192. */
    public Builder maxHeaderSize(int bytes) {
      if (bytes < 256) {
        throw new IllegalArgumentException("max header size must be at least 256 bytes, got " + bytes);
      }
      this.maxHeaderSize = bytes;
      return this;
    }

    /** Largest request body in bytes; larger gets 413. Default 16 KiB. */
    public Builder maxBodySize(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("max body size must not be negative, got " + bytes);
      }
      this.maxBodySize = bytes;
      return this;
    }

    /** Worker threads for {@link ServerMode#WORKER}; default 200. */
    public Builder workerThreads(int n) {
      if (n < 1 || n > 10_000) {
        throw new IllegalArgumentException("worker threads must be between 1 and 10000, got " + n);
      }
      this.workerThreads = n;
      return this;
    }

    /** HTTP server verticle instances; default 2 × cores (one per event loop). */
    public Builder instances(int n) {
      if (n < 1 || n > 1024) {
        throw new IllegalArgumentException("instances must be between 1 and 1024, got " + n);
      }
      this.instances = n;
      return this;
    }

    /** Maximum pooled database connections; default 16. */
    public Builder dbPoolSize(int n) {
      if (n < 1 || n > 1000) {
        throw new IllegalArgumentException("database pool size must be between 1 and 1000, got " + n);
      }
      this.dbPoolSize = n;
      return this;
    }

    /** The Retry-After value sent with 503; default 1 s. */
    public Builder retryAfterSeconds(int seconds) {
      if (seconds < 0) {
        throw new IllegalArgumentException("retry-after must not be negative, got " + seconds);
      }
      this.retryAfterSeconds = seconds;
      return this;
    }

    /**
     * Starts the server. Blocks until it listens. The database is prepared (table created and
     * seeded) now if it is reachable, otherwise on the first request that finds it reachable.
     *
     * @throws IllegalStateException if the server cannot listen (e.g. the port is in use)
     */
    public ItemsServer start() {
      VertxOptions vo = new VertxOptions().setWorkerPoolSize(workerThreads).setPreferNativeTransport(true);
      Vertx vertx = Vertx.builder().with(vo).build();
      ItemStore store;
      try {
        store = ItemStore.open(vertx, dbUrl, table, seedItems, dbPoolSize, mode == ServerMode.WORKER);
      } catch (RuntimeException e) {
        vertx.close();
        throw e;
      }
      ServerMetrics metrics = new ServerMetrics(store, mode);
      try {
        block(store.ensureSchema(), Duration.ofSeconds(10));
        ItemsApp app = new ItemsApp(store, mode, fetchDelay, metrics, retryAfterSeconds, maxBodySize);
        List<HttpServer> servers = new CopyOnWriteArrayList<>();
        ThreadingModel tm = mode == ServerMode.VIRTUAL ? ThreadingModel.VIRTUAL_THREAD : ThreadingModel.EVENT_LOOP;
        long idleMillis = idleTimeout.toMillis();
        // Instances share one listening socket only when they ask for the same concrete port.
        int actual = port;
        for (int attempt = 1; ; attempt++) {
          int listenPort = port != 0 ? port : freePort(host);
          HttpServerOptions options = serverOptions(listenPort);
          try {
            deploy(vertx, () -> new HttpVerticle(app, options, idleMillis, servers), tm, instances);
            actual = listenPort;
            break;
          } catch (IllegalStateException e) {
            if (port != 0 || attempt == 3) {
              throw e;
            }
            servers.clear();
          }
        }
        return new ItemsServer(vertx, store, metrics, servers, host, actual, mode, shutdownTimeout);
      } catch (RuntimeException e) {
        store.close();
        metrics.close();
        block(vertx.close(), Duration.ofSeconds(10));
        throw e;
      }
    }

    private HttpServerOptions serverOptions(int listenPort) {
      return new HttpServerOptions()
          .setHost(host)
          .setPort(listenPort)
          .setMaxInitialLineLength(maxInitialLineLength)
          .setMaxHeaderSize(maxHeaderSize)
          .setIdleTimeout((int) Math.min(Integer.MAX_VALUE, idleTimeout.toMillis()))
          .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
          .setTcpNoDelay(true)
          .setAcceptBacklog(4096);
    }

    private static int freePort(String host) {
      try (java.net.ServerSocket s = new java.net.ServerSocket()) {
        s.setReuseAddress(true);
        s.bind(new java.net.InetSocketAddress(host, 0));
        return s.getLocalPort();
      } catch (java.io.IOException e) {
        throw new IllegalStateException("cannot listen on " + host + ": " + e.getMessage(), e);
      }
    }

    private static void deploy(
        Vertx vertx, java.util.function.Supplier<HttpVerticle> verticle, ThreadingModel tm, int n) {
      Future<String> f =
          vertx.deployVerticle(verticle, new DeploymentOptions().setThreadingModel(tm).setInstances(n));
      try {
        f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting the server", e);
      } catch (ExecutionException e) {
        Throwable c = e.getCause() == null ? e : e.getCause();
        throw new IllegalStateException("cannot listen: " + c.getMessage(), c);
      } catch (TimeoutException e) {
        throw new IllegalStateException("server did not start within 30 s", e);
      }
    }
  }
}
