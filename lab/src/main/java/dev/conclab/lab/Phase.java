package dev.conclab.lab;

import static dev.conclab.lab.Lab.BASELINE;
import static dev.conclab.lab.Lab.SAMPLE_ROUNDS;
import static dev.conclab.lab.Lab.plan;
import static dev.conclab.lab.Lab.range;
import static dev.conclab.lab.Lab.resolve;
import static dev.conclab.lab.Lab.size;
import static dev.conclab.lab.Lab.traits;

import dev.conclab.lab.workload.Outcome;
import dev.conclab.lab.workload.Size;
import dev.conclab.lab.workload.Trial;
import dev.conclab.lab.workload.Workload;
import dev.conclab.model.ExecutionModel;
import dev.conclab.model.ExecutionModels;
import dev.conclab.model.ModelSpec;
import dev.conclab.model.ModelTraits;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The comparison's state between workloads: the executor, and the CPU models, which stay open
 * from one CPU workload to the next. Used by the lab's thread only.
 */
final class Phase implements AutoCloseable {
  private final CompareSpec spec;
  private final Machine machine;
  private final ExecutorService runner;
  private final Lab.Listener listener;
  private final Contest.Plan plan;
  private final @Nullable PythonRows py;
  private final Map<ModelSpec, Contest.Entry> open = new LinkedHashMap<>();
  /** When the comparison started ({@link System#nanoTime}), for its time budget. */
  private final long start = System.nanoTime();
  /** Time spent on CPython's rows, which the budget leaves out. */
  private long pythonNanos;
  /** The JVM's cells measured so far. */
  private int cellsDone;

  Phase(CompareSpec spec, Machine machine, ExecutorService runner, Lab.Listener listener, @Nullable PythonRows py) {
    this.spec = spec;
    this.machine = machine;
    this.runner = runner;
    this.listener = listener;
    this.plan = plan(spec);
    this.py = py;
  }

  /**
   * How long a cell may take on average before re-measuring falls behind the comparison's time
   * budget: two warm-up runs and twice the measured runs of the target run time (2.4 s at the
   * quick defaults, so 2 min 48 s for the 70 cells of {@code --workloads all}).
   */
  static long budgetPerCellNanos(CompareSpec spec) {
    return (2L + 2L * spec.repetitions()) * spec.runTime().toNanos();
  }

  /** The budget of a comparison of few cells, whose models' start-up would otherwise leave no time to re-measure. */
  static final long MIN_BUDGET_NANOS = TimeUnit.SECONDS.toNanos(60);

  /** When re-measuring must end for the comparison to be on its budget after {@code more} cells. */
  private long schedule(int more) {
    return start + pythonNanos + Math.max(MIN_BUDGET_NANOS, budgetPerCellNanos(spec) * (cellsDone + more));
  }

  /** CPython's rows of the workload, after the JVM's, when asked for. */
  private void addPython(List<Cell> cells, Workload w, Trial trial, List<Outcome> expected, Set<Long> exclude)
      throws InterruptedException {
    if (py != null) {
      long t0 = System.nanoTime();
      for (Cell c : py.cells(w, trial, expected, exclude)) {
        cells.add(c);
        listener.cellDone(c);
      }
      pythonNanos += System.nanoTime() - t0;
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
      Contest contest = new Contest(run, plan, group, trial.fixturePids(), List.of())
          .remeasuringUntil(schedule(models.size() + 1));
      contest.run();
      cellsDone += models.size() + 1;
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
        new Contest(run, plan, List.of(e), trial.fixturePids(), List.of()).excluding(open.values())
            .remeasuringUntil(schedule(1)).run();
        cellsDone++;
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
          cellsDone++;
          continue;
        }
        e.startWorkload(range(size.tasks()));
        sample(e, size, r);
        try {
          new Contest(run, plan, List.of(e), trial.fixturePids(), expected).excluding(open.values())
              .remeasuringUntil(schedule(1)).run();
        } finally {
          cellsDone++;
          if (!keep || e.timedOut) {
            open.values().remove(e);
            closeBounded(e, runner);
          }
        }
        Cell c = Cells.withSpeedup(Cells.of(e, w, trial, machine), base);
        cells.add(c);
        listener.cellDone(c);
      }
      Set<Long> idle = new HashSet<>();
      open.values().forEach(o -> idle.addAll(o.ownPids));
      addPython(cells, w, trial, expected, idle);
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
}
