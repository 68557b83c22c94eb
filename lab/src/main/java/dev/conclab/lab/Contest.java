package dev.conclab.lab;

import dev.conclab.lab.measure.Stats;
import dev.conclab.lab.workload.Outcome;
import dev.conclab.model.ExecutionModel;
import dev.conclab.model.ModelSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Measures a group of models on one workload the way a benchmark harness does: each is warmed
 * up until its last runs agree (bounded), with its batch count per run calibrated so that a run
 * lasts the target time (as pyperf calibrates loops), then measured in interleaved rounds (A B C,
 * B C A, ...) so that a machine that drifts hits every model alike; a model whose runs still
 * disagree afterwards, or that ran while other processes or the hypervisor took more than
 * {@value Cells#BUSY_CORES} of a core, is re-measured, a bounded number of times.
 *
 * <p>Implementation notes: models are kept open for the whole group, so the measurement of one
 * leaves out the processes and threads the others own. A model's own processes are those that
 * appeared while it was created or run and belong to no other model; its own threads are those
 * that its creation and its runs left alive. Used by the lab's thread only; not thread-safe.
 */
final class Contest {
  /** A warm-up run agrees with the one before when the two batch times are this close, in percent. */
  static final double STEADY_PCT = 10;

  /** A cell whose runs' spread is above this, in percent, is re-measured and then flagged. */
  static final double UNSTABLE_PCT = 10;

  /**
   * A model whose warm-up has taken this many target run times stops warming even if unsteady:
   * its batches are long (a few workers doing many I/O waits one after another), and the JIT is
   * warm after the first of them.
   */
  static final int WARM_BUDGET_RUNS = 5;

  /** Runs longer than this many target run times make a long-run cell. */
  static final int LONG_RUN_TARGETS = 3;

  /** Measured runs of a long-run cell. */
  static final int LONG_RUN_REPETITIONS = 3;

  /** Most batches in one run (tiny batches on a fast model would need more to fill the target time). */
  static final int MAX_LOOPS = 10_000;

  /**
   * How a group is measured.
   *
   * @param target how long one measured run should last at least
   * @param calibrate whether to scale the batches per run to the target (off when a task count was forced)
   * @param minWarmups warm-up runs at least (0: none, and no calibration)
   * @param maxWarmups warm-up runs at most, steady or not
   * @param repetitions measured runs per model
   * @param maxRemeasures how often an unstable model is measured again
   */
  record Plan(Duration target, boolean calibrate, int minWarmups, int maxWarmups, int repetitions, int maxRemeasures) {}

  /** One model in the group, with what was measured of it. */
  static final class Entry {
    final ModelSpec spec;
    final ExecutionModel model;
    final boolean baseline;
    /** The items of one batch: every task, or the sample an estimated baseline runs. */
    List<Integer> items;
    /**
     * For a baseline that runs a sample of the tasks (sequential I/O, where the whole batch would
     * take far longer than the target): the full task count, up to which calibration grows the
     * sample instead of the batches per run; 0 otherwise.
     */
    int sampleUpTo;
    /** A sample is a multiple of this many tasks: the tasks the model runs at once (1 for the baseline). */
    int sampleStep = 1;
    final Set<Long> ownPids = new HashSet<>();
    int ownThreads;
    int loops = 1;
    int warmups;
    int remeasures;
    final List<Double> warmTaskMs = new ArrayList<>();
    /** Time spent warming up so far. */
    double warmMs;
    final List<Runner.Run> runs = new ArrayList<>();
    List<Outcome> lastResults = List.of();
    @Nullable String error;
    boolean timedOut;
    /** How long its last run took, set-up included, in nanoseconds; 0 before the first. */
    long lastRunNanos;
    /** The tasks its last run executed (batches times items); 0 before the first. */
    long lastRunTasks;
    /** Measured runs left out because the deadline would have passed before they ended. */
    int leftOutRuns;
    /** Whether it was unsettled but not measured again, because that would have put the comparison behind its budget. */
    boolean behindSchedule;

    Entry(ModelSpec spec, ExecutionModel model, boolean baseline, List<Integer> items, Set<Long> ownPids,
        int ownThreads) {
      this.spec = spec;
      this.model = model;
      this.baseline = baseline;
      this.items = items;
      this.ownPids.addAll(ownPids);
      this.ownThreads = ownThreads;
    }

    /** Forgets what was measured on the previous workload, for a model kept open across workloads. */
    void startWorkload(List<Integer> newItems) {
      items = newItems;
      sampleUpTo = 0;
      sampleStep = 1;
      loops = 1;
      warmups = 0;
      remeasures = 0;
      warmMs = 0;
      warmTaskMs.clear();
      runs.clear();
      lastRunNanos = 0;
      lastRunTasks = 0;
      leftOutRuns = 0;
      behindSchedule = false;
      lastResults = List.of();
    }

    boolean alive() {
      return error == null;
    }

    double[] batchTimes() {
      return runs.stream().mapToDouble(Runner.Run::batchMs).toArray();
    }

    /** How long its next run should take, from its last one scaled to its batches and items now. */
    long nextRunNanos() {
      return lastRunTasks == 0 ? 0 : (long) (lastRunNanos * ((double) loops * items.size() / lastRunTasks));
    }

    double spreadPct() {
      return runs.isEmpty() ? 0 : Stats.spreadPercent(batchTimes());
    }

    /** The cores that other processes and the hypervisor took during its measured runs (median). */
    double takenCores() {
      return runs.isEmpty() ? 0 : Stats.median(runs.stream().mapToDouble(r -> r.load().takenCores()).toArray());
    }

    /** Whether its measured runs disagree, or ran while the machine was busy: it is measured again. */
    boolean unsettled() {
      return alive() && (spreadPct() > UNSTABLE_PCT || takenCores() > Cells.BUSY_CORES);
    }
  }

  private final Runner runner;
  private final Plan plan;
  private final List<Entry> group;
  private final Set<Long> fixtures;
  /** Models left open outside the group (idle): their processes and threads are not the measured model's. */
  private final Set<Long> idlePids = new HashSet<>();
  private int idleThreads;

  /** Expected results for models other than the baseline: the baseline's, once it has run. */
  private List<Outcome> expected;

  /** When the group must be done ({@link System#nanoTime}); no bound by default. */
  private long deadline = Long.MAX_VALUE;

  /** Re-measurement must end by then ({@link System#nanoTime}) to keep to the time budget; no bound by default. */
  private long schedule = Long.MAX_VALUE;

  /**
   * A group to measure.
   *
   * @param expected the baseline's results when the baseline is measured apart from this group
   */
  Contest(Runner runner, Plan plan, List<Entry> group, List<Long> fixturePids, List<Outcome> expected) {
    this.runner = runner;
    this.plan = plan;
    this.group = group;
    this.fixtures = new HashSet<>(fixturePids);
    this.expected = expected;
  }

  /**
   * Bounds the whole group by {@code deadlineNanos} ({@link System#nanoTime}): warm-up stops while
   * one measured run still fits, a run after the first measured one that would end after it is left out (counted in
   * {@link Entry#leftOutRuns}), an unstable model is re-measured only when all its runs fit, and
   * the runner stops a run still going at the deadline.
   */
  void until(long deadlineNanos) {
    this.deadline = deadlineNanos;
    runner.until(deadlineNanos);
  }

  /**
   * Leaves the processes and threads of models kept open outside this group, idle while it runs,
   * out of every measurement, as the other entries of the group are.
   */
  Contest excluding(Iterable<Entry> idle) {
    for (Entry o : idle) {
      if (!group.contains(o)) {
        idlePids.addAll(o.ownPids);
        idleThreads += o.ownThreads;
      }
    }
    return this;
  }

  /**
   * Re-measures unsettled models only when that ends by {@code scheduleNanos}
   * ({@link System#nanoTime}): a comparison behind its time budget keeps its first measurement,
   * and the cell says why it was not measured again.
   */
  Contest remeasuringUntil(long scheduleNanos) {
    this.schedule = scheduleNanos;
    return this;
  }

  /** Warms up, measures, and re-measures unstable models and those measured on a busy machine. Blocks until done. */
  void run() throws InterruptedException {
    warmUp();
    measure(group);
    for (int i = 0; i < plan.maxRemeasures(); i++) {
      List<Entry> unstable = group.stream().filter(Entry::unsettled).toList();
      long cost = unstable.stream().mapToLong(e -> repetitions(e) * e.nextRunNanos()).sum();
      if (unstable.isEmpty() || !fits(cost)) {
        break;
      }
      if (schedule != Long.MAX_VALUE && System.nanoTime() + cost > schedule) {
        unstable.forEach(e -> e.behindSchedule = true);
        break;
      }
      remeasure(unstable);
    }
    for (Entry e : group) {
      if (e.alive() && e.runs.isEmpty() && e.leftOutRuns > 0) {
        e.error = "no measured run fitted before the deadline, after " + e.warmups + " warm-up run"
            + (e.warmups == 1 ? "" : "s");
      }
    }
  }

  /** Whether {@code nanos} more fit before the deadline. */
  private boolean fits(long nanos) {
    return deadline == Long.MAX_VALUE || System.nanoTime() + nanos <= deadline;
  }

  /** Discards the entries' measured runs and measures them again, interleaved among themselves. */
  void remeasure(List<Entry> entries) throws InterruptedException {
    for (Entry e : entries) {
      e.runs.clear();
      e.leftOutRuns = 0;
      e.remeasures++;
    }
    measure(entries);
  }

  private void warmUp() throws InterruptedException {
    if (plan.minWarmups() == 0) {
      return;
    }
    List<Entry> warming = new ArrayList<>(group);
    Set<Entry> outOfTime = new HashSet<>();
    for (int round = 0; round < plan.maxWarmups() && !warming.isEmpty(); round++) {
      for (Entry e : rotate(warming, round)) {
        if (!fits(2 * e.nextRunNanos())) { // this warm-up run and one measured run
          outOfTime.add(e);
          continue;
        }
        Runner.Run r = runOne(e);
        if (r == null) {
          continue;
        }
        e.warmups++;
        e.warmMs += r.batchMs() * r.loops();
        e.warmTaskMs.add(r.batchMs() / e.items.size());
        if (plan.calibrate() && e.sampleUpTo > 0) {
          double perTask = r.batchMs() / e.items.size();
          long want = (long) Math.max(1, Math.ceil(plan.target().toNanos() / 1e6 / perTask));
          long steps = (want + e.sampleStep - 1) / e.sampleStep;
          e.items = Lab.range((int) Math.min(e.sampleUpTo, steps * e.sampleStep));
        } else if (plan.calibrate()) {
          e.loops = (int) Math.min(MAX_LOOPS, Math.max(1, Math.ceil(plan.target().toNanos() / 1e6 / r.batchMs())));
        }
      }
      warming.removeIf(e -> !e.alive() || outOfTime.contains(e) || (e.warmups >= plan.minWarmups() && (steady(e.warmTaskMs)
          || e.warmMs >= WARM_BUDGET_RUNS * plan.target().toNanos() / 1e6)));
    }
  }

  /**
   * The last two warm-up runs agree (time per task). A first run that class loading, the pool's
   * start or the JIT slowed down disagrees with the second, so warming goes on.
   */
  static boolean steady(List<Double> warm) {
    int n = warm.size();
    if (n < 2) {
      return false;
    }
    double a = warm.get(n - 2);
    double b = warm.get(n - 1);
    return Math.abs(a - b) / Math.min(a, b) * 100 <= STEADY_PCT;
  }

  /**
   * Measured runs for {@code e}: all the plan's, or {@value #LONG_RUN_REPETITIONS} when one of its
   * runs lasts over {@value #LONG_RUN_TARGETS} target run times (a few workers doing I/O waits one
   * after another), whose runs agree closely and would otherwise take most of the comparison.
   */
  int repetitions(Entry e) {
    double longest = e.warmTaskMs.isEmpty() ? 0 : e.warmTaskMs.get(e.warmTaskMs.size() - 1) * e.items.size() * e.loops;
    return longest > LONG_RUN_TARGETS * plan.target().toNanos() / 1e6
        ? Math.min(plan.repetitions(), LONG_RUN_REPETITIONS) : plan.repetitions();
  }

  private void measure(List<Entry> entries) throws InterruptedException {
    int most = entries.stream().mapToInt(this::repetitions).max().orElse(0);
    for (int rep = 0; rep < most; rep++) {
      for (Entry e : rotate(entries, rep)) {
        if (rep >= repetitions(e)) {
          continue;
        }
        if (!e.runs.isEmpty() && !fits(e.nextRunNanos())) { // the first is tried: a cold warm-up overestimates it
          e.leftOutRuns++;
          continue;
        }
        Runner.Run r = runOne(e);
        if (r != null) {
          e.runs.add(r);
        }
      }
    }
  }

  private static List<Entry> rotate(List<Entry> entries, int by) {
    List<Entry> out = new ArrayList<>(entries.size());
    // the baseline goes first in every round, so the models' results can be checked against it
    entries.stream().filter(e -> e.baseline).forEach(out::add);
    List<Entry> rest = entries.stream().filter(e -> !e.baseline).toList();
    for (int i = 0; i < rest.size(); i++) {
      out.add(rest.get((i + by) % rest.size()));
    }
    return out;
  }

  /** One run of {@code e}; null when it stopped (its error is then set). */
  private Runner.@Nullable Run runOne(Entry e) throws InterruptedException {
    if (!e.alive()) {
      return null;
    }
    Set<Long> others = new HashSet<>(idlePids);
    int otherThreads = idleThreads;
    for (Entry o : group) {
      if (o != e) {
        others.addAll(o.ownPids);
        otherThreads += o.ownThreads;
      }
    }
    Set<Long> before = descendants();
    long start = System.nanoTime();
    try {
      Runner.Run r = runner.run(e.model, e.items, e.loops, others, e.baseline ? List.of() : expected, e.baseline);
      if (e.baseline) {
        expected = r.lastResults();
        e.lastResults = r.lastResults();
      }
      for (long pid : descendants()) {
        if (!before.contains(pid) && !others.contains(pid) && !fixtures.contains(pid)) {
          e.ownPids.add(pid);
        }
      }
      e.ownThreads += r.newThreads();
      e.lastRunNanos = System.nanoTime() - start;
      e.lastRunTasks = (long) e.loops * e.items.size();
      return withOwnThreads(r, otherThreads);
    } catch (Runner.Stopped s) {
      e.error = s.getMessage();
      e.timedOut = s.timedOut;
    } catch (VirtualMachineError err) {
      // An OutOfMemoryError or StackOverflowError in this thread: drop what the cell holds so the
      // rest of the comparison has the memory back, and report it as this cell's error.
      e.runs.clear();
      e.error = "failed: " + Runner.describe(err);
    }
    return null;
  }

  private static Runner.Run withOwnThreads(Runner.Run r, int otherThreads) {
    var u = r.usage();
    var own = new dev.conclab.lab.measure.Sampler.Usage(u.wallNanos(), u.parentCpuNanos(), u.childCpuNanos(),
        u.peakRssBytes(), u.peakHeapBytes(), Math.max(1, u.peakThreads() - otherThreads), u.peakProcesses());
    return new Runner.Run(r.batchMs(), r.loops(), own, r.peakInFlight(), r.load(), r.newThreads(), r.lastResults(),
        r.latencies());
  }

  static Set<Long> descendants() {
    return ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
  }
}
