package dev.conclab.lab;

import static java.util.Objects.requireNonNull;

import dev.conclab.lab.measure.MachineLoad;
import dev.conclab.lab.python.PythonModel;
import dev.conclab.lab.python.PythonTwins;
import dev.conclab.lab.verdict.Verdicts;
import dev.conclab.lab.workload.Outcome;
import dev.conclab.lab.workload.Size;
import dev.conclab.lab.workload.Trial;
import dev.conclab.lab.workload.Workload;
import dev.conclab.lab.workload.WorkloadKind;
import dev.conclab.lab.workload.Workloads;
import dev.conclab.model.ExecutionModel;
import dev.conclab.model.ExecutionModels;
import dev.conclab.model.ModelSpec;
import dev.conclab.model.ModelTraits;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Runs a comparison. CPU workloads are measured with every model open at once, in interleaved
 * rounds against the sequential baseline (see {@link Contest}); I/O workloads measure one model
 * at a time, each in its own block after the baseline, because an idle model's thousands of
 * threads or sockets would otherwise weigh on the next one. Every run is calibrated to the target
 * run time and preceded by warm-up runs until the model is steady. A model that fails, runs out
 * of memory or out of time gets an error cell saying how far it got; the run goes on.
 *
 * <p>Not meant to run twice at once in one JVM (the task probes are global). {@link #compare}
 * blocks until the whole comparison is done.
 */
public final class Lab {
  /**
   * Vert.x logs a stack trace every second while an event loop is busy for over 2 s, which the
   * async model's loop is when it opens thousands of connections in one turn. That cost shows in
   * the cell's latencies; the lab keeps the terminal readable by silencing the checker.
   */
  private static final java.util.logging.Logger BLOCKED_THREAD_CHECKER =
      java.util.logging.Logger.getLogger("io.vertx.core.impl.BlockedThreadChecker");

  /** The model every speedup is measured against. */
  static final ModelSpec BASELINE = ModelSpec.of("sequential");

  /** Re-measurements of an unstable model, and of a model whose speedup is beyond the cores. */
  static final int MAX_REMEASURES = 1;

  /**
   * A model that runs fewer than the tasks over this many runs all at once is measured on a
   * sample of the I/O tasks (see {@code Phase.sample}).
   */
  static final int SAMPLE_ROUNDS = 8;

  /** Told about progress; called on the thread running {@link #compare}. */
  public interface Listener {
    /** The comparison has {@code cells} cells to measure. */
    default void begin(int cells) {}

    /** A cell is about to be measured (CPU workloads measure all their cells together). */
    default void cellStarted(String model, String workload) {}

    /** A cell has been measured. */
    default void cellDone(Cell cell) {}
  }

  private Lab() {}

  /**
   * Runs the comparison. Blocks until every cell is measured.
   *
   * @throws java.io.UncheckedIOException if a workload's fixture (a server) could not start
   * @throws InterruptedException if interrupted; the running models are closed first
   */
  public static CompareResult compare(CompareSpec spec, Listener listener) throws InterruptedException {
    requireNonNull(spec, "spec");
    BLOCKED_THREAD_CHECKER.setLevel(java.util.logging.Level.OFF);
    Machine machine = Machine.current();
    String started = Instant.now().toString();
    long t0 = System.nanoTime();
    MachineLoad load = MachineLoad.start();
    List<String> hints = new ArrayList<>();
    // an interpreter named on the command line that cannot run is reported before anything is measured
    PythonRows py = PythonRows.of(spec, machine, hints).orElse(null);
    List<ModelSpec> models = new ArrayList<>();
    for (ModelSpec m : spec.models()) {
      if (!traits(m).sequential()) {
        models.add(m);
      }
    }
    long twins = py == null ? 0 : spec.workloads().stream().filter(PythonTwins::has).count();
    listener.begin((models.size() + 1) * spec.workloads().size() + (int) twins * PythonModel.values().length);
    Map<String, List<Cell>> byWorkload = new LinkedHashMap<>();
    spec.workloads().forEach(w -> byWorkload.put(w, List.of()));
    ExecutorService runner = Executors.newCachedThreadPool(
        Thread.ofPlatform().daemon(true).name("conclab-lab-run-", 1).factory());
    try (Phase cpu = new Phase(spec, machine, runner, listener, py)) {
      for (String name : spec.workloads()) {
        Workload w = Workloads.byName(name);
        if (w.kind() == WorkloadKind.CPU) {
          byWorkload.put(name, cpu.together(w, models));
        }
      }
      cpu.closeModelsSharingHeap();
      for (String name : spec.workloads()) {
        Workload w = Workloads.byName(name);
        if (w.kind() != WorkloadKind.CPU) {
          byWorkload.put(name, cpu.oneByOne(w, models));
        }
      }
    } finally {
      runner.shutdownNow();
    }
    List<Cell> cells = new ArrayList<>();
    byWorkload.values().forEach(cells::addAll);
    MachineLoad.Load during = load.stop();
    double seconds = (System.nanoTime() - t0) / 1e9;
    PythonSummary python = py != null ? py.summary(cells)
        : spec.python() == null ? null : new PythonSummary(null, false, List.of(), null, null,
            PythonRows.SWITCH_INTERVAL.toNanos() / 1e6, String.join(" ", hints));
    return new CompareResult(machine, spec.scale().label(), started, Cells.round(seconds),
        Conditions.of(cells, during, machine), cells, Verdicts.derive(cells, machine.cores()), python);
  }

  static Size size(CompareSpec spec, Workload w) {
    Size s = spec.scale() == Scale.QUICK ? w.quickSize() : w.fullSize();
    Integer t = spec.tasks();
    return t == null ? s : s.withTasks(t);
  }

  /** The spec a model is measured with on a workload: workers for CPU work, concurrency for I/O. */
  static ModelSpec resolve(CompareSpec spec, Workload w, ModelSpec m, Size size) {
    ModelTraits traits = traits(m);
    if (m.workers() != 0 || traits.singleThreaded()) {
      return m;
    }
    if (w.kind() == WorkloadKind.CPU || traits.workers() == ModelTraits.Workers.PROCESSES) {
      return spec.workers() > 0 ? m.withWorkers(spec.workers()) : m;
    }
    int concurrency = spec.concurrency() > 0 ? spec.concurrency() : size.tasks();
    return switch (traits.workers()) {
      case THREADS -> m.withWorkers(Math.min(concurrency, CompareSpec.MAX_PLATFORM_THREADS));
      case CAP -> concurrency >= size.tasks() ? m : m.withWorkers(concurrency);
      case ONE, PROCESSES -> m;
    };
  }

  /**
   * What a model kind is; a kind no factory knows counts as a pool of its own workers elsewhere,
   * left as given (building it then fails with a message naming the kind).
   */
  static ModelTraits traits(ModelSpec m) {
    try {
      return ExecutionModels.traits(m);
    } catch (IllegalArgumentException unknown) {
      return new ModelTraits(ModelTraits.Placement.WORKER_PROCESSES, ModelTraits.Workers.PROCESSES);
    }
  }

  static Contest.Plan plan(CompareSpec spec) {
    return new Contest.Plan(spec.runTime(), spec.tasks() == null && spec.warmups() > 0, spec.warmups(),
        Math.max(spec.warmups(), CompareSpec.MAX_WARMUPS), spec.repetitions(), MAX_REMEASURES);
  }

  /**
   * The comparison's state between workloads: the executor, and the CPU models, which stay open
   * from one CPU workload to the next. Used by the lab's thread only.
   */
  private static final class Phase implements AutoCloseable {
    private final CompareSpec spec;
    private final Machine machine;
    private final ExecutorService runner;
    private final Listener listener;
    private final Contest.Plan plan;
    private final @Nullable PythonRows py;
    private final Map<ModelSpec, Contest.Entry> open = new LinkedHashMap<>();

    Phase(CompareSpec spec, Machine machine, ExecutorService runner, Listener listener, @Nullable PythonRows py) {
      this.spec = spec;
      this.machine = machine;
      this.runner = runner;
      this.listener = listener;
      this.plan = plan(spec);
      this.py = py;
    }

    /** CPython's rows of the workload, after the JVM's, when asked for. */
    private void addPython(List<Cell> cells, Workload w, Trial trial, List<Outcome> expected, Set<Long> exclude)
        throws InterruptedException {
      if (py != null) {
        for (Cell c : py.cells(w, trial, expected, exclude)) {
          cells.add(c);
          listener.cellDone(c);
        }
      }
    }

    /** A CPU workload: the baseline and every model in interleaved rounds. */
    List<Cell> together(Workload w, List<ModelSpec> models) throws InterruptedException {
      Size size = size(spec, w);
      try (Trial trial = open(w, size)) {
        List<Integer> items = range(size.tasks());
        List<Contest.Entry> group = new ArrayList<>();
        Map<ModelSpec, Cell> failed = new LinkedHashMap<>();
        ModelSpec seq = BASELINE;
        listener.cellStarted(seq.kind(), w.name());
        for (ModelSpec m : models) {
          listener.cellStarted(m.kind(), w.name());
        }
        for (ModelSpec m : prepend(seq, models)) {
          ModelSpec r = m == seq ? seq : resolve(spec, w, m, size);
          Contest.Entry e = open.get(r);
          if (e == null || !e.alive()) {
            if (e != null) {
              open.remove(r);
              closeBounded(e, runner);
            }
            try {
              e = create(r, m == seq, items);
            } catch (RuntimeException | LinkageError err) {
              failed.put(m, Cells.error(r, w, trial, "could not start: " + Runner.describe(err)));
              continue;
            }
            open.put(r, e);
          }
          e.startWorkload(items);
          group.add(e);
        }
        Runner run = new Runner(trial, w.name(), spec.cellTimeout(), runner);
        Contest contest = new Contest(run, plan, group, trial.fixturePids(), List.of());
        contest.run();
        List<Cell> cells = cells(group, w, trial, failed, prepend(seq, models));
        List<Contest.Entry> superlinear = superlinear(cells, group);
        if (!superlinear.isEmpty()) {
          contest.remeasure(superlinear);
          cells = cells(group, w, trial, failed, prepend(seq, models));
          cells = Cells.flagBeyondCores(cells, machine.cores());
        }
        for (Contest.Entry e : group) {
          if (e.timedOut) {
            // its tasks may still be running: stop it now, the next workload starts a fresh one
            open.values().remove(e);
            closeBounded(e, runner);
          }
        }
        cells.forEach(listener::cellDone);
        List<Cell> all = new ArrayList<>(cells);
        Set<Long> workers = new HashSet<>();
        group.forEach(e -> workers.addAll(e.ownPids));
        addPython(all, w, trial, group.stream().filter(e -> e.baseline).findFirst().map(e -> e.lastResults)
            .orElse(List.of()), workers);
        return all;
      }
    }

    /** An I/O workload: the baseline, then each model in a block of its own, opened and closed. */
    List<Cell> oneByOne(Workload w, List<ModelSpec> models) throws InterruptedException {
      Size size = size(spec, w);
      try (Trial trial = open(w, size)) {
        List<Cell> cells = new ArrayList<>();
        Runner run = new Runner(trial, w.name(), spec.cellTimeout(), runner);
        ModelSpec seq = BASELINE;
        listener.cellStarted(seq.kind(), w.name());
        Cell base;
        List<Outcome> expected = List.of();
        try (ExecutionModel model = ExecutionModels.create(seq)) {
          int full = spec.scale() == Scale.FULL ? Math.max(1, Math.min(size.tasks(), w.sequentialSample(size)))
              : size.tasks();
          boolean sampled = plan.calibrate() || full < size.tasks();
          Contest.Entry e = new Contest.Entry(seq, model, true,
              range(plan.calibrate() ? Math.min(full, 2) : full), Set.of(), 0);
          e.sampleUpTo = sampled ? full : 0;
          new Contest(run, plan, List.of(e), trial.fixturePids(), List.of()).excluding(open.values()).run();
          base = Cells.of(e, w, trial, machine);
          expected = e.lastResults;
        }
        cells.add(base.ok() ? base.withSpeedup(1.0, null) : base);
        listener.cellDone(cells.get(0));
        for (ModelSpec m : models) {
          ModelSpec r = resolve(spec, w, m, size);
          listener.cellStarted(m.kind(), w.name());
          // a model in other processes stays open from workload to workload: idle, it weighs on
          // nothing here, and its workers' start would otherwise be paid again on every workload
          boolean keep = !traits(r).sharesHeap();
          Contest.Entry e = keep ? open.get(r) : null;
          if (e != null && !e.alive()) {
            open.remove(r);
            closeBounded(e, runner);
            e = null;
          }
          try {
            if (e == null) {
              e = create(r, false, range(size.tasks()));
              if (keep) {
                open.put(r, e);
              }
            }
          } catch (RuntimeException | LinkageError err) {
            Cell c = Cells.error(r, w, trial, "could not start: " + Runner.describe(err));
            cells.add(c);
            listener.cellDone(c);
            continue;
          }
          e.startWorkload(range(size.tasks()));
          sample(e, size, r);
          try {
            new Contest(run, plan, List.of(e), trial.fixturePids(), expected).excluding(open.values()).run();
          } finally {
            if (!keep || e.timedOut) {
              open.values().remove(e);
              closeBounded(e, runner);
            }
          }
          Cell c = Cells.withSpeedup(Cells.of(e, w, trial, machine), base);
          cells.add(c);
          listener.cellDone(c);
        }
        addPython(cells, w, trial, expected, Set.of());
        return cells;
      }
    }

    private List<Cell> cells(List<Contest.Entry> group, Workload w, Trial trial, Map<ModelSpec, Cell> failed,
        List<ModelSpec> order) {
      Cell base = null;
      List<Cell> out = new ArrayList<>();
      for (ModelSpec m : order) {
        Cell f = failed.get(m);
        if (f != null) {
          out.add(f);
          continue;
        }
        ModelSpec r = resolve(spec, w, m, trial.size());
        Contest.Entry e = group.stream().filter(g -> g.spec.equals(r)).findFirst().orElseThrow();
        Cell c = Cells.of(e, w, trial, machine);
        if (e.baseline) {
          base = c;
          out.add(c.ok() ? c.withSpeedup(1.0, null) : c);
        } else {
          out.add(base == null ? c : Cells.withSpeedup(c, base));
        }
      }
      return out;
    }

    /** The entries to measure again because a model's speedup is beyond the cores: it and the baseline. */
    private List<Contest.Entry> superlinear(List<Cell> cells, List<Contest.Entry> group) {
      Set<String> models = new HashSet<>();
      for (Cell c : cells) {
        if (Cells.beyondCores(c, machine.cores())) {
          models.add(c.model());
        }
      }
      if (models.isEmpty()) {
        return List.of();
      }
      return group.stream().filter(e -> e.baseline || models.contains(e.spec.toString())).toList();
    }

    private Contest.Entry create(ModelSpec m, boolean baseline, List<Integer> items) {
      Set<Long> before = Contest.descendants();
      int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
      ExecutionModel model = ExecutionModels.create(m);
      Set<Long> own = Contest.descendants();
      own.removeAll(before);
      int ownThreads = Math.max(0, ManagementFactory.getThreadMXBean().getThreadCount() - threadsBefore);
      return new Contest.Entry(m, model, baseline, items, own, ownThreads);
    }

    /**
     * A model in other processes whose tasks run a few at a time, far fewer than the workload's
     * tasks (worker processes on I/O work, one task waiting after another in each), runs a sample of the tasks
     * per run, grown by calibration towards the target run time in steps of its parallelism, and
     * its time is scaled up to all the tasks, as the sequential baseline's is: its full batch
     * would last several target run times for the same per-task figure.
     */
    private void sample(Contest.Entry e, Size size, ModelSpec r) {
      // only models in other processes: a model in this JVM with one thread (async) still runs
      // every non-blocking task at once
      ModelTraits t = traits(r);
      int parallel = t.parallelism(r, machine.cores());
      if (plan.calibrate() && !t.sharesHeap() && parallel > 0 && (long) parallel * SAMPLE_ROUNDS < size.tasks()) {
        e.sampleStep = parallel;
        e.sampleUpTo = size.tasks();
        e.items = range(parallel * 2);
      }
    }

    /** Closes the models that run in this JVM, before the I/O workloads; the others stay open for them. */
    void closeModelsSharingHeap() throws InterruptedException {
      for (var it = open.values().iterator(); it.hasNext(); ) {
        Contest.Entry e = it.next();
        if (traits(e.spec).sharesHeap()) {
          it.remove();
          closeBounded(e, runner);
        }
      }
    }

    void closeModels() throws InterruptedException {
      for (Contest.Entry e : open.values()) {
        closeBounded(e, runner);
      }
      open.clear();
    }

    @Override
    public void close() throws InterruptedException {
      closeModels();
    }
  }

  private static List<ModelSpec> prepend(ModelSpec first, List<ModelSpec> rest) {
    List<ModelSpec> out = new ArrayList<>();
    out.add(first);
    out.addAll(rest);
    return out;
  }

  private static Trial open(Workload w, Size size) {
    try {
      return w.open(size);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("could not prepare workload " + w.name() + ": " + e.getMessage(), e);
    }
  }

  /** Closes the entry's model, at most 30 s; a model that overstayed its time is terminated instead. */
  private static void closeBounded(Contest.Entry e, ExecutorService runner) throws InterruptedException {
    Future<?> f = runner.submit(e.timedOut ? e.model::terminate : e.model::close);
    try {
      f.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException ex) {
      f.cancel(true);
    }
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
