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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The {@code async} engine: every request, retry timer and redirect runs as callbacks on one
 * Vert.x event loop; no thread waits for any response.
 *
 * <p>Implementation notes: every started job is registered until its row is delivered, so that
 * an orderly stop can wait for running requests and pending retry timers before it closes the
 * client and the loop, and {@link #shutdownNow} can still give each unfinished job its row
 * (closing Vert.x drops callbacks and timers silently). A job's row is delivered exactly once,
 * by whichever comes first: its own callbacks or the abort.
 *
 * <p>For HTTP/1.1 the requests are spread over several Vert.x clients on the same loop, each
 * with a pool of at most {@value #CONNECTIONS_PER_CLIENT} connections per host: to find a free
 * connection a Vert.x pool scans all of its connections, so one pool of 10,000 connections costs
 * a scan of thousands of entries per request (a large share of the loop's time in the
 * 10,000-URL benchmark; docs/fetch.md). Each attempt goes to the client with the fewest requests
 * in flight.
 */
final class VertxEngine implements Engine {
  private final FetchSpec spec;
  private final Policy policy;
  /**
   * The most HTTP/1.1 connections per host in one client's pool; more concurrency adds clients.
   */
  static final int CONNECTIONS_PER_CLIENT = 256;

  private final Vertx vertx;
  private final HttpClient[] clients;
  /** Attempts in flight per client; touched only on the event loop. */
  private final int[] load;
  private final HttpMethod method;
  private final Context context;
  private final long timeoutMs;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition idle = lock.newCondition();
  /** Jobs started and not yet delivered; guarded by {@link #lock}. */
  private final Set<Running> running = new HashSet<>();
  /** Guarded by {@link #lock}. */
  private boolean shutdown;
  /** Closing the client, then Vert.x, once started; guarded by {@link #lock}. */
  private @Nullable Future<Void> closing;

  VertxEngine(FetchSpec spec) {
    this.spec = spec;
    this.policy = new Policy(spec);
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

  @Override
  public void start(Job job, Consumer<FetchResult> done) {
    Running r = new Running(job, done);
    lock.lock();
    try {
      if (shutdown) {
        throw new RejectedExecutionException("fetcher is closed");
      }
      running.add(r);
    } finally {
      lock.unlock();
    }
    context.runOnContext(v -> attempt(job, r::deliver));
  }

  /** A started job and its done callback, which runs at most once. */
  private final class Running {
    final Job job;
    final Consumer<FetchResult> done;
    final AtomicBoolean delivered = new AtomicBoolean();

    Running(Job job, Consumer<FetchResult> done) {
      this.job = job;
      this.done = done;
    }

    /** Hands the row over unless one was already; then the job no longer counts as running. */
    void deliver(FetchResult row) {
      if (!delivered.compareAndSet(false, true)) {
        return;
      }
      try {
        done.accept(row);
      } finally {
        lock.lock();
        try {
          running.remove(this);
          if (running.isEmpty()) {
            idle.signalAll();
          }
        } finally {
          lock.unlock();
        }
      }
    }
  }

  /** One attempt; runs on the event loop, as do all its callbacks. */
  private void attempt(Job job, Consumer<FetchResult> done) {
    Attempt a = new Attempt(job, done);
    try {
      send(a);
    } catch (RuntimeException e) {
      // Whatever the client refuses (or a bug) ends the job with a row rather than losing it.
      if (!a.finished) {
        a.finished = true;
        vertx.cancelTimer(a.timer);
        a.release();
        done.accept(FetchResult.internalError(job, e));
      }
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
    spec.headers().forEach(ro::putHeader);
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
          if (spec.maxBytes() > 0 && a.bytes > spec.maxBytes()) {
            a.finish(Outcome.of(new Failures.TooLargeException(spec.maxBytes()), job.uri));
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
    final Consumer<FetchResult> done;
    long timer = -1;
    /** The client it runs on, or -1 once released. */
    int client = -1;
    long bytes;
    boolean finished;
    boolean ended;
    @Nullable HttpClientRequest request;

    Attempt(Job job, Consumer<FetchResult> done) {
      this.job = job;
      this.done = done;
    }

    /** No longer counts as in flight on its client. */
    void release() {
      if (client >= 0) {
        load[client]--;
        client = -1;
      }
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
      vertx.cancelTimer(timer);
      release();
      HttpClientRequest req = request;
      if (req != null && !ended && outcome instanceof Outcome.Failure f
          && (f.kind() == ErrorKind.TIMEOUT || f.kind() == ErrorKind.TOO_LARGE)) {
        req.reset(); // our own abort; a request that failed by itself needs no reset
      }
      FetchResult r = policy.decide(job, outcome);
      if (r != null) {
        done.accept(r);
      } else if (job.delayNanos > 0) {
        vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(job.delayNanos)),
            id -> attempt(job, done));
      } else {
        attempt(job, done);
      }
    }
  }

  @Override
  public void shutdown() {
    lock.lock();
    try {
      shutdown = true;
    } finally {
      lock.unlock();
    }
  }

  /** Stops accepting jobs, gives every unfinished job an {@code io} row now, then closes. */
  @Override
  public void shutdownNow() {
    List<Running> unfinished;
    lock.lock();
    try {
      shutdown = true;
      unfinished = new ArrayList<>(running);
    } finally {
      lock.unlock();
    }
    for (Running r : unfinished) {
      r.deliver(FetchResult.failure(r.job.index, r.job.url, r.job.elapsed(), ErrorKind.IO,
          "aborted: fetcher terminated"));
    }
    closeOnce();
  }

  /** Closes the client, then Vert.x; the first call starts it, every call gets the same future. */
  private Future<Void> closeOnce() {
    lock.lock();
    try {
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
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops accepting jobs, blocks until every started job has delivered its row (running requests
   * and pending retries included), then closes the client and the loop. Returns {@code false},
   * leaving the loop running, if the jobs or the close take longer than the timeout.
   */
  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    lock.lock();
    try {
      shutdown = true;
      while (!running.isEmpty()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        idle.awaitNanos(left);
      }
    } finally {
      lock.unlock();
    }
    try {
      closeOnce().toCompletionStage().toCompletableFuture()
          .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      return true;
    } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
      return false;
    }
  }
}
