package dev.conclab.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.ref.WeakReference;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * How every engine ends: a job always gets its row (when its attempt throws, when the fetcher
 * closes mid-request or mid-backoff, when it is terminated), so a running fetchAll returns.
 */
class FetchLifecycleTest extends WithTestServers {
  private static final Duration BOUND = Duration.ofSeconds(30);
  private static FetchSpec.Builder spec(FetchModel model) {
    return FetchSpec.builder().model(model).concurrency(4).timeout(Duration.ofSeconds(10));
  }

  /** Runs fetchAll over one URL on its own thread; the future holds the rows. */
  private static CompletableFuture<List<FetchResult>> fetchInBackground(Fetcher f, String url) {
    CompletableFuture<List<FetchResult>> out = new CompletableFuture<>();
    Thread.ofPlatform().daemon(true).name("test-fetchAll").start(() -> {
      List<FetchResult> rows = new ArrayList<>();
      try {
        f.fetchAll(List.of(url).iterator(), rows::add);
        out.complete(rows);
      } catch (Throwable t) {
        out.completeExceptionally(t);
      }
    });
    return out;
  }

  /**
   * Fetches {@code path} with {@code f} in the background; once the server has the request,
   * stops {@code f} with {@code stop} and returns the run's rows.
   */
  private List<FetchResult> rowsAfterStopping(Fetcher f, String path, Consumer<Fetcher> stop)
      throws Exception {
    CompletableFuture<List<FetchResult>> run = fetchInBackground(f, servers.url(path));
    await().atMost(BOUND).until(() -> servers.received(path) >= 1);
    stop.accept(f);
    return run.get(BOUND.toSeconds(), TimeUnit.SECONDS);
  }

  @ParameterizedTest
  @EnumSource(FetchModel.class)
  @SuppressWarnings("NullAway") // a null URI is the simplest way to make an attempt throw
  void start_attemptThatThrows_stillDeliversAnInternalErrorRow(FetchModel model) throws Exception {
    Engine engine = Fetcher.newEngine(spec(model).build());
    try {
      CompletableFuture<FetchResult> row = new CompletableFuture<>();
      Job job = new Job(7, "http://127.0.0.1/broken", null, System.nanoTime());
      engine.start(job, row::complete);
      FetchResult r = row.get(BOUND.toSeconds(), TimeUnit.SECONDS);
      assertThat(r.index()).isEqualTo(7);
      assertThat(r.url()).isEqualTo("http://127.0.0.1/broken");
      assertThat(r.error()).isEqualTo(ErrorKind.IO);
      assertThat(r.message()).startsWith("internal error: NullPointerException");
    } finally {
      engine.shutdownNow();
      engine.awaitTermination(BOUND.toSeconds(), TimeUnit.SECONDS);
    }
  }

