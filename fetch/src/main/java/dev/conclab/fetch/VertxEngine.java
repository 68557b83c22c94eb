package dev.conclab.fetch;

import io.vertx.core.Context;
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
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The {@code async} engine: every request, retry timer and redirect runs as callbacks on one
 * Vert.x event loop; no thread waits for any response.
 */
final class VertxEngine implements Engine {
  private final FetchSpec spec;
  private final Policy policy;
  private final Vertx vertx;
  private final HttpClient client;
  private final Context context;
  private final long timeoutMs;
  private volatile boolean shutdown;

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
    PoolOptions pool = new PoolOptions()
        .setHttp1MaxSize(spec.concurrency())
        // HTTP/2 servers commonly allow 100 concurrent streams per connection.
        .setHttp2MaxSize(Math.max(1, (spec.concurrency() + 99) / 100));
    this.client = vertx.createHttpClient(options, pool);
    this.context = vertx.getOrCreateContext();
  }

  @Override
  public void start(Job job, Consumer<FetchResult> done) {
    if (shutdown) {
      throw new RejectedExecutionException("fetcher is closed");
    }
    context.runOnContext(v -> attempt(job, done));
  }

  /** One attempt; runs on the event loop, as do all its callbacks. */
  private void attempt(Job job, Consumer<FetchResult> done) {
    Attempt a = new Attempt(job, done);
    a.timer = vertx.setTimer(timeoutMs, id -> a.finish(new Outcome.Failure(
        ErrorKind.TIMEOUT, "timed out after " + timeoutMs + " ms")));
    RequestOptions ro = new RequestOptions()
        .setAbsoluteURI(job.uri.toString())
        .setMethod(HttpMethod.valueOf(spec.method()))
        .setFollowRedirects(false)
        .setConnectTimeout(timeoutMs);
    spec.headers().forEach(ro::putHeader);
    client.request(ro).onComplete(ar -> {
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
    long bytes;
    boolean finished;
    boolean ended;
    @Nullable HttpClientRequest request;

    Attempt(Job job, Consumer<FetchResult> done) {
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
      vertx.cancelTimer(timer);
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
    shutdown = true;
  }

  @Override
  public void shutdownNow() {
    shutdown = true;
    client.close();
    vertx.close();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    shutdown = true;
    try {
      client.close().toCompletionStage().toCompletableFuture().get(timeout, unit);
      vertx.close().toCompletionStage().toCompletableFuture().get(timeout, unit);
      return true;
    } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
      return false;
    }
  }
}
