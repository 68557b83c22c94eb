package dev.conclab.lab.advise;

import dev.conclab.lab.measure.Latencies;
import dev.conclab.lab.measure.Sampler;
import dev.conclab.lab.measure.Stats;
import dev.conclab.model.ExecutionModel;
import dev.conclab.model.ExecutionModels;
import dev.conclab.model.ModelSpec;
import dev.conclab.model.Work;
import dev.conclab.pool.SerializableFunction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import org.jspecify.annotations.Nullable;

/**
 * The first {@link CandidateRunner}: builds the model with {@link ExecutionModels#create}, runs
 * the items {@code warmups} times unmeasured, then up to {@code repetitions} times under a
 * {@link Sampler}, and reports the median repetition. A watchdog terminates the model when the
 * budget runs out; repetitions that would not fit are left out, and when not even one measured
 * repetition fits after the warm-up, the warm-up run is reported instead. Per-task times are recorded by
 * wrapping the work, for models that run tasks in this JVM.
 *
 * <p>Used from one thread at a time; {@link #measure} blocks until the model is closed.
 */
final class RepeatedRunner implements CandidateRunner {
  private static final Duration SAMPLE_PERIOD = Duration.ofMillis(20);
  /** How long after its deadline a run may take to stop before its tasks are left behind. */
  private static final Duration GRACE = Duration.ofSeconds(2);

  private final int warmups;
  private final int repetitions;

  RepeatedRunner(int warmups, int repetitions) {
    if (warmups < 0 || repetitions < 1) {
      throw new IllegalArgumentException("warmups must be >= 0 and repetitions >= 1, got " + warmups + " and " + repetitions);
    }
    this.warmups = warmups;
    this.repetitions = repetitions;
  }

