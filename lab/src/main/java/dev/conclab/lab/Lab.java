package dev.conclab.lab;

import static java.util.Objects.requireNonNull;

import dev.conclab.lab.measure.MachineLoad;
import dev.conclab.lab.python.PythonModel;
import dev.conclab.lab.python.PythonTwins;
import dev.conclab.lab.verdict.Verdicts;
import dev.conclab.lab.workload.Size;
import dev.conclab.lab.workload.Workload;
import dev.conclab.lab.workload.WorkloadKind;
import dev.conclab.lab.workload.Workloads;
import dev.conclab.model.ExecutionModels;
import dev.conclab.model.ModelSpec;
import dev.conclab.model.ModelTraits;
import java.time.Instant;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

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
   * the cell's latencies; the lab keeps the terminal readable by silencing the checker. In a
   * holder of its own: a logger starts java.util.logging (about 5 ms of a cold JVM's CPU), which
   * only a comparison needs, not {@code conclab map}'s use of {@link #range}.
   */
  private static final class Quiet {
    /** Held here, so the level set on it is not lost to a garbage-collected logger. */
    static final java.util.logging.Logger BLOCKED_THREAD_CHECKER =
        java.util.logging.Logger.getLogger("io.vertx.core.impl.BlockedThreadChecker");
  }

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
    Quiet.BLOCKED_THREAD_CHECKER.setLevel(java.util.logging.Level.OFF);
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
