package dev.conclab.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An open-loop load: one GET every {@code 1/rate} seconds whatever the answers do, each timed
 * from its intended send time (no coordinated omission). Thread-safe; {@link #close()} stops it.
 */
final class OpenLoop implements AutoCloseable {
  record Answer(long sentAt, int status, long latencyNanos, String body) {}

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
  private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
  private final ConcurrentLinkedQueue<CompletableFuture<Answer>> pending = new ConcurrentLinkedQueue<>();
  private final AtomicInteger sent = new AtomicInteger();
  private final HttpRequest request;

  private OpenLoop(String url) {
    this.request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET().build();
  }

  static OpenLoop start(String url, int perSecond) {
    OpenLoop l = new OpenLoop(url);
    long period = 1_000_000_000L / perSecond;
    long t0 = System.nanoTime();
    l.ticker.scheduleAtFixedRate(
        () -> {
          long intended = t0 + period * l.sent.get();
          l.pending.add(
              l.client.sendAsync(l.request, HttpResponse.BodyHandlers.ofString())
                  .handle((r, e) -> r == null
                      ? new Answer(intended, -1, System.nanoTime() - intended, String.valueOf(e))
                      : new Answer(intended, r.statusCode(), System.nanoTime() - intended, r.body())));
          l.sent.incrementAndGet();
        },
        0, period, TimeUnit.NANOSECONDS);
    return l;
  }

  int sent() {
    return sent.get();
  }

  /** Blocks until {@code n} requests were sent (at most a minute). */
  void awaitSent(int n) {
    org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(5))
        .until(() -> sent.get() >= n);
  }

  /** Blocks until {@code n} answers (or failures) arrived (at most a minute). */
  void awaitAnswered(int n) {
    org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(10))
        .until(() -> pending.stream().filter(CompletableFuture::isDone).count() >= n);
  }

  /** Stops sending, waits (at most 30 s) for every answer, and returns them in send order. */
  List<Answer> stopAndCollect() throws Exception {
    close();
    List<Answer> out = new ArrayList<>();
    try {
      for (CompletableFuture<Answer> f : pending) {
        out.add(f.get(30, TimeUnit.SECONDS));
      }
    } finally {
      closeClient();
    }
    return out;
  }

  /** Stops sending. The client itself is closed by {@link #stopAndCollect()} or here if not yet. */
  @Override
  public void close() {
    ticker.shutdownNow();
    try {
      ticker.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Closes the HTTP client and its threads (after the answers were collected). */
  void closeClient() {
    client.shutdownNow();
    try {
      client.awaitTermination(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
