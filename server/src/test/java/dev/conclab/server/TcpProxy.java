package dev.conclab.server;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy in front of a real server, for faults the server cannot be asked to make: {@link
 * #stop()} drops every connection and refuses new ones (the server went away), {@link #start()}
 * listens again on the same port, {@link #pause(boolean)} stops forwarding the server's answers
 * (it hangs). Thread-safe; blocks up to 10 s in start and stop.
 */
final class TcpProxy {
  private final Vertx vertx;
  private final String host;
  private final int targetPort;
  private final Set<NetSocket> clients = ConcurrentHashMap.newKeySet();
  private final Set<NetSocket> upstream = ConcurrentHashMap.newKeySet();
  private volatile boolean paused;
  private volatile boolean stopped;
  private NetServer server;
  private int port;

  TcpProxy(Vertx vertx, String host, int targetPort) throws Exception {
    this.vertx = vertx;
    this.host = host;
    this.targetPort = targetPort;
    this.server = listen(0);
    this.port = server.actualPort();
  }

  int port() {
    return port;
  }

  /** Connections open to the real server now. */
  int upstreamConnections() {
    return upstream.size();
  }

  private NetServer listen(int p) throws Exception {
    NetClient client = vertx.createNetClient();
    NetServer s =
        vertx.createNetServer()
            .connectHandler(
                in -> {
                  clients.add(in);
                  in.pause();
                  client
                      .connect(targetPort, host)
                      .onSuccess(
                          out -> {
                            if (stopped) { // stopped while this connection was being made
                              out.close();
                              in.close();
                              return;
                            }
                            upstream.add(out);
                            in.handler(out::write);
                            out.handler(in::write);
                            in.closeHandler(v -> {
                              clients.remove(in);
                              out.close();
                            });
                            out.closeHandler(v -> {
                              upstream.remove(out);
                              in.close();
                            });
                            if (paused) {
                              out.pause();
                            }
                            in.resume();
                          })
                      .onFailure(e -> in.close());
                });
    s.listen(p, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    return s;
  }

  /** Drops every connection and stops listening. */
  void stop() throws Exception {
    stopped = true;
    server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    for (NetSocket s : clients) {
      s.close();
    }
    for (NetSocket s : upstream) {
      s.close();
    }
  }

  /** Listens again on the same port. */
  void start() throws Exception {
    stopped = false;
    server = listen(port);
  }

  /** Stops (or resumes) forwarding what the real server sends, on every connection. */
  void pause(boolean pause) {
    paused = pause;
    for (NetSocket s : upstream) {
      if (pause) {
        s.pause();
      } else {
        s.resume();
      }
    }
  }
}
