package dev.conclab.fetch;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The {@code threads} and {@code virtual} engines: each in-flight URL occupies one thread (a
 * platform thread from a fixed pool, or a fresh virtual thread) that blocks until each attempt
 * ends, sleeps through retry backoffs and follows redirects itself: the note's blocking style.
 *
 * <p>The attempts themselves run on the same {@link VertxTransport} as the {@code async} engine,
 * so the three models differ only in what waits for a response. (The JDK's
 * {@code java.net.http.HttpClient} was the first choice here; with 2,000 to 10,000 requests in
 * flight its per-request cost kept {@code virtual} well behind {@code async} on the same
 * endpoint: docs/fetch.md.)
 *
 * <p>{@link #shutdownNow} interrupts the threads, so that each running job ends its wait (or its
 * backoff) at once with an {@code aborted} row and resets its request, before the transport,
 * which would drop their outcomes, is closed. A thread waits for an outcome at most the attempt
 * timeout plus {@value #GRACE_MS} ms; the transport's own timer ends the attempt first unless
 * the loop is that far behind, and then the thread aborts the attempt itself.
 */
final class BlockingEngine implements Engine {
  /** How long past the attempt timeout a thread waits for an outcome the transport owes it. */
  static final long GRACE_MS = 5_000;

  private final Policy policy;
  private final VertxTransport transport;
  private final ExecutorService executor;

  BlockingEngine(FetchSpec spec, boolean virtual) {
    this.policy = new Policy(spec);
    // threads start only with the first job, so the executor needs no cleanup if the transport fails
    if (virtual) {
      ThreadFactory f = Thread.ofVirtual().name("conclab-fetch-virtual-", 0).factory();
      this.executor = Executors.newThreadPerTaskExecutor(f);
    } else {
      ThreadFactory f = Thread.ofPlatform().name("conclab-fetch-", 0).daemon(true).factory();
      this.executor = Executors.newFixedThreadPool(spec.concurrency(), f);
    }
    this.transport = new VertxTransport(spec);
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
        // A bug must still end the job with a row: without one the caller's permit and window
        // slot are never released and the run hangs.
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
          return policy.end(job, Outcome.ABORTED);
        }
      }
    }
  }

  /** One attempt on the transport; the calling thread blocks until its outcome arrives. */
  private Outcome attempt(Job job) {
    if (Thread.currentThread().isInterrupted()) {
      return Outcome.ABORTED; // terminated between attempts: send nothing more
    }
    CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    VertxTransport.Exchange exchange;
    try {
      exchange = transport.exchange(job.uri, outcome::complete);
    } catch (RejectedExecutionException e) {
      return Outcome.ABORTED; // the transport is closed
    }
    long waitMs = transport.timeoutMs() + GRACE_MS;
    try {
      return outcome.get(waitMs, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      exchange.abort(Outcome.ABORTED);
      return Outcome.ABORTED;
    } catch (TimeoutException e) {
      Outcome.Failure late = new Outcome.Failure(ErrorKind.TIMEOUT,
          "timed out after " + waitMs + " ms waiting for the event loop");
      exchange.abort(late);
      return late;
    } catch (ExecutionException e) {
      return Outcome.internal(e.getCause() == null ? e : e.getCause());
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
        t.done.accept(FetchResult.notStarted(t.job));
      }
    }
    transport.close();
  }

  /**
   * Stops accepting jobs, waits for the threads to end (every started job has its row), then
   * closes the transport.
   */
  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    executor.shutdown();
    if (!executor.awaitTermination(timeout, unit)) {
      return false;
    }
    return transport.awaitClose(deadline);
  }
}