  @ParameterizedTest
  @EnumSource(FetchModel.class)
  void close_letsTheRunningRequestFinish(FetchModel model) throws Exception {
    String path = "/delay?ms=600&close=" + model;
    Fetcher f = Fetcher.create(spec(model).build());
    List<FetchResult> rows = rowsAfterStopping(f, path, Fetcher::close);
    assertThat(rows).singleElement().satisfies(r -> {
      assertThat(r.error()).as(r.message()).isNull();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.bytes()).isEqualTo("late".length());
    });
  }

  @ParameterizedTest
  @EnumSource(FetchModel.class)
  void close_waitsForAPendingRetry(FetchModel model) throws Exception {
    String path = "/flaky/close-" + model;
    Fetcher f = Fetcher.create(spec(model).retries(1).retryBackoff(Duration.ofMillis(400)).build());
    List<FetchResult> rows = rowsAfterStopping(f, path, Fetcher::close);
    assertThat(rows).singleElement().satisfies(r -> {
      assertThat(r.attempts()).isEqualTo(2);
      assertThat(r.status()).isEqualTo(503);
    });
    assertThat(servers.received(path)).isEqualTo(2);
  }

  @ParameterizedTest
  @EnumSource(FetchModel.class)
  void terminate_givesTheRunningRequestAFailureRowAtOnce(FetchModel model) throws Exception {
    String path = "/delay?ms=60000&terminate=" + model;
    Fetcher f = Fetcher.create(spec(model).timeout(Duration.ofSeconds(120)).build());
    try {
      List<FetchResult> rows = rowsAfterStopping(f, path, Fetcher::terminate);
      assertThat(rows).singleElement().satisfies(r -> {
        assertAbortedByTerminate(r);
        assertThat(r.status()).isZero();
        assertThat(r.attempts()).isEqualTo(1);
      });
      assertThat(f.awaitTermination(BOUND)).isTrue();
    } finally {
      f.close();
    }
  }

  @ParameterizedTest
  @EnumSource(FetchModel.class)
  void terminate_duringARetryBackoff_givesAFailureRowAtOnce(FetchModel model) throws Exception {
    String path = "/flaky/terminate-" + model;
    Fetcher f = Fetcher.create(spec(model).retries(1).retryBackoff(Duration.ofMinutes(10)).build());
    try {
      // once the server has the request its 503 is on the way: the terminate finds the job in
      // its ten-minute backoff (or just before it)
      List<FetchResult> rows = rowsAfterStopping(f, path, Fetcher::terminate);
      assertThat(rows).singleElement().satisfies(FetchLifecycleTest::assertAbortedByTerminate);
      assertThat(servers.received(path)).isEqualTo(1);
      assertThat(f.awaitTermination(BOUND)).isTrue();
    } finally {
      f.close();
    }
  }

  private static void assertAbortedByTerminate(FetchResult r) {
    assertThat(r.error()).isEqualTo(ErrorKind.IO);
    assertThat(r.message()).isEqualTo("aborted: fetcher terminated");
  }

  @ParameterizedTest
  @EnumSource(FetchModel.class)
  void unclosedFetcher_doesNotKeepTheJvmAlive(FetchModel model) throws Exception {
    ChildJvm.Exit child = ChildJvm.run(BOUND, List.of(), UnclosedFetcher.class,
        model.cliName(), servers.url("/ok"));
    assertThat(child.exited())
        .as("the JVM ended after main returned; output: %s", child.output()).isTrue();
    assertThat(child.code()).as(child.output()).isZero();
    assertThat(child.output()).contains("status=200");
  }

  /** The child JVM of {@link #unclosedFetcher_doesNotKeepTheJvmAlive}: fetches, never closes. */
  public static final class UnclosedFetcher {
    public static void main(String[] args) throws Exception {
      Fetcher f = Fetcher.create(FetchSpec.builder().model(FetchModel.parse(args[0])).build());
      System.out.println("status=" + f.fetch(args[1]).status());
    }
  }

  @ParameterizedTest
  @EnumSource(FetchModel.class)
  void close_leavesTheEngineCollectable(FetchModel model) throws Exception {
    WeakReference<Engine> engine = fetchAndClose(model);
    // a closed engine must not stay reachable from its clients' own threads, cleaners or pools
    await("the closed " + model + " engine collected").atMost(BOUND)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> {
          System.gc();
          return engine.get() == null;
        });
  }

  /** Fetches a few URLs on a fresh engine, closes it and keeps only a weak reference to it. */
  private WeakReference<Engine> fetchAndClose(FetchModel model) throws Exception {
    FetchSpec s = spec(model).build();
    Engine engine = Fetcher.newEngine(s);
    List<FetchResult> rows = new ArrayList<>();
    try (Fetcher f = Fetcher.withEngine(s, engine)) {
      f.fetchAll(List.of(servers.url("/ok"), servers.url("/ok?2"), servers.url("/redirect/1"),
          servers.url("/delay?ms=50")).iterator(), rows::add);
    }
    assertThat(rows).hasSize(4).allSatisfy(r -> assertThat(r.status()).as(r.url()).isEqualTo(200));
    return new WeakReference<>(engine);
  }
}
