package dev.conclab.fetch;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.jspecify.annotations.Nullable;

/**
 * The {@code threads} and {@code virtual} engines: each in-flight URL occupies one thread (a
 * platform thread from a fixed pool, or a fresh virtual thread) that blocks on
 * {@code java.net.http.HttpClient} until the attempt ends, sleeps through retry backoffs and
 * follows redirects itself.
 *
 * <p>With HTTP/2 the JDK client keeps one connection per origin and fails a request outright
 * ("too many concurrent streams") once the server's stream limit is reached, which most servers
 * set to 100. So for HTTP/2 the engine spreads requests over one client per
 * {@value #STREAMS_PER_CONNECTION} requests in flight (at most {@value #MAX_HTTP2_CLIENTS}), each
 * with its own connection: a request takes a free stream on the first client that has one, and
 * waits for one (within its timeout) only when all are busy.
 */
final class BlockingEngine implements Engine {
  private final FetchSpec spec;
  private final Policy policy;
  /**
   * HTTP/2 streams used at once on one client's connection: ten fewer than the 100 most servers
   * allow, since a cancelled request's stream may still count on the server until its reset
   * arrives.
   */
  static final int STREAMS_PER_CONNECTION = 90;

  /** At most this many HTTP/2 clients (each has a selector thread); further requests wait. */
  static final int MAX_HTTP2_CLIENTS = 100;

  /** One client for HTTP/1.1; for HTTP/2 one per {@value #STREAMS_PER_CONNECTION} requests in flight. */
  private final HttpClient[] clients;
  /** HTTP/2 only: each client's free streams. */
  private final Semaphore @Nullable [] streams;
  private final AtomicInteger next = new AtomicInteger();
  /** Counts each body; see {@link #countingBodies} for why it must not capture the engine. */
  private final HttpResponse.BodyHandler<Long> bodies;
  private final ExecutorService executor;
  private final @Nullable ExecutorService clientExecutor;

