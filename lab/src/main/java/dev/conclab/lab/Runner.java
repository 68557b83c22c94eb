package dev.conclab.lab;

import static java.util.Objects.requireNonNull;

import dev.conclab.lab.measure.Latencies;
import dev.conclab.lab.measure.MachineLoad;
import dev.conclab.lab.measure.Sampler;
import dev.conclab.lab.workload.Outcome;
import dev.conclab.lab.workload.Probe;
import dev.conclab.lab.workload.Trial;
import dev.conclab.model.ExecutionModel;
import dev.conclab.model.ModelSpec;
import dev.conclab.model.ModelTraits;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Runs one measured run of one model on one trial: {@code loops} back-to-back batches, sampled
 * for CPU, memory, threads and the rest of the machine's load, bounded by the cell timeout, with
 * every result checked. Used by one thread at a time (the lab's); the batches run on the
 * {@code runner} executor so that a run that overstays its time can be abandoned.
 */
final class Runner {
  private static final Duration SAMPLE_PERIOD = Duration.ofMillis(20);
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  /**
   * Garbage left by earlier runs above which a run starts with a full collection, so that no
   * model's run pays for another's garbage. Below it the next young collection, if one falls in
   * the run, costs that run a millisecond or two; a full collection before every run cost about
   * 40 ms each, a sixth of a comparison of every workload.
   */
  static final long GARBAGE_BYTES = 32L << 20;

  /** Heap in use after the last full collection the lab asked for; read and written by the lab's thread. */
  private static long usedAfterCollection;

  private final Trial trial;
  private final String workload;
  private final Duration timeout;
  private final ExecutorService runner;
  /** When the whole measurement must end ({@link System#nanoTime}); no bound by default. */
  private long deadline = Long.MAX_VALUE;

  Runner(Trial trial, String workload, Duration timeout, ExecutorService runner) {
    this.trial = trial;
    this.workload = workload;
    this.timeout = timeout;
    this.runner = runner;
  }

  /**
   * Bounds every run by {@code deadlineNanos} ({@link System#nanoTime}) as well as by the timeout:
   * a run still going then is stopped as one that overstayed its time.
   */
  void until(long deadlineNanos) {
    this.deadline = deadlineNanos;
  }

  /**
   * One run's measurements.
   *
   * @param batchMs wall time of one batch (the run's wall time / loops)
   * @param loops batches run
   * @param usage what the sampler measured over the whole run
   * @param peakInFlight most tasks in progress at once in this JVM
   * @param load what the rest of the machine did meanwhile
   * @param newThreads threads that were started during the run and still live after it (a pool
   *     that starts its threads lazily)
   * @param lastResults the last batch's results, kept only when asked for
   * @param latencies each task's end time from its batch's start, over all batches
   */
  record Run(double batchMs, int loops, Sampler.Usage usage, int peakInFlight, MachineLoad.Load load, int newThreads,
      List<Outcome> lastResults, Latencies latencies) {}

  /** Why a run did not finish: it failed, was wrong, or overstayed the timeout. */
  static final class Stopped extends Exception {
    private static final long serialVersionUID = 1L;
    /** Whether the run overstayed the cell timeout (its tasks may still be running). */
    final boolean timedOut;

    Stopped(String message, @Nullable Throwable cause, boolean timedOut) {
      super(message, cause);
      this.timedOut = timedOut;
    }
  }

  /**
   * Runs {@code loops} batches of {@code items} on {@code model}. Blocks until they are done, or
   * until the timeout.
   *
   * @param exclude processes the measurement leaves out besides the fixtures (other models' workers)
   * @param expected the results the first items must have (the baseline's), or empty
   * @param keepResults whether to keep the last batch's results in the returned run
   * @throws Stopped if a task failed, a result was wrong, or the run overstayed the timeout
   * @throws InterruptedException if interrupted; the batch is cancelled first
   */
  Run run(ExecutionModel model, List<Integer> items, int loops, Set<Long> exclude, List<Outcome> expected,
      boolean keepResults) throws InterruptedException, Stopped {
    collectIfDirty();
    Probe.reset();
    List<Long> left = new ArrayList<>(trial.fixturePids());
    left.addAll(exclude);
    int threadsBefore = THREADS.getThreadCount();
    MachineLoad load = MachineLoad.start();
    Sampler sampler = Sampler.start(left, SAMPLE_PERIOD);
    Latencies latencies = new Latencies();
    long t0 = System.nanoTime();
    Future<List<Outcome>> f = runner.submit(() -> {
      List<Outcome> last = List.of();
      for (int i = 0; i < loops; i++) {
        long batchStart = Outcome.nowMicros();
        last = model.map(trial.work(), items);
        check(last, expected);
        synchronized (latencies) {
          for (Outcome o : last) {
            latencies.record(o.endMicros() - batchStart);
          }
        }
      }
      return last;
    });
    List<Outcome> results;
    long waitMs = Math.min(timeout.toMillis(), Math.max(0, (deadline - t0) / 1_000_000));
    try {
      results = f.get(waitMs, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      long done = Probe.completed();
      int peak = Probe.peakInFlight();
      Sampler.Usage u = sampler.stop();
      trial.afterRun();
      throw new Stopped(String.format(Locale.ROOT,
          "stopped after %s: %s of %d tasks finished, at most %d in progress at once%s; peak %d threads, %.0f MB heap",
          waitMs < timeout.toMillis() ? String.format(Locale.ROOT, "%.1f s, at the deadline", waitMs / 1000.0)
              : timeout.toSeconds() + " s", done == 0 && !Lab.traits(model.spec()).sharesHeap() ? "?" : Long.toString(done),
          (long) items.size() * loops, peak, why(model.spec(), items.size()), u.peakThreads(),
          u.peakHeapBytes() / 1048576.0), null, true);
    } catch (ExecutionException e) {
      sampler.stop();
      trial.afterRun();
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof Stopped s) {
        throw s;
      }
      throw new Stopped("failed after " + Probe.completed() + " of " + (long) items.size() * loops + " tasks: "
          + describe(cause), cause, false);
    } catch (InterruptedException e) {
      f.cancel(true);
      sampler.stop();
      throw e;
    }
    long t1 = System.nanoTime();
    Sampler.Usage usage = sampler.stop();
    MachineLoad.Load machine = load.stop();
    trial.afterRun();
    int newThreads = Math.max(0, THREADS.getThreadCount() - threadsBefore);
    return new Run((t1 - t0) / 1e6 / loops, loops, usage, Probe.peakInFlight(), machine, newThreads,
        keepResults ? results : List.of(), latencies);
  }

  /** A full collection when earlier runs left more than {@link #GARBAGE_BYTES} of garbage. */
  static void collectIfDirty() {
    if (MEMORY.getHeapMemoryUsage().getUsed() - usedAfterCollection > GARBAGE_BYTES) {
      System.gc();
      usedAfterCollection = MEMORY.getHeapMemoryUsage().getUsed();
    }
  }

  private void check(List<Outcome> results, List<Outcome> expected) throws Stopped {
    for (int i = 0; i < results.size(); i++) {
      long got = results.get(i).value();
      OptionalLong want = i < expected.size() ? OptionalLong.of(expected.get(i).value()) : trial.reference(i);
      if (want.isPresent() && want.getAsLong() != got) {
        throw new Stopped("wrong result for " + workload + " task " + i + ": " + got + ", expected "
            + want.getAsLong(), null, false);
      }
    }
  }

  private static String why(ModelSpec m, int tasks) {
    if (Lab.traits(m).workers() == ModelTraits.Workers.THREADS && m.workers() > 0 && m.workers() < tasks) {
      return " (a pool of " + m.workers() + " platform threads runs that many tasks at a time; one OS thread per task "
          + "would need " + tasks + " threads" + (tasks > CompareSpec.MAX_PLATFORM_THREADS
              ? ", beyond the " + CompareSpec.MAX_PLATFORM_THREADS + " the lab allows" : "") + ")";
    }
    return "";
  }

  /** The root cause's class and message on one line. */
  static String describe(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root && (root.getMessage() == null
        || root instanceof dev.conclab.model.TaskFailedException)) {
      root = requireNonNull(root.getCause());
    }
    String msg = root.getMessage();
    return root.getClass().getSimpleName() + (msg == null ? "" : ": " + msg.replace('\n', ' '));
  }
}
