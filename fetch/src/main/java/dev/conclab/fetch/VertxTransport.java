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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP side that every engine shares: Vert.x HTTP clients on one event loop, which run one
 * attempt at a time per call (one request, its body counted and dropped, no redirect followed)
 * and report its {@link Outcome}. The engines differ only in what waits for that outcome: a
 * platform thread, a virtual thread, or nothing (a callback on the loop). Thread-safe.
 *
 * <p>For HTTP/1.1 the requests are spread over several clients on the loop, each with a pool of
 * at most {@value #CONNECTIONS_PER_CLIENT} connections per host: to find a free connection a
 * Vert.x pool scans all of its connections, so one pool of 10,000 connections costs a scan of
 * thousands of entries per request (a large share of the loop's time in the 10,000-URL benchmark;
 * docs/fetch.md). Each attempt goes to the client with the fewest attempts in flight. For HTTP/2
 * one client keeps one connection per 100 attempts in flight, and queues attempts beyond the
 * streams its connections allow.
 */
final class VertxTransport {
  /**
   * The most HTTP/1.1 connections per host in one client's pool; more concurrency adds clients.
   */
  static final int CONNECTIONS_PER_CLIENT = 256;

  private final long maxBytes;
  private final Map<String, String> headers;
  private final long timeoutMs;
  private final Vertx vertx;
  private final HttpClient[] clients;
  /** Attempts in flight per client; touched only on the event loop. */
  private final int[] load;
  private final HttpMethod method;
  private final Context context;
  /** Closing the clients, then Vert.x, once started; guarded by {@code this}. */
  private @Nullable Future<Void> closing;

  VertxTransport(FetchSpec spec) {
    this.maxBytes = spec.maxBytes();
    this.headers = spec.headers();
    this.timeoutMs = Math.max(1, spec.timeout().toMillis());
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
    HttpClientOptions options = new HttpClientOptions()
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMs))
        .setProtocolVersion(spec.http2() ? HttpVersion.HTTP_2 : HttpVersion.HTTP_1_1)
        .setUseAlpn(spec.http2())
        .setHttp2ClearTextUpgrade(true)
        .setKeepAlive(true)
        .setTrustAll(spec.insecure())
        .setVerifyHost(!spec.insecure());
    int n = clientsFor(spec);
    PoolOptions pool = new PoolOptions()
        // with the least-loaded choice no client has more than ceil(concurrency / n) in flight
        .setHttp1MaxSize(Math.ceilDiv(spec.concurrency(), n))
        // HTTP/2 servers commonly allow 100 concurrent streams per connection.
        .setHttp2MaxSize(Math.ceilDiv(spec.concurrency(), 100));
    this.clients = new HttpClient[n];
    for (int i = 0; i < n; i++) {
      clients[i] = vertx.createHttpClient(options, pool);
    }
    this.load = new int[n];
    this.method = HttpMethod.valueOf(spec.method());
    this.context = vertx.getOrCreateContext();
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
   * Runs one attempt at {@code job.uri}; {@code done} receives its outcome on the event loop,
   * exactly once, within about the timeout. Whatever the client refuses (or a bug) becomes a
   * failure outcome rather than an exception. May be called from any thread; once {@link #close}
   * has started, {@code done} may never be called.
   */
  void exchange(Job job, Consumer<Outcome> done) {
    if (Vertx.currentContext() == context) {
      attempt(job, done);
    } else {
      context.runOnContext(v -> attempt(job, done));
    }
  }

  /** Runs {@code task} on the event loop after {@code delayNanos} (at least 1 ms). */
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

  /** One attempt; runs on the event loop, as do all its callbacks. */
  private void attempt(Job job, Consumer<Outcome> done) {
    Attempt a = new Attempt(job, done);
    try {
      send(a);
    } catch (RuntimeException e) {
      a.finish(Outcome.internal(e));
    }
  }

  private void send(Attempt a) {
    Job job = a.job;
    a.timer = vertx.setTimer(timeoutMs, id -> a.finish(new Outcome.Failure(
        ErrorKind.TIMEOUT, "timed out after " + timeoutMs + " ms")));
    RequestOptions ro = new RequestOptions()
        .setAbsoluteURI(job.uri.toString())
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
        a.finish(Outcome.of(ar.cause(), job.uri));
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
          a.finish(Outcome.of(rr.cause(), job.uri));
          return;
        }
        HttpClientResponse resp = rr.result();
        resp.exceptionHandler(a::fail);
        resp.handler(buf -> {
          a.bytes += buf.length();
          if (maxBytes > 0 && a.bytes > maxBytes) {
            a.finish(Outcome.of(new Failures.TooLargeException(maxBytes), job.uri));
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

  /** The state of one attempt; touched only on the event loop. */
  private final class Attempt {
    final Job job;
    final Consumer<Outcome> done;
    long timer = -1;
    /** The client it runs on, or -1 once released. */
    int client = -1;
    long bytes;
    boolean finished;
    boolean ended;
    @Nullable HttpClientRequest request;

    Attempt(Job job, Consumer<Outcome> done) {
      this.job = job;
      this.done = done;
    }

    void fail(Throwable t) {
      finish(t instanceof TimeoutException
          ? new Outcome.Failure(ErrorKind.TIMEOUT, Targets.oneLine(t.getMessage()))
          : Outcome.of(t, job.uri));
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
      HttpClientRequest req = request;
      if (req != null && !ended && outcome instanceof Outcome.Failure f
          && (f.kind() == ErrorKind.TIMEOUT || f.kind() == ErrorKind.TOO_LARGE)) {
        req.reset(); // our own abort; a request that failed by itself needs no reset
      }
      done.accept(outcome);
    }
  }
}
