package dev.conclab.lab;

import static java.util.Objects.requireNonNull;

import dev.conclab.lab.measure.Latencies;
import dev.conclab.lab.measure.Sampler;
import dev.conclab.lab.measure.Stats;
import dev.conclab.lab.verdict.Verdicts;
import dev.conclab.lab.workload.Outcome;
import dev.conclab.lab.workload.Probe;
import dev.conclab.lab.workload.Size;
import dev.conclab.lab.workload.Trial;
import dev.conclab.lab.workload.Workload;
import dev.conclab.lab.workload.WorkloadKind;
import dev.conclab.lab.workload.Workloads;
import dev.conclab.model.ExecutionModel;
import dev.conclab.model.ExecutionModels;
import dev.conclab.model.ModelSpec;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Runs a comparison: for each workload, the sequential baseline and then every model, each with
 * warm-up and measured repetitions, then derives the verdicts. A model that fails, runs out of
 * memory or out of time gets an error cell saying how far it got; the run goes on.
 *
 * <p>Not meant to run twice at once in one JVM (the task probes are global). {@link #compare}
 * blocks until the whole comparison is done.
 */
public final class Lab {
  private static final Duration SAMPLE_PERIOD = Duration.ofMillis(20);
  private static final int WARMUP_TASKS = 2_000;

  /**
   * Vert.x logs a stack trace every second while an event loop is busy for over 2 s, which the
   * async model's loop is when it opens thousands of connections in one turn. That cost shows in
   * the cell's latencies; the lab keeps the terminal readable by silencing the checker.
   */
  private static final java.util.logging.Logger BLOCKED_THREAD_CHECKER =
      java.util.logging.Logger.getLogger("io.vertx.core.impl.BlockedThreadChecker");

  /** Told about progress; called on the thread running {@link #compare}. */
  public interface Listener {
    /** The comparison has {@code cells} cells to measure. */
    default void begin(int cells) {}

    /** A cell is about to be measured. */
    default void cellStarted(String model, String workload) {}

    /** A cell has been measured. */
    default void cellDone(Cell cell) {}
  }

  private Lab() {}

  /**
   * Runs the comparison. Blocks until every cell is measured.
   *
   * @throws java.io.UncheckedIOException if a workload's fixture (a server) could not start
   * @throws InterruptedException if interrupted; the running model is closed first
   */
  public static CompareResult compare(CompareSpec spec, Listener listener) throws InterruptedException {
    requireNonNull(spec, "spec");
    BLOCKED_THREAD_CHECKER.setLevel(java.util.logging.Level.OFF);
    Machine machine = Machine.current();
    String started = Instant.now().toString();
    List<ModelSpec> models = new ArrayList<>();
    models.add(ModelSpec.of("sequential"));
    for (ModelSpec m : spec.models()) {
      if (!m.kind().equals("sequential")) {
        models.add(m);
      }
    }
    listener.begin(models.size() * spec.workloads().size());
    List<Cell> cells = new ArrayList<>();
    ExecutorService runner = Executors.newCachedThreadPool(Thread.ofPlatform().daemon(true).name("conclab-lab-run-", 1).factory());
    try {
      for (String name : spec.workloads()) {
        Workload w = Workloads.byName(name);
        Size size = size(spec, w);
        try (Trial trial = open(w, size)) {
          Baseline base = null;
          for (ModelSpec m : models) {
            listener.cellStarted(m.kind(), w.name());
            Cell cell;
            if (base == null) {
              base = baseline(spec, w, trial, machine, runner);
              cell = base.cell();
            } else {
              cell = measure(spec, w, trial, resolve(spec, w, m, size), machine, base, runner);
            }
            cells.add(cell);
            listener.cellDone(cell);
          }
        }
      }
    } finally {
      runner.shutdownNow();
    }
    return new CompareResult(machine, spec.scale().label(), started, cells, Verdicts.derive(cells, machine.cores()));
  }

  private static Trial open(Workload w, Size size) {
    try {
      return w.open(size);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("could not prepare workload " + w.name() + ": " + e.getMessage(), e);
    }
  }

  static Size size(CompareSpec spec, Workload w) {
    Size s = spec.scale() == Scale.QUICK ? w.quickSize() : w.fullSize();
    Integer t = spec.tasks();
    return t == null ? s : s.withTasks(t);
  }

  /** The spec a model is measured with on a workload: workers for CPU work, concurrency for I/O. */
  static ModelSpec resolve(CompareSpec spec, Workload w, ModelSpec m, Size size) {
    if (m.workers() != 0) {
      return m;
    }
    String kind = m.kind();
    if (w.kind() == WorkloadKind.CPU || kind.equals("processes") || kind.equals("cluster")) {
      return spec.workers() > 0 && !kind.equals("async") ? m.withWorkers(spec.workers()) : m;
    }
    int concurrency = spec.concurrency() > 0 ? spec.concurrency() : size.tasks();
    return switch (kind) {
      case "threads", "gil" -> m.withWorkers(Math.min(concurrency, CompareSpec.MAX_PLATFORM_THREADS));
      case "virtual" -> concurrency >= size.tasks() ? m : m.withWorkers(concurrency);
      default -> m;
    };
  }

  private record Baseline(Cell cell, List<Outcome> sample, double wallMsFull) {}

  /**
   * One measured run. {@code latencies} holds each task's end time from the batch start; the
   * per-task {@code results} are kept only where they are needed later (the sequential baseline,
   * against which other models are checked), so the repetitions of a million-task cell do not
   * hold millions of outcomes each.
   */
  private record Run(double wallMs, Sampler.Usage usage, @Nullable Integer peakInFlight, List<Outcome> results,
      Latencies latencies) {
    Run withoutResults() {
      return new Run(wallMs, usage, peakInFlight, List.of(), latencies);
    }
  }

  private static final class Stopped extends Exception {
    private static final long serialVersionUID = 1L;
    /** Whether the run overstayed the cell timeout (its tasks may still be running). */
    final boolean timedOut;

    Stopped(String message, @Nullable Throwable cause) {
      this(message, cause, false);
    }

    Stopped(String message, @Nullable Throwable cause, boolean timedOut) {
      super(message, cause);
      this.timedOut = timedOut;
    }
  }

  private static Baseline baseline(CompareSpec spec, Workload w, Trial trial, Machine machine, ExecutorService runner)
      throws InterruptedException {
    Size size = trial.size();
    int sample = spec.scale() == Scale.FULL ? Math.max(1, Math.min(size.tasks(), w.sequentialSample(size))) : size.tasks();
    ModelSpec seq = ModelSpec.of("sequential");
    try (ExecutionModel model = ExecutionModels.create(seq)) {
      List<Run> runs = repeat(spec, w, trial, model, sample, runner, null);
      Cell cell = cell(seq, w, trial, machine, runs, sample, null, true, null);
      Run median = runs.get(Stats.medianIndex(walls(runs)));
      double full = cell.wallMs();
      return new Baseline(cell.withSpeedup(1.0), median.results(), full);
    } catch (Stopped e) {
      Cell cell = errorCell(seq, w, trial, e.getMessage());
      return new Baseline(cell, List.of(), Double.NaN);
    }
  }

  private static Cell measure(CompareSpec spec, Workload w, Trial trial, ModelSpec m, Machine machine, Baseline base,
      ExecutorService runner) throws InterruptedException {
    ExecutionModel model;
    try {
      model = ExecutionModels.create(m);
    } catch (RuntimeException | LinkageError e) {
      return errorCell(m, w, trial, "could not start: " + describe(e));
    }
    boolean timedOut = false;
    try {
      List<Run> runs = repeat(spec, w, trial, model, trial.size().tasks(), runner, base);
      Cell c = cell(m, w, trial, machine, runs, trial.size().tasks(), base, false, null);
      Double sp = Double.isNaN(base.wallMsFull()) || c.wallMs() <= 0 ? null : base.wallMsFull() / c.wallMs();
      return c.withSpeedup(sp);
    } catch (Stopped e) {
      timedOut = e.timedOut;
      return errorCell(m, w, trial, e.getMessage());
    } finally {
      // After a timeout the tasks may still be running: an orderly close would wait for them.
      closeBounded(timedOut ? model::terminate : model::close, runner);
    }
  }

  private static void closeBounded(Runnable close, ExecutorService runner) throws InterruptedException {
    Future<?> f = runner.submit(close);
    try {
      f.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      f.cancel(true);
    }
  }

  private static List<Run> repeat(CompareSpec spec, Workload w, Trial trial, ExecutionModel model, int tasks,
      ExecutorService runner, @Nullable Baseline base) throws InterruptedException, Stopped {
    List<Integer> warmItems = range(Math.min(tasks, WARMUP_TASKS));
    for (int i = 0; i < spec.warmups(); i++) {
      Run r = runOnce(spec, trial, model, warmItems, runner);
      check(w, trial, r.results(), base);
    }
    List<Run> runs = new ArrayList<>();
    List<Integer> items = range(tasks);
    for (int i = 0; i < spec.repetitions(); i++) {
      Run r = runOnce(spec, trial, model, items, runner);
      check(w, trial, r.results(), base);
      runs.add(base == null ? r : r.withoutResults());
    }
    return runs;
  }

  private static Run runOnce(CompareSpec spec, Trial trial, ExecutionModel model, List<Integer> items,
      ExecutorService runner) throws InterruptedException, Stopped {
    System.gc();
    Probe.reset();
    Sampler sampler = Sampler.start(trial.fixturePids(), SAMPLE_PERIOD);
    long batchStart = Outcome.nowMicros();
    long t0 = System.nanoTime();
    Future<List<Outcome>> f = runner.submit(() -> model.map(trial.work(), items));
    List<Outcome> results;
    try {
      results = f.get(spec.cellTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      long done = Probe.completed();
      int peak = Probe.peakInFlight();
      Sampler.Usage u = sampler.stop();
      trial.afterRun();
      throw new Stopped(String.format(Locale.ROOT,
          "stopped after %d s: %s of %d tasks finished, at most %d in progress at once%s; peak %d threads, %.0f MB heap",
          spec.cellTimeout().toSeconds(), done == 0 && model.spec().kind().equals("processes") ? "?" : Long.toString(done),
          items.size(), peak, why(model.spec(), peak, items.size()), u.peakThreads(),
          u.peakHeapBytes() / 1048576.0), null, true);
    } catch (ExecutionException e) {
      sampler.stop();
      trial.afterRun();
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new Stopped("failed after " + Probe.completed() + " of " + items.size() + " tasks: " + describe(cause), cause);
    } catch (InterruptedException e) {
      f.cancel(true);
      sampler.stop();
      throw e;
    }
    long t1 = System.nanoTime();
    Sampler.Usage usage = sampler.stop();
    trial.afterRun();
    Latencies latencies = new Latencies();
    for (Outcome o : results) {
      latencies.record(o.endMicros() - batchStart);
    }
    return new Run((t1 - t0) / 1e6, usage, Probe.peakInFlight(), results, latencies);
  }

  private static String why(ModelSpec m, int peak, int tasks) {
    if ((m.kind().equals("threads") || m.kind().equals("gil")) && m.workers() > 0 && m.workers() < tasks) {
      return " (a pool of " + m.workers() + " platform threads runs that many tasks at a time; one OS thread per task "
          + "would need " + tasks + " threads" + (tasks > CompareSpec.MAX_PLATFORM_THREADS
              ? ", beyond the " + CompareSpec.MAX_PLATFORM_THREADS + " the lab allows" : "") + ")";
    }
    return "";
  }

  private static String describe(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root && (root.getMessage() == null
        || root instanceof dev.conclab.model.TaskFailedException)) {
      root = requireNonNull(root.getCause());
    }
    String msg = root.getMessage();
    return root.getClass().getSimpleName() + (msg == null ? "" : ": " + msg.replace('\n', ' '));
  }

  private static void check(Workload w, Trial trial, List<Outcome> results, @Nullable Baseline base) throws Stopped {
    for (int i = 0; i < results.size(); i++) {
      long got = results.get(i).value();
      OptionalLong want;
      if (base != null && i < base.sample().size()) {
        want = OptionalLong.of(base.sample().get(i).value());
      } else {
        want = trial.reference(i);
      }
      if (want.isPresent() && want.getAsLong() != got) {
        throw new Stopped("wrong result for " + w.name() + " task " + i + ": " + got + ", expected " + want.getAsLong(),
            null);
      }
    }
  }

  private static double[] walls(List<Run> runs) {
    return runs.stream().mapToDouble(Run::wallMs).toArray();
  }

  private static Cell cell(ModelSpec m, Workload w, Trial trial, Machine machine, List<Run> runs, int ranTasks,
      @Nullable Baseline base, boolean sequential, @Nullable String error) {
    double[] walls = walls(runs);
    Run med = runs.get(Stats.medianIndex(walls));
    int tasks = trial.size().tasks();
    double scaleUp = (double) tasks / ranTasks;
    boolean estimated = ranTasks < tasks;
    double wall = Stats.median(walls) * scaleUp;
    double cpuMs = med.usage().cpuNanos() / 1e6 * scaleUp;
    double util = wall <= 0 ? 0 : cpuMs / (wall * machine.cores());
    long peakRss = runs.stream().mapToLong(r -> r.usage().peakRssBytes()).max().orElse(0);
    long peakHeap = runs.stream().mapToLong(r -> r.usage().peakHeapBytes()).max().orElse(0);
    int peakThreads = runs.stream().mapToInt(r -> r.usage().peakThreads()).max().orElse(0);
    int peakProcs = runs.stream().mapToInt(r -> r.usage().peakProcesses()).max().orElse(1);
    boolean remote = m.kind().equals("processes") || m.kind().equals("cluster");
    Integer inFlight = remote ? null : med.peakInFlight();
    Double p50 = null;
    Double p99 = null;
    if (w.kind() == WorkloadKind.IO && !estimated) {
      Latencies lat = med.latencies();
      p50 = lat.percentileMs(50);
      p99 = lat.percentileMs(99);
    }
    String note = estimated
        ? String.format(Locale.ROOT, "sequential ran %d of %d tasks; times scaled up %.0f×", ranTasks, tasks, scaleUp)
        : (m.workers() > 0 ? "workers=" + m.workers() : null);
    return new Cell(m.toString(), m.kind(), w.name(), w.kind().label(), tasks, trial.size().unit(), round(wall),
        round(Stats.spreadPercent(walls)), runs.size(), round(cpuMs), round(util), null,
        round(peakRss / 1048576.0), round(peakHeap / 1048576.0), peakThreads, peakProcs, inFlight,
        round(wall <= 0 ? 0 : tasks / (wall / 1000.0)), p50, p99, true, estimated, error, note);
  }

  private static Cell errorCell(ModelSpec m, Workload w, Trial trial, @Nullable String error) {
    return new Cell(m.toString(), m.kind(), w.name(), w.kind().label(), trial.size().tasks(), trial.size().unit(),
        Double.NaN, 0, 0, Double.NaN, Double.NaN, null, Double.NaN, Double.NaN, 0, 0, null, Double.NaN, null, null,
        false, false, error == null ? "failed" : error, null);
  }

  private static double round(double v) {
    return Double.isFinite(v) ? Math.round(v * 1000) / 1000.0 : v;
  }

  static List<Integer> range(int n) {
    return new Range(n);
  }

  /** The list {@code 0 .. n-1}, serializable so any model may ship it. */
  private static final class Range extends AbstractList<Integer> implements java.io.Serializable, java.util.RandomAccess {
    private static final long serialVersionUID = 1L;
    private final int n;

    Range(int n) {
      this.n = n;
    }

    @Override
    public Integer get(int index) {
      if (index < 0 || index >= n) {
        throw new IndexOutOfBoundsException(index);
      }
      return index;
    }

    @Override
    public int size() {
      return n;
    }
  }
}