  BlockingEngine(FetchSpec spec, boolean virtual) {
    this.spec = spec;
    this.policy = new Policy(spec);
    this.bodies = countingBodies(spec.maxBytes());
    if (virtual) {
      ThreadFactory f = Thread.ofVirtual().name("conclab-fetch-virtual-", 0).factory();
      this.executor = Executors.newThreadPerTaskExecutor(f);
      // The client's own completion callbacks run on virtual threads too (not a cached pool of
      // platform threads that grows with a burst of 10,000 responses).
      this.clientExecutor = Executors.newThreadPerTaskExecutor(
          Thread.ofVirtual().name("conclab-fetch-client-", 0).factory());
    } else {
      ThreadFactory f = Thread.ofPlatform().name("conclab-fetch-", 0).daemon(true).factory();
      this.executor = Executors.newFixedThreadPool(spec.concurrency(), f);
      this.clientExecutor = null;
    }
    HttpClient.Builder b = HttpClient.newBuilder()
        .version(spec.http2() ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(spec.timeout());
    if (spec.insecure()) {
      b.sslContext(trustAll());
    }
    if (clientExecutor != null) {
      b.executor(clientExecutor);
    }
    int n = clientsFor(spec);
    this.clients = new HttpClient[n];
    for (int i = 0; i < n; i++) {
      clients[i] = b.build();
    }
    if (spec.http2()) {
      Semaphore[] free = new Semaphore[n];
      for (int i = 0; i < n; i++) {
        free[i] = new Semaphore(STREAMS_PER_CONNECTION);
      }
      this.streams = free;
    } else {
      this.streams = null;
    }
  }

  /** How many clients (connections per origin): one for HTTP/1.1, enough streams for HTTP/2. */
  static int clientsFor(FetchSpec spec) {
    if (!spec.http2()) {
      return 1;
    }
    return Math.min(MAX_HTTP2_CLIENTS, Math.ceilDiv(spec.concurrency(), STREAMS_PER_CONNECTION));
  }

  /**
   * A handler that counts each body, failing past {@code max} bytes. It captures only
   * {@code max}, never the engine: a JDK client frees a closed client's state (selector,
   * connections, exchanges) only once a cleaner finds the {@code HttpClient} unreachable, and that
   * state holds each request's handler. A handler that reached the engine, and through it the
   * client, kept every closed client alive with all its connections.
   */
  static HttpResponse.BodyHandler<Long> countingBodies(long max) {
    return info -> new CountingSubscriber(max);
  }

  @Override
  public void start(Job job, Consumer<FetchResult> done) {
    executor.execute(new Task(job, done));
  }

  /** One job on the executor; a task dropped by {@link #shutdownNow} can still be given its row. */
  private final class Task implements Runnable {
    final Job job;
    final Consumer<FetchResult> done;

    Task(Job job, Consumer<FetchResult> done) {
      this.job = job;
      this.done = done;
    }

    @Override
    public void run() {
      FetchResult row;
      try {
        row = BlockingEngine.this.run(job);
      } catch (Throwable t) {
        // A bug or a value the HTTP client refuses must still end the job with a row: without
        // one the caller's permit and window slot are never released and the run hangs.
        row = FetchResult.internalError(job, t);
      }
      done.accept(row);
    }
  }

  private FetchResult run(Job job) {
    while (true) {
      Outcome o = attempt(job);
      FetchResult r = policy.decide(job, o);
      if (r != null) {
        return r;
      }
      if (job.delayNanos > 0) {
        try {
          TimeUnit.NANOSECONDS.sleep(job.delayNanos);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return policy.end(job, new Outcome.Failure(ErrorKind.IO, "interrupted"));
        }
      }
    }
  }

  private Outcome attempt(Job job) {
    HttpRequest.Builder rb;
    try {
      rb = HttpRequest.newBuilder(job.uri).timeout(spec.timeout());
    } catch (IllegalArgumentException e) {
      return new Outcome.Failure(ErrorKind.MALFORMED_URL, Targets.oneLine(e.getMessage()));
    }
    rb.method(spec.method(), HttpRequest.BodyPublishers.noBody());
    spec.headers().forEach(rb::header);
    HttpRequest request;
    try {
      request = rb.build();
    } catch (IllegalArgumentException e) {
      return new Outcome.Failure(ErrorKind.MALFORMED_URL, Targets.oneLine(e.getMessage()));
    }
    long deadline = System.nanoTime() + spec.timeout().toNanos();
    int i = 0;
    Semaphore stream = null;
    Semaphore[] free = streams;
    if (free != null) {
      // the first client with a free stream, starting from the next in turn
      int start = Math.floorMod(next.getAndIncrement(), free.length);
      for (int k = 0; k < free.length && stream == null; k++) {
        int j = (start + k) % free.length;
        if (free[j].tryAcquire()) {
          i = j;
          stream = free[j];
        }
      }
      if (stream == null) {
        // every stream busy (more in flight than the clients' cap allows): wait, within the timeout
        i = start;
        try {
          if (!free[i].tryAcquire(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
            return new Outcome.Failure(ErrorKind.TIMEOUT,
                "timed out after " + spec.timeout().toMillis() + " ms waiting for a free HTTP/2 stream");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return new Outcome.Failure(ErrorKind.IO, "interrupted");
        }
        stream = free[i];
      }
    }
    try {
      return send(clients[i], request, deadline);
    } finally {
      if (stream != null) {
        stream.release();
      }
    }
  }

  /** Sends on {@code client} and waits for the whole response until {@code deadline} (nanoTime). */
  private Outcome send(HttpClient client, HttpRequest request, long deadline) {
    CompletableFuture<HttpResponse<Long>> f;
    try {
      f = client.sendAsync(request, bodies);
    } catch (IllegalArgumentException e) {
      return new Outcome.Failure(ErrorKind.MALFORMED_URL, Targets.oneLine(e.getMessage()));
    }
    try {
      HttpResponse<Long> resp = f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      String protocol = resp.version() == HttpClient.Version.HTTP_2 ? "HTTP/2" : "HTTP/1.1";
      return new Outcome.Response(resp.statusCode(), resp.body(),
          resp.headers().firstValue("location").orElse(null), protocol);
    } catch (TimeoutException e) {
      f.cancel(true);
      return new Outcome.Failure(ErrorKind.TIMEOUT, "timed out after " + spec.timeout().toMillis() + " ms");
    } catch (ExecutionException e) {
      return Outcome.of(e, request.uri());
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      return new Outcome.Failure(ErrorKind.IO, "interrupted");
    }
  }

  @Override
  public void shutdown() {
    executor.shutdown();
  }

  @Override
  public void shutdownNow() {
    for (Runnable r : executor.shutdownNow()) {
      if (r instanceof Task t) {
        t.done.accept(FetchResult.failure(t.job.index, t.job.url, t.job.elapsed(), ErrorKind.IO,
            "aborted: fetcher terminated"));
      }
    }
    for (HttpClient client : clients) {
      client.shutdownNow();
    }
    if (clientExecutor != null) {
      clientExecutor.shutdownNow();
    }
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    if (!executor.awaitTermination(timeout, unit)) {
      return false;
    }
    for (HttpClient client : clients) {
      client.shutdown();
    }
    for (HttpClient client : clients) {
      if (!client.awaitTermination(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
        return false;
      }
    }
    ExecutorService ce = clientExecutor;
    if (ce == null) {
      return true;
    }
    ce.shutdown();
    return ce.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
  }

  /** Counts body bytes without keeping them; fails once more than {@code max} arrived. */
  static final class CountingSubscriber implements HttpResponse.BodySubscriber<Long> {
    private final long max;
    private final CompletableFuture<Long> result = new CompletableFuture<>();
    private long count;
    private Flow.@Nullable Subscription subscription;

    CountingSubscriber(long max) {
      this.max = max;
    }

    @Override
    public CompletionStage<Long> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      for (ByteBuffer b : items) {
        count += b.remaining();
      }
      if (max > 0 && count > max && !result.isDone()) {
        Flow.Subscription s = subscription;
        if (s != null) {
          s.cancel();
        }
        result.completeExceptionally(new Failures.TooLargeException(max));
      }
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      result.complete(count);
    }
  }

  static SSLContext trustAll() {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {new TrustAll()}, null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot set up --insecure TLS: " + e.getMessage(), e);
    }
  }

  /** Accepts every certificate and host name: {@code --insecure}. */
  private static final class TrustAll extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, java.net.Socket s) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, java.net.Socket s) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine e) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine e) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
