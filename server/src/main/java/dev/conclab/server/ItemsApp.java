package dev.conclab.server;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP API: {@code GET /items}, {@code GET /items/{id}}, {@code GET /health},
 * {@code GET /metrics}, and JSON errors for everything else. The handlers are the same in every
 * {@link ServerMode}; a mode only supplies how {@code fetch_data} waits ({@link Fetch}) and on
 * which threads the item handlers run. Thread-safe; one instance serves every verticle.
 */
final class ItemsApp {
  static final int DEFAULT_LIMIT = 20;
  static final int MAX_LIMIT = 100;
  static final int MAX_OFFSET = 1_000_000;

  private static final System.Logger LOG = System.getLogger(ItemsApp.class.getName());

  private final ItemStore store;
  private final ServerMode mode;
  private final Duration fetchDelay;
  private final ServerMetrics metrics;
  private final int retryAfterSeconds;
  private final long maxBodyBytes;

  ItemsApp(
      ItemStore store,
      ServerMode mode,
      Duration fetchDelay,
      ServerMetrics metrics,
      int retryAfterSeconds,
      long maxBodyBytes) {
    this.store = store;
    this.mode = mode;
    this.fetchDelay = fetchDelay;
    this.metrics = metrics;
    this.retryAfterSeconds = retryAfterSeconds;
    this.maxBodyBytes = maxBodyBytes;
  }

  /** The seed's {@code fetch_data()}: the simulated downstream delay, then the database. */
  interface Fetch {
    Future<List<Item>> items(int limit, int offset);

    Future<Optional<Item>> item(long id);
  }

  /** Non-blocking: a timer, then the async client; runs on an event loop. */
  private Fetch eventLoopFetch(Vertx vertx) {
    return new Fetch() {
      @Override
      public Future<List<Item>> items(int limit, int offset) {
        return delay(vertx).compose(v -> store.list(limit, offset));
      }

      @Override
      public Future<Optional<Item>> item(long id) {
        return delay(vertx).compose(v -> store.find(id));
      }
    };
  }

  /** Blocking: Thread.sleep, then plain JDBC; runs on a worker thread. */
  private Fetch workerFetch() {
    return new Fetch() {
      @Override
      public Future<List<Item>> items(int limit, int offset) {
        try {
          sleep();
          return Future.succeededFuture(store.listBlocking(limit, offset));
        } catch (RuntimeException e) {
          return Future.failedFuture(e);
        }
      }

      @Override
      public Future<Optional<Item>> item(long id) {
        try {
          sleep();
          return Future.succeededFuture(store.findBlocking(id));
        } catch (RuntimeException e) {
          return Future.failedFuture(e);
        }
      }
    };
  }

  /** Awaiting: the virtual thread parks on the timer and the async client. */
  private Fetch virtualFetch(Vertx vertx) {
    return new Fetch() {
      @Override
      public Future<List<Item>> items(int limit, int offset) {
        try {
          delay(vertx).await();
          return Future.succeededFuture(store.list(limit, offset).await());
        } catch (RuntimeException e) {
          return Future.failedFuture(e);
        }
      }

      @Override
      public Future<Optional<Item>> item(long id) {
        try {
          delay(vertx).await();
          return Future.succeededFuture(store.find(id).await());
        } catch (RuntimeException e) {
          return Future.failedFuture(e);
        }
      }
    };
  }

  private Future<Void> delay(Vertx vertx) {
    long nanos = fetchDelay.toNanos();
    if (nanos <= 0) {
      return Future.succeededFuture();
    }
    return vertx.timer(nanos, TimeUnit.NANOSECONDS).mapEmpty();
  }

