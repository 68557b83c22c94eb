package dev.conclab.fetch;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP side that every engine shares: one event loop (Vert.x, on Netty's native epoll
 * transport where it loads), with plain {@code http} over HTTP/1.1 on {@link NettyHttp1}'s lean
 * Netty channels and everything else ({@code https}, HTTP/2) on Vert.x HTTP clients. Each call
 * runs one attempt (one request, its body counted and dropped, no redirect followed) and reports
 * its {@link Outcome}. The engines differ only in what waits for that outcome: a platform
 * thread, a virtual thread, or nothing (a callback on the loop). {@link #exchange} and {@link
 * #close} may be called from any thread; all attempt state, including the per-client load
 * counts and the plain path's connection pool, is confined to the single event loop.
 *
 * <p>For {@code https} over HTTP/1.1 the requests are spread over several Vert.x clients on the
 * loop, each with a pool of at most {@value #CONNECTIONS_PER_CLIENT} connections per host: to find
 * a free connection a Vert.x pool scans all of its connections, so one pool of 10,000 connections
 * costs a scan of thousands of entries per request (docs/fetch.md). Each attempt goes to the
 * client with the fewest attempts in flight. For HTTP/2 one client keeps one connection per 100
 * attempts in flight, and queues attempts beyond the streams its connections allow.
 *
 * <p>Requests carry a {@code User-Agent} of {@value #USER_AGENT} unless the spec gives one. Idle
 * HTTP/1.1 connections are closed after {@value #KEEP_ALIVE_SECONDS} s, before the idle timeout
 * of most servers (often 5 s), so that a request rarely goes out on a connection the server is
 * closing at that moment (Vert.x does not resend it; that would be a {@code reset} row). The
 * event loop's threads are daemon threads: a fetcher left unclosed does not keep the JVM alive.
 */
final class VertxTransport {
  /**
   * The most HTTP/1.1 connections per host in one client's pool; more concurrency adds clients.
   */
  static final int CONNECTIONS_PER_CLIENT = 256;

  /** The {@code User-Agent} sent when the spec's headers have none. */
  static final String USER_AGENT = "conclab-fetch";

  /** Seconds an idle HTTP/1.1 connection is kept for reuse. */
  static final int KEEP_ALIVE_SECONDS = 4;

  private final long maxBytes;
  private final Map<String, String> headers;
  private final long timeoutMs;
  private final Vertx vertx;
  private final HttpClient[] clients;
  /** Attempts in flight per client; touched only on the event loop. */
  private final int[] load;
  private final HttpMethod method;
  private final Context context;
  /** The plain-HTTP/1.1 path, or null with HTTP/2; touched only on the event loop. */
  private final @Nullable NettyHttp1 plain;
  private final io.netty.handler.codec.http.HttpMethod nettyMethod;
  /** Closing the clients, then Vert.x, once started; guarded by {@code this}. */
  private @Nullable Future<Void> closing;

  VertxTransport(FetchSpec spec) {
    this.maxBytes = spec.maxBytes();
    this.headers = withUserAgent(spec.headers());
    this.timeoutMs = Math.max(1, spec.timeout().toMillis());
    this.vertx = Vertx.vertx(new VertxOptions()
        .setEventLoopPoolSize(1).setWorkerPoolSize(1).setUseDaemonThread(true)
        .setPreferNativeTransport(true));
    try {
      this.clients = createClients(spec);
    } catch (RuntimeException | Error e) {
      vertx.close();
      throw e;
    }
    this.load = new int[clients.length];
    this.method = HttpMethod.valueOf(spec.method());
    this.nettyMethod = io.netty.handler.codec.http.HttpMethod.valueOf(spec.method());
    this.context = vertx.getOrCreateContext();
    this.plain = spec.http2() ? null : new NettyHttp1((VertxInternal) vertx,
        ((ContextInternal) context).nettyEventLoop(), (int) Math.min(Integer.MAX_VALUE, timeoutMs),
        TimeUnit.SECONDS.toNanos(KEEP_ALIVE_SECONDS));
  }

  private HttpClient[] createClients(FetchSpec spec) {
    HttpClientOptions options = new HttpClientOptions()
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMs))
        .setProtocolVersion(spec.http2() ? HttpVersion.HTTP_2 : HttpVersion.HTTP_1_1)
        .setUseAlpn(spec.http2())
        .setHttp2ClearTextUpgrade(true)
        .setKeepAlive(true)
        .setKeepAliveTimeout(KEEP_ALIVE_SECONDS)
        .setTrustAll(spec.insecure())
        .setVerifyHost(!spec.insecure());
    int n = clientsFor(spec);
    PoolOptions pool = new PoolOptions()
        // with the least-loaded choice no client has more than ceil(concurrency / n) in flight
        .setHttp1MaxSize(Math.ceilDiv(spec.concurrency(), n))
        // HTTP/2 servers commonly allow 100 concurrent streams per connection.
        .setHttp2MaxSize(Math.ceilDiv(spec.concurrency(), 100));
    HttpClient[] created = new HttpClient[n];
    for (int i = 0; i < n; i++) {
      created[i] = vertx.createHttpClient(options, pool);
    }
    return created;
  }

  /** The headers, with a {@code User-Agent} of {@value #USER_AGENT} added unless one is there. */
  static Map<String, String> withUserAgent(Map<String, String> headers) {
    for (String name : headers.keySet()) {
      if (name.equalsIgnoreCase("User-Agent")) {
        return headers;
      }
    }
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.put("User-Agent", USER_AGENT);
    return Collections.unmodifiableMap(all);
  }

  /**
   * How many clients: one for HTTP/2 (a few multiplexed connections), else one per {@value
   * #CONNECTIONS_PER_CLIENT} requests in flight.
   */
  static int clientsFor(FetchSpec spec) {
    return spec.http2() ? 1 : Math.ceilDiv(spec.concurrency(), CONNECTIONS_PER_CLIENT);
  }

  /** The attempt timeout, in milliseconds. */
  long timeoutMs() {
    return timeoutMs;
  }

  /**
   * Starts one attempt at {@code uri}; {@code done} receives its outcome on the event loop,
   * exactly once, within about the timeout (counted from when the loop starts the attempt).
   * Whatever the client refuses (or a bug) becomes a failure outcome rather than an exception.
   * May be called from any thread; once {@link #close} has started, {@code done} may never be
   * called.
   *
   * @return a handle that can end the attempt early
   * @throws java.util.concurrent.RejectedExecutionException if the event loop has stopped
   */
  Exchange exchange(URI uri, Consumer<Outcome> done) {
    Attempt a = new Attempt(uri, done);
    if (Vertx.currentContext() == context) {
      a.start();
    } else {
      context.runOnContext(v -> a.start());
    }
    return a;
  }

  /** An attempt in progress. */
  interface Exchange {
    /**
     * Ends the attempt with {@code why} unless it has ended already: its request is reset and
     * its connection released. Runs on the event loop; may be called from any thread.
     */
    void abort(Outcome.Failure why);
  }

  /**
   * Runs {@code task} on the event loop after {@code delayNanos} (at least 1 ms). Call it on the
   * loop (from an outcome callback).
   */
  void later(long delayNanos, Runnable task) {
    vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(delayNanos)), id -> task.run());
  }

  /**
   * Closes the clients, then Vert.x; pending attempts and timers are dropped without a callback.
   * The first call starts it; every call gets the same future.
   */
  synchronized Future<Void> close() {
    Future<Void> c = closing;
    if (c == null) {
      List<Future<Void>> closes = new ArrayList<>(clients.length);
      for (HttpClient client : clients) {
        closes.add(client.close());
      }
      NettyHttp1 p = plain;
      if (p != null) {
        try {
          context.runOnContext(v -> p.close());
        } catch (RejectedExecutionException e) {
          // the loop has stopped, and its channels with it
        }
      }
      c = Future.join(closes).transform(ar -> vertx.close());
      closing = c;
    }
    return c;
  }

  /**
   * Closes (see {@link #close}) and waits until the loop has stopped or {@code deadline}
   * ({@link System#nanoTime}) passes.
   *
   * @return whether the close completed in time
   */
  boolean awaitClose(long deadline) throws InterruptedException {
    try {
      close().toCompletionStage().toCompletableFuture()
          .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      return true;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
  }

  private void send(Attempt a) {
    URI uri = a.uri;
    a.timer = vertx.setTimer(timeoutMs, id -> a.finish(new Outcome.Failure(
        ErrorKind.TIMEOUT, "timed out after " + timeoutMs + " ms")));
    NettyHttp1 p = plain;
    if (p != null && "http".equalsIgnoreCase(uri.getScheme())) {
      a.call = p.send(uri, nettyMethod, headers, a);
      return;
    }
    RequestOptions ro = new RequestOptions()
        .setAbsoluteURI(uri.toString())
        .setMethod(method)
        .setFollowRedirects(false)
        .setConnectTimeout(timeoutMs);
    headers.forEach(ro::putHeader);
    int c = 0;
    for (int i = 1; i < load.length; i++) {
      if (load[i] < load[c]) {
        c = i;
      }
    }
    load[c]++;
    a.client = c;
    clients[c].request(ro).onComplete(ar -> {
      if (ar.failed()) {
        a.finish(Outcome.of(ar.cause(), uri));
        return;
      }
      HttpClientRequest req = ar.result();
      a.request = req;
      if (a.finished) {
        req.reset();
        return;
      }
      req.exceptionHandler(a::fail);
      req.send().onComplete(rr -> {
        if (rr.failed()) {
          a.finish(Outcome.of(rr.cause(), uri));
          return;
        }
        HttpClientResponse resp = rr.result();
        resp.exceptionHandler(a::fail);
        resp.handler(buf -> {
          a.bytes += buf.length();
          if (maxBytes > 0 && a.bytes > maxBytes) {
            a.finish(Outcome.of(new Failures.TooLargeException(maxBytes), uri));
          }
        });
        resp.endHandler(v -> {
          a.ended = true;
          a.finish(new Outcome.Response(resp.statusCode(), a.bytes, resp.getHeader("Location"),
              resp.version() == HttpVersion.HTTP_2 ? "HTTP/2" : "HTTP/1.1"));
        });
      });
    });
  }

  /** The state of one attempt; its fields are touched only on the event loop. */
  private final class Attempt implements Exchange, NettyHttp1.Listener {
    final URI uri;
    final Consumer<Outcome> done;
    long timer = -1;
    /** The request on the plain-HTTP/1.1 path, if it went there. */
    NettyHttp1.@Nullable Call call;
    /** The client it runs on, or -1 once released. */
    int client = -1;
    long bytes;
    boolean finished;
    boolean ended;
    @Nullable HttpClientRequest request;

    Attempt(URI uri, Consumer<Outcome> done) {
      this.uri = uri;
      this.done = done;
    }

    /** Sends the request; runs on the event loop, as do all its callbacks. */
    void start() {
      try {
        send(this);
      } catch (RuntimeException e) {
        if (finished) {
          throw e; // thrown by done, after the outcome was handed over: the caller's failure
        }
        finish(Outcome.internal(e));
      }
    }

    @Override
    public void abort(Outcome.Failure why) {
      try {
        context.runOnContext(v -> finish(why));
      } catch (RejectedExecutionException e) {
        // the loop has stopped, and with it the attempt
      }
    }

    @Override
    public boolean body(long total) {
      if (maxBytes > 0 && total > maxBytes) {
        finish(Outcome.of(new Failures.TooLargeException(maxBytes), uri));
        return false;
      }
      return true;
    }

    @Override
    public void done(Outcome outcome) {
      ended = outcome instanceof Outcome.Response;
      finish(outcome);
    }

    void fail(Throwable t) {
      finish(t instanceof TimeoutException
          ? new Outcome.Failure(ErrorKind.TIMEOUT, Targets.oneLine(t.getMessage()))
          : Outcome.of(t, uri));
    }

    void finish(Outcome outcome) {
      if (finished) {
        return;
      }
      finished = true;
      if (timer >= 0) {
        vertx.cancelTimer(timer);
      }
      if (client >= 0) {
        load[client]--;
        client = -1;
      }
      NettyHttp1.Call nc = call;
      if (nc != null && outcome instanceof Outcome.Failure) {
        nc.cancel(); // closes the connection unless the response was complete
      }
      HttpClientRequest req = request;
      if (req != null && !ended && outcome instanceof Outcome.Failure f
          && (f == Outcome.ABORTED || f.kind() == ErrorKind.TIMEOUT
              || f.kind() == ErrorKind.TOO_LARGE)) {
        req.reset(); // our own abort; a request that failed by itself needs no reset
      }
      done.accept(outcome);
    }
  }
}
