package dev.conclab.fetch;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs jobs on one execution model. Implementations are thread-safe; {@link #start} does not
 * wait for the fetch, and calls {@code done} exactly once, on a thread of the engine's choosing.
 */
interface Engine {

  /**
   * Starts fetching the job; {@code done} receives its row.
   *
   * @throws java.util.concurrent.RejectedExecutionException if the engine is shut down
   */
  void start(Job job, Consumer<FetchResult> done);

  /** Stops accepting jobs; running ones finish. Does not wait. */
  void shutdown();

  /** Stops accepting jobs and aborts running ones. Does not wait. */
  void shutdownNow();

  /**
   * Stops accepting jobs (as {@link #shutdown} does), blocks until every started job has its row,
   * then closes the engine's HTTP clients and event loop and waits for them to stop.
   *
   * @return {@code false} if the jobs or the close took longer than the timeout
   */
  boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException;
}