  private void sleep() {
    if (fetchDelay.isZero()) {
      return;
    }
    try {
      Thread.sleep(fetchDelay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Builds the router for one verticle instance. */
  Router router(Vertx vertx) {
    Fetch fetch =
        switch (mode) {
          case EVENT_LOOP -> eventLoopFetch(vertx);
          case WORKER -> workerFetch();
          case VIRTUAL -> virtualFetch(vertx);
        };
    Router router = Router.router(vertx);
    router.route().handler(this::measure);
    router.route().handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes));
    items(router.get("/items"), ctx -> listItems(ctx, fetch));
    items(router.get("/items/:id"), ctx -> oneItem(ctx, fetch));
    router.get("/health").handler(this::health);
    router.get("/metrics").handler(this::scrape);
    router.errorHandler(400, ctx -> error(ctx, 400, "bad request"));
    router.errorHandler(404, ctx -> error(ctx, 404, "no such resource: " + ctx.request().path()));
    router.errorHandler(405, ctx -> error(ctx, 405, "method " + ctx.request().method() + " not allowed"));
    router.errorHandler(413, ctx -> error(ctx, 413, "request body larger than " + maxBodyBytes + " bytes"));
    router.errorHandler(500, this::internalError);
    return router;
  }

  private void items(Route route, Handler<RoutingContext> handler) {
    if (mode == ServerMode.WORKER) {
      route.blockingHandler(handler, false);
    } else {
      route.handler(handler);
    }
  }

  private void measure(RoutingContext ctx) {
    long start = System.nanoTime();
    boolean counted = !"/metrics".equals(ctx.request().path());
    if (counted) {
      metrics.requestStarted();
    }
    ctx.addEndHandler(
        v -> {
          if (counted) {
            metrics.requestEnded();
          }
          String route = ctx.currentRoute() == null ? "other" : routeName(ctx);
          metrics.record(
              route,
              methodName(ctx),
              ctx.response().getStatusCode(),
              System.nanoTime() - start);
        });
    ctx.next();
  }

  /**
   * The method as a metric tag: one of the standard methods, or {@code other}, so that clients
   * inventing method names cannot grow the registry (and every scrape) without bound.
   */
  private static String methodName(RoutingContext ctx) {
    String m = ctx.request().method().name();
    return switch (m) {
      case "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "CONNECT" -> m;
      default -> "other";
    };
  }

  private static String routeName(RoutingContext ctx) {
    String path = ctx.currentRoute() == null ? null : ctx.currentRoute().getPath();
    if (path == null) {
      return "other";
    }
    return switch (path) {
      case "/items", "/items/:id", "/health", "/metrics" -> path;
      default -> "other";
    };
  }

  private void listItems(RoutingContext ctx, Fetch fetch) {
    int limit;
    int offset;
    try {
      limit = intParam(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
      offset = intParam(ctx, "offset", 0, 0, MAX_OFFSET);
    } catch (IllegalArgumentException e) {
      error(ctx, 400, e.getMessage());
      return;
    }
    fetch
        .items(limit, offset)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                failure(ctx, ar.cause());
                return;
              }
              json(ctx, 200, Item.encodeArray(ar.result()));
            });
  }

  private void oneItem(RoutingContext ctx, Fetch fetch) {
    String raw = ctx.pathParam("id");
    long id;
    try {
      id = Long.parseLong(raw == null ? "" : raw);
      if (id < 1) {
        throw new NumberFormatException();
      }
    } catch (NumberFormatException e) {
      error(ctx, 400, "id must be a positive integer, got '" + truncate(raw) + "'");
      return;
    }
    fetch
        .item(id)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                failure(ctx, ar.cause());
              } else if (ar.result().isEmpty()) {
                error(ctx, 404, "item " + id + " not found");
              } else {
                json(ctx, 200, ar.result().get().toJson().encode());
              }
            });
  }

  private void health(RoutingContext ctx) {
    store
        .ping()
        .onComplete(
            ar -> {
              JsonObject body = new JsonObject().put("status", "up").put("mode", mode.label());
              if (ar.succeeded()) {
                json(ctx, 200, body.put("database", "up").encode());
              } else {
                ctx.response().putHeader("Retry-After", Integer.toString(retryAfterSeconds));
                String db = ar.cause() instanceof DatabaseBusyException ? "busy" : "down";
                json(ctx, 503, body.put("database", db).encode());
              }
            });
  }

  private void scrape(RoutingContext ctx) {
    ctx.response()
        .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
        .end(metrics.scrape());
  }

  static int intParam(RoutingContext ctx, String name, int dflt, int min, int max) {
    List<String> values = ctx.queryParam(name);
    if (values.isEmpty()) {
      return dflt;
    }
    String v = values.get(0);
    int n;
    try {
      n = Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, got '" + truncate(v) + "'", e);
    }
    if (n < min || n > max) {
      throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", got " + n);
    }
    return n;
  }

  private static String truncate(@Nullable String s) {
    if (s == null) {
      return "";
    }
    String t = s.length() > 40 ? s.substring(0, 40) + "..." : s;
    return t.replaceAll("[^\\x20-\\x7e]", "?");
  }

  private void failure(RoutingContext ctx, Throwable cause) {
    if (cause instanceof DatabaseBusyException) {
      metrics.rejected("busy");
      ctx.response().putHeader("Retry-After", Integer.toString(retryAfterSeconds));
      error(ctx, 503, "database busy: every connection is in use, try again");
    } else if (cause instanceof DatabaseUnavailableException) {
      metrics.rejected("unavailable");
      ctx.response().putHeader("Retry-After", Integer.toString(retryAfterSeconds));
      error(ctx, 503, "database unavailable");
    } else {
      LOG.log(System.Logger.Level.WARNING, "request failed: " + cause);
      error(ctx, 500, "internal error");
    }
  }

  private void internalError(RoutingContext ctx) {
    Throwable t = ctx.failure();
    if (t != null) {
      LOG.log(System.Logger.Level.WARNING, "request failed: " + t);
    }
    error(ctx, 500, "internal error");
  }

  static void error(RoutingContext ctx, int status, @Nullable String message) {
    json(ctx, status, new JsonObject().put("error", message == null ? "error" : message).put("status", status).encode());
  }

  static void json(RoutingContext ctx, int status, String body) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body);
  }
}
