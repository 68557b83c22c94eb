package dev.conclab.server;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Closes a connection that does not complete a request's headers within the idle timeout of
 * being opened or of its previous response: an idle keep-alive connection and a client
 * trickling bytes (which resets a plain read-idle timer) are dropped alike. Thread-safe.
 */
final class IdleGuard {
  private final Vertx vertx;
  private final long timeoutMillis;
  private final ConcurrentHashMap<HttpConnection, Long> timers = new ConcurrentHashMap<>();

  IdleGuard(Vertx vertx, long timeoutMillis) {
    this.vertx = vertx;
    this.timeoutMillis = timeoutMillis;
  }

  void onConnect(HttpConnection conn) {
    conn.closeHandler(
        v -> {
          Long id = timers.remove(conn);
          if (id != null) {
            vertx.cancelTimer(id);
          }
        });
    arm(conn);
  }

  void onRequest(HttpServerRequest request) {
    HttpConnection conn = request.connection();
    Long id = timers.put(conn, -1L);
    if (id != null && id >= 0) {
      vertx.cancelTimer(id);
    }
    request.response().endHandler(v -> arm(conn));
  }

  private void arm(HttpConnection conn) {
    long id = vertx.setTimer(timeoutMillis, t -> {
      if (timers.remove(conn, t)) {
        conn.close();
      }
    });
    Long old = timers.put(conn, id);
    if (old != null && old >= 0) {
      vertx.cancelTimer(old);
    }
  }
}
