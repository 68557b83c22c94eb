package dev.conclab.fetch;

import static java.util.Objects.requireNonNull;

import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Fetches many URLs concurrently and reports one {@link FetchResult} per URL, in input order.
 * Built from a {@link FetchSpec}; the spec's model picks what waits for each response: a
 * platform thread from a fixed pool, a virtual thread, or nothing (callbacks); every model sends
 * through Vert.x HTTP clients on one event loop. Every engine follows redirects itself (counting
 * them), retries connect errors, resets and 5xx statuses with backoff, and turns every failure
 * into a row.
 *
 * <p>Streaming: {@link #fetchAll} reads the URLs lazily, keeps at most {@code concurrency}
 * requests in flight and at most {@code window} rows in memory, so a list of any length runs in
 * flat memory.
 *
 * <p>Thread-safe: {@link #fetchAll} may run from several threads at once (each run has its own
 * limits). A fetcher owns threads or an event loop: close it ({@link #close} waits for running
 * fetches, {@link #terminate} aborts them).
 */
public final class Fetcher implements AutoCloseable {
  private final FetchSpec spec;
  private final Engine engine;
  private volatile int lastMaxHeld;

  private Fetcher(FetchSpec spec, Engine engine) {
    this.spec = spec;
    this.engine = engine;
  }

  /** A fetcher for the spec, with its engine's threads or loop started. */
  public static Fetcher create(FetchSpec spec) {
    requireNonNull(spec, "spec");
    return new Fetcher(spec, newEngine(spec));
  }

  /** The engine for the spec's model, started. */
  static Engine newEngine(FetchSpec spec) {
    return switch (spec.model()) {
      case THREADS -> new BlockingEngine(spec, false);
      case VIRTUAL -> new BlockingEngine(spec, true);
      case ASYNC -> new VertxEngine(spec);
    };
  }

  /** A fetcher over a given engine (tests). */
  static Fetcher withEngine(FetchSpec spec, Engine engine) {
    return new Fetcher(spec, engine);
  }

  /** The spec this fetcher was built from. */
  public FetchSpec spec() {
    return spec;
  }

  /**
   * Fetches every URL and hands each row to {@code sink} on the calling thread, in input order.
   * Blocks until the input is exhausted and every row was handed over. URLs are pulled from the
   * iterator on another thread, only as the window allows; the iterator may block (stdin).
   *
   * @return totals over the rows
   * @throws InterruptedException if the calling thread is interrupted; fetches already started
   *     keep running until they end or the fetcher is terminated
   * @throws UncheckedIOException if reading the URLs failed (after the rows read so far)
   * @throws IllegalStateException if the fetcher is closed
   * @throws RuntimeException whatever {@code sink} throws, which ends the run
   */
  public FetchSummary fetchAll(Iterator<String> urls, Consumer<? super FetchResult> sink)
      throws InterruptedException {
    requireNonNull(urls, "urls");
    requireNonNull(sink, "sink");
    long t0 = System.nanoTime();
    Semaphore active = new Semaphore(spec.concurrency());
    ReorderWindow window = new ReorderWindow(spec.window());
    Thread feeder = Thread.ofPlatform().name("conclab-fetch-feeder").daemon(true)
        .start(() -> feed(urls, active, window));
    long ok = 0;
    long failed = 0;
    EnumMap<ErrorKind, Long> byKind = new EnumMap<>(ErrorKind.class);
    try {
      FetchResult r;
      while ((r = window.take()) != null) {
        ErrorKind kind = r.error();
        if (kind == null) {
          ok++;
        } else {
          failed++;
          byKind.merge(kind, 1L, Long::sum);
        }
        sink.accept(r);
      }
    } finally {
      if (feeder.isAlive()) {
        feeder.interrupt();
      }
      lastMaxHeld = window.maxHeld();
    }
    Throwable error = window.inputError();
    if (error instanceof UncheckedIOException e) {
      throw e;
    }
    if (error instanceof java.util.concurrent.RejectedExecutionException) {
      throw new IllegalStateException("fetcher is closed", error);
    }
    if (error instanceof RuntimeException e) {
      throw e;
    }
    if (error instanceof Error e) {
      throw e;
    }
    return new FetchSummary(ok, failed, byKind, Duration.ofNanos(System.nanoTime() - t0));
  }

  /**
   * Fetches one URL. Blocks until its row is ready.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  public FetchResult fetch(String url) throws InterruptedException {
    FetchResult[] out = new FetchResult[1];
    fetchAll(List.of(url).iterator(), r -> out[0] = r);
    return requireNonNull(out[0]);
  }

  private void feed(Iterator<String> urls, Semaphore active, ReorderWindow window) {
    @Nullable Throwable error = null;
    try {
      while (urls.hasNext()) {
        String url = urls.next();
        long index = window.reserve();
        long start = System.nanoTime();
        Object target = Targets.parse(url);
        if (target instanceof Outcome.Failure f) {
          window.complete(index, FetchResult.failure(
              index, url, Duration.ofNanos(System.nanoTime() - start), f.kind(), f.message()));
          continue;
        }
        active.acquire();
        Job job = new Job(index, url, (URI) target, start);
        try {
          engine.start(job, row -> {
            active.release();
            window.complete(index, row);
          });
        } catch (RuntimeException e) {
          active.release();
          window.complete(index, FetchResult.failure(
              index, url, job.elapsed(), ErrorKind.IO, "not started: fetcher is closed"));
          throw e;
        }
      }
    } catch (InterruptedException e) {
      error = null;
    } catch (RuntimeException | Error e) {
      error = e;
    } finally {
      window.inputDone(error);
    }
  }

  /** The most rows held at once during the last finished run (tests). */
  int lastMaxHeld() {
    return lastMaxHeld;
  }

  /**
   * Orderly shutdown: no new fetches; running ones (with their pending retries) finish and hand
   * over their rows; then the engine's threads or loop stop. Blocks until they have, at most
   * about the spec's timeout plus 5 s; fetches still running then are aborted as by {@link
   * #terminate}. Idempotent.
   */
  @Override
  public void close() {
    engine.shutdown();
    try {
      if (!engine.awaitTermination(spec.timeout().toMillis() + 5000, TimeUnit.MILLISECONDS)) {
        engine.shutdownNow();
      }
    } catch (InterruptedException e) {
      engine.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Stops now: aborts running fetches, each still handing over a row (an {@code io} failure), and
   * stops the engine. Does not wait for the engine's threads or loop to end.
   */
  public void terminate() {
    engine.shutdownNow();
  }

  /**
   * Blocks until the engine has stopped after {@link #close} or {@link #terminate}.
   *
   * @return whether it stopped within the timeout
   */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return engine.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }
}
