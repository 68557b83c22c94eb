package dev.conclab.fetch;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The {@code async} engine: every attempt, retry timer and redirect runs as callbacks on the
 * transport's event loop; no thread waits for any response.
 *
 * <p>Implementation notes: every started job is registered until its row is delivered, so that
 * an orderly stop can wait for running requests and pending retry timers before it closes the
 * transport, and {@link #shutdownNow} can still give each unfinished job its row (closing Vert.x
 * drops callbacks and timers silently). A job's row is delivered exactly once, by whichever
 * comes first: its own callbacks or the abort.
 */
final class VertxEngine implements Engine {
  private final Policy policy;
  private final VertxTransport transport;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition idle = lock.newCondition();
  /** Jobs started and not yet delivered; guarded by {@link #lock}. */
  private final Set<Running> running = new HashSet<>();
  /** Guarded by {@link #lock}. */
  private boolean shutdown;

  VertxEngine(FetchSpec spec) {
    this.policy = new Policy(spec);
    this.transport = new VertxTransport(spec);
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
    attempt(r);
  }

  /** Runs the job's next attempt, then its retries and redirects, on the loop. */
  private void attempt(Running r) {
    Job job = r.job;
    try {
      transport.exchange(job.uri, outcome -> {
        try {
          FetchResult row = policy.decide(job, outcome);
          if (row != null) {
            r.deliver(row);
          } else if (job.delayNanos > 0) {
            transport.later(job.delayNanos, () -> attempt(r));
          } else {
            attempt(r);
          }
        } catch (RuntimeException e) {
          // a bug must still end the job with a row, or the run waits for it until closed
          r.deliver(FetchResult.internalError(job, e));
        }
      });
    } catch (RejectedExecutionException e) {
      // the loop has stopped: shutdownNow closed the transport while this job was being started
      r.deliver(policy.end(job, Outcome.ABORTED));
    }
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
      r.deliver(policy.end(r.job, Outcome.ABORTED));
    }
    transport.close();
  }

  /**
   * Stops accepting jobs, blocks until every started job has delivered its row (running requests
   * and pending retries included), then closes the transport. Returns {@code false}, leaving the
   * loop running, if the jobs or the close take longer than the timeout.
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
    return transport.awaitClose(deadline);
  }
}