  @Override
  public <T> Measured measure(ModelSpec spec, Work<T, ?> work, List<T> items, Duration budget)
      throws InterruptedException {
    long deadline = System.nanoTime() + budget.toNanos();
    ExecutionModel model;
    try {
      model = ExecutionModels.create(spec);
    } catch (RuntimeException e) {
      return Measured.failed(spec.toString(), items.size(), "could not start: " + Profiler.oneLine(e));
    }
    AtomicBoolean expired = new AtomicBoolean();
    AtomicBoolean abandoned = new AtomicBoolean();
    CountDownLatch finished = new CountDownLatch(1);
    Thread watchdog = Thread.ofPlatform().daemon(true).name("conclab-advise-watchdog").start(() -> {
      try {
        if (!finished.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
          expired.set(true);
          model.terminate();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    boolean inJvm = model.traits().sharesHeap() && work.nonBlocking() == null;
    List<double[]> runs = new ArrayList<>(); // wall, cpu, threads, rss, heap, processes
    List<@Nullable Latencies> latencies = new ArrayList<>();
    double @Nullable [] warm = null;
    @Nullable Latencies warmLatencies = null;
    @Nullable String error = null;
    try {
      long lastWall = 0;
      for (int i = 0; i < warmups + repetitions; i++) {
        boolean measured = i >= warmups;
        if (i > 0 && System.nanoTime() + lastWall * 5 / 4 > deadline) {
          break;
        }
        AtomicLongArray times = new AtomicLongArray(inJvm ? items.size() : 0);
        Work<T, ?> run = inJvm ? timed(work, times) : work;
        Sampler sampler = Sampler.start(List.of(), SAMPLE_PERIOD);
        long t0 = System.nanoTime();
        try {
          mapBounded(model, run, items, deadline, abandoned);
        } finally {
          lastWall = System.nanoTime() - t0;
          Sampler.Usage u = sampler.stop();
          if (!expired.get()) {
            double[] run1 = {u.wallNanos() / 1e6, u.cpuNanos() / 1e6, u.peakThreads(),
                u.peakRssBytes() / 1048576.0, u.peakHeapBytes() / 1048576.0, u.peakProcesses()};
            if (measured) {
              runs.add(run1);
              latencies.add(inJvm ? histogram(times) : null);
            } else {
              warm = run1;
              warmLatencies = inJvm ? histogram(times) : null;
            }
          }
        }
      }
    } catch (RuntimeException e) {
      error = abandoned.get() ? String.valueOf(e.getMessage()) : expired.get()
          ? String.format(Locale.ROOT, "stopped after %.1f s, the time left in the budget", budget.toNanos() / 1e9)
          : "a task failed: " + Profiler.oneLine(e.getCause() == null ? e : e.getCause());
    } finally {
      finished.countDown();
      watchdog.join();
      if (expired.get() || abandoned.get()) {
        model.terminate(); // does not wait for tasks that ignore interruption
      } else {
        model.close();
      }
    }
    if (runs.isEmpty() && warm != null && error == null) {
      // the budget fitted only the warm-up run: report it rather than nothing
      runs.add(warm);
      latencies.add(warmLatencies);
    }
    if (runs.isEmpty()) {
      return Measured.failed(spec.toString(), items.size(), error != null ? error
          : String.format(Locale.ROOT, "stopped after %.1f s, the time left in the budget", budget.toNanos() / 1e9));
    }
    double[] walls = runs.stream().mapToDouble(r -> r[0]).toArray();
    int m = Stats.medianIndex(walls);
    double[] r = runs.get(m);
    double median = Stats.median(walls);
    double low = java.util.Arrays.stream(walls).min().orElse(median);
    double high = java.util.Arrays.stream(walls).max().orElse(median);
    Latencies l = latencies.get(m);
    return new Measured(spec.toString(), items.size(), runs.size(), median, low, high, r[1],
        median <= 0 ? 0 : items.size() / (median / 1000), l == null ? null : l.percentileMs(50),
        l == null ? null : l.percentileMs(99), (int) r[2], r[3], r[4], (int) r[5], null);
  }

  /**
   * Runs {@code model.map} on a helper thread and waits for it until {@link #GRACE} after the
   * deadline (by when the watchdog has terminated the model). Tasks that ignore the interrupt are
   * abandoned on their daemon threads rather than waited for.
   */
  private static <T> void mapBounded(ExecutionModel model, Work<T, ?> work, List<T> items, long deadline,
      AtomicBoolean abandoned) throws InterruptedException {
    CompletableFuture<@Nullable Void> done = new CompletableFuture<>();
    Thread t = Thread.ofPlatform().daemon(true).name("conclab-advise-map").start(() -> {
      try {
        model.map(work, items);
        done.complete(null);
      } catch (Throwable e) {
        done.completeExceptionally(e);
      }
    });
    try {
      done.get(Math.max(0, deadline - System.nanoTime()) + GRACE.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      abandoned.set(true);
      model.terminate();
      t.interrupt();
      throw new IllegalStateException(String.format(Locale.ROOT, "stopped at the end of its share of the budget;"
          + " tasks still running %.0f s later ignore interruption and were left behind", GRACE.toNanos() / 1e9), e);
    } catch (InterruptedException e) {
      model.terminate();
      t.interrupt();
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof InterruptedException ie) {
        throw ie;
      }
      throw new IllegalStateException(Profiler.oneLine(cause), cause);
    }
  }

  private static <T, R> Work<T, R> timed(Work<T, R> work, AtomicLongArray times) {
    SerializableFunction<T, R> f = work.blocking();
    AtomicInteger next = new AtomicInteger();
    SerializableFunction<T, R> wrapped = x -> {
      long s = System.nanoTime();
      R out = f.apply(x);
      int i = next.getAndIncrement();
      if (i < times.length()) {
        times.set(i, System.nanoTime() - s);
      }
      return out;
    };
    return Work.of(work.name(), wrapped);
  }

  private static Latencies histogram(AtomicLongArray times) {
    Latencies l = new Latencies();
    for (int i = 0; i < times.length(); i++) {
      l.record(times.get(i) / 1000);
    }
    return l;
  }
}
