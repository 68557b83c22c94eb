package dev.conclab.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jspecify.annotations.Nullable;

/** Streaming: lazy input, the in-flight bound, the row window, and flat memory for 1,000,000 URLs. */
class StreamingTest {

  /** Counts URLs handed out, so tests see how far the fetcher has read. */
  static final class CountingUrls implements Iterator<String> {
    final AtomicLong taken = new AtomicLong();
    final long n;

    CountingUrls(long n) {
      this.n = n;
    }

    @Override
    public boolean hasNext() {
      return taken.get() < n;
    }

    @Override
    public String next() {
      return "http://127.0.0.1:9/item/" + taken.getAndIncrement();
    }
  }

  /** An engine that completes jobs on a small pool, recording how many are in flight. */
  static final class RecordingEngine implements Engine {
    final ExecutorService pool = Executors.newFixedThreadPool(3);
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    final AtomicInteger started = new AtomicInteger();
    final AtomicReference<@Nullable Runnable> held = new AtomicReference<>();
    volatile boolean holdFirst;

    @Override
    public void start(Job job, Consumer<FetchResult> done) {
      started.incrementAndGet();
      maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      Runnable finish = () -> {
        inFlight.decrementAndGet();
        done.accept(new FetchResult(job.index, job.url, 200, 1, job.elapsed(), job.url,
            "HTTP/1.1", 1, 0, null, null));
      };
      if (holdFirst && job.index == 0) {
        held.set(finish);
      } else {
        pool.execute(finish);
      }
    }

    @Override
    public void shutdown() {
      pool.shutdown();
    }

    @Override
    public void shutdownNow() {
      pool.shutdownNow();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
      return pool.awaitTermination(timeout, unit);
    }
  }

  @Test
  void fetchAll_neverHasMoreThanConcurrencyInFlight() throws Exception {
    RecordingEngine engine = new RecordingEngine();
    FetchSpec spec = FetchSpec.builder().concurrency(8).build();
    AtomicLong expected = new AtomicLong();
    AtomicInteger outOfOrder = new AtomicInteger();
    FetchSummary s;
    try (Fetcher f = Fetcher.withEngine(spec, engine)) {
      s = f.fetchAll(new CountingUrls(50_000), r -> {
        if (r.index() != expected.getAndIncrement()) {
          outOfOrder.incrementAndGet();
        }
      });
      assertThat(f.lastMaxHeld()).isLessThanOrEqualTo(spec.window());
    }
    assertThat(s.ok()).isEqualTo(50_000);
    assertThat(outOfOrder).hasValue(0);
    assertThat(engine.maxInFlight.get()).isBetween(1, 8);
  }

  @Test
  void fetchAll_stopsReadingWhenWindowIsFull_untilTheSlowFirstRowCompletes() throws Exception {
    RecordingEngine engine = new RecordingEngine();
    engine.holdFirst = true;
    FetchSpec spec = FetchSpec.builder().concurrency(4).window(16).build();
    CountingUrls urls = new CountingUrls(1000);
    List<Long> order = new ArrayList<>();
    try (Fetcher f = Fetcher.withEngine(spec, engine)) {
      Thread runner = Thread.ofPlatform().start(() -> {
        try {
          f.fetchAll(urls, r -> order.add(r.index()));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      // 16 rows reserved (the held first one and 15 finished behind it); the 17th URL was read
      // and waits for room.
      await().atMost(Duration.ofSeconds(30)).until(() -> urls.taken.get() == 17);
      assertThat(engine.started).hasValue(16);
      assertThat(order).isEmpty();
      Runnable first = engine.held.get();
      assertThat(first).isNotNull();
      java.util.Objects.requireNonNull(first).run();
      runner.join(Duration.ofSeconds(60));
      assertThat(runner.isAlive()).isFalse();
      assertThat(f.lastMaxHeld()).isEqualTo(16);
    }
    assertThat(order).hasSize(1000);
    for (int i = 0; i < order.size(); i++) {
      assertThat(order.get(i)).isEqualTo((long) i);
    }
  }

  @Test
  void urlSource_skipsBlankAndCommentLines_andReadsLazily() {
    BufferedReader r = new BufferedReader(new StringReader(
        "# list\n\nhttp://a/\n   \n  http://b/  \n#http://c/\nhttp://d/"));
    Iterator<String> it = UrlSource.lines(r);
    assertThat(it.next()).isEqualTo("http://a/");
    List<String> rest = new ArrayList<>();
    it.forEachRemaining(rest::add);
    assertThat(rest).containsExactly("http://b/", "http://d/");
  }

  @Test
  void urlSource_concat_opensSourcesInOrder() {
    AtomicInteger opened = new AtomicInteger();
    Iterator<String> it = UrlSource.concat(List.of(
        () -> {
          opened.incrementAndGet();
          return List.of("1", "2").iterator();
        },
        () -> {
          opened.incrementAndGet();
          return List.of("3").iterator();
        }));
    assertThat(it.next()).isEqualTo("1");
    assertThat(opened).hasValue(1);
    List<String> rest = new ArrayList<>();
    it.forEachRemaining(rest::add);
    assertThat(rest).containsExactly("2", "3");
    assertThat(opened).hasValue(2);
  }

  @Test
  void millionUrls_runInA32MegabyteHeap(@TempDir Path dir) throws Exception {
    try (LatencyServer server = LatencyServer.start(0, Duration.ZERO)) {
      Path list = dir.resolve("urls.txt");
      try (BufferedWriter w = Files.newBufferedWriter(list, StandardCharsets.UTF_8)) {
        for (int i = 0; i < 1_000_000; i++) {
          // every 500th URL is a real request to the local server; the rest fail fast
          // (unsupported scheme) but still pass through the reader, window and sink.
          w.write(i % 500 == 0 ? server.url() + "?i=" + i : "ftp://127.0.0.1/file/" + i);
          w.newLine();
        }
      }
      ChildJvm.Exit child = ChildJvm.run(Duration.ofSeconds(150),
          List.of("-Xmx32m", "-XX:+UseSerialGC"), MillionUrls.class, list.toString());
      assertThat(child.exited()).as("child finished; output: %s", child.output()).isTrue();
      assertThat(child.code()).as(child.output()).isZero();
      assertThat(child.output()).contains("rows=1000000 ok=2000 failed=998000 ordered=true");
    }
  }

  /** The child JVM of {@link #millionUrls_runInA32MegabyteHeap}. */
  public static final class MillionUrls {
    private MillionUrls() {}

    public static void main(String[] args) throws Exception {
      long[] next = {0};
      boolean[] ordered = {true};
      FetchSpec spec = FetchSpec.builder().model(FetchModel.VIRTUAL).concurrency(64).build();
      try (Fetcher f = Fetcher.create(spec);
          BufferedReader in = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8)) {
        FetchSummary s = f.fetchAll(UrlSource.lines(in), r -> {
          if (r.index() != next[0]++) {
            ordered[0] = false;
          }
        });
        System.out.println("rows=" + next[0] + " ok=" + s.ok() + " failed=" + s.failed()
            + " ordered=" + ordered[0]);
      }
    }
  }
}
