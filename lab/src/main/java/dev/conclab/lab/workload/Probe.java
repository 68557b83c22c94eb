package dev.conclab.lab.workload;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Counters every task updates while it runs in this JVM: how many tasks are in progress at once
 * (and the peak of that), and how many finished. They show how much concurrency a model really
 * gave (a GIL lets many tasks be "in progress" while only one runs) and how far a run got when it
 * was stopped. Tasks running in worker JVMs update the workers' own copies, which the lab does not
 * see.
 *
 * <p>Thread-safe and lock-free; never blocks.
 */
public final class Probe {
  private static final AtomicInteger IN_FLIGHT = new AtomicInteger();
  private static final AtomicInteger PEAK = new AtomicInteger();
  private static final AtomicLong COMPLETED = new AtomicLong();

  private Probe() {}

  /** Marks a task started; returns the start time in epoch microseconds. */
  public static long enter() {
    int now = IN_FLIGHT.incrementAndGet();
    int peak = PEAK.get();
    while (now > peak && !PEAK.compareAndSet(peak, now)) {
      peak = PEAK.get();
    }
    return Outcome.nowMicros();
  }

  /** Marks a task ended (normally or not). */
  public static void exit() {
    IN_FLIGHT.decrementAndGet();
    COMPLETED.incrementAndGet();
  }

  /**
   * Runs one task in the calling thread: counts it in progress while {@code task} runs and returns
   * its value with its start and end times. Blocks for as long as {@code task} does; whatever it
   * throws is thrown on, after the task is counted as ended.
   */
  public static Outcome measure(LongSupplier task) {
    long start = enter();
    try {
      return Outcome.since(start, task.getAsLong());
    } finally {
      exit();
    }
  }

  /**
   * Starts one non-blocking task: counts it in progress from now until the stage {@code task}
   * returns completes, and completes with its value and start and end times. Does not wait for the
   * stage; if {@code task} throws, the task is counted as ended and the exception is thrown on.
   */
  public static CompletionStage<Outcome> measureAsync(Supplier<? extends CompletionStage<Long>> task) {
    long start = enter();
    CompletionStage<Long> running;
    try {
      running = task.get();
    } catch (RuntimeException | Error e) {
      exit();
      throw e;
    }
    return running.thenApply(v -> Outcome.since(start, v)).whenComplete((o, e) -> exit());
  }

  /** Resets the peak to the current in-progress count and the completed count to zero. */
  public static void reset() {
    PEAK.set(IN_FLIGHT.get());
    COMPLETED.set(0);
  }

  /** The peak number of tasks in progress at once since the last {@link #reset()}. */
  public static int peakInFlight() {
    return PEAK.get();
  }

  /** The number of tasks finished in this JVM since the last {@link #reset()}. */
  public static long completed() {
    return COMPLETED.get();
  }
}
