package dev.conclab.lab;

import dev.conclab.lab.measure.Bootstrap;
import dev.conclab.lab.measure.Interval;
import dev.conclab.lab.measure.Latencies;
import dev.conclab.lab.measure.Stats;
import dev.conclab.lab.python.GilFidelity;
import dev.conclab.lab.python.PythonCell;
import dev.conclab.lab.python.PythonCellResult;
import dev.conclab.lab.python.PythonCellSpec;
import dev.conclab.lab.python.PythonModel;
import dev.conclab.lab.python.PythonRuntime;
import dev.conclab.lab.python.PythonStartMethod;
import dev.conclab.lab.python.PythonTwins;
import dev.conclab.lab.workload.Outcome;
import dev.conclab.lab.workload.Trial;
import dev.conclab.lab.workload.Workload;
import dev.conclab.lab.workload.WorkloadKind;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The {@code py:} rows: CPython's own models (a loop, {@code threading}, {@code multiprocessing},
 * {@code asyncio}) on a workload's Python twin, with the same tasks, inputs and local endpoints
 * as the JVM's cells, each result checked against the JVM's sequential one, turned into cells
 * that the verdicts treat like any other. Used by the lab's thread only.
 */
final class PythonRows {
  /** The switch interval at which the two GILs' hand-offs are compared (CPython's default). */
  static final Duration SWITCH_INTERVAL = Duration.ofMillis(5);

  /** How long each hand-off probe runs. */
  static final Duration HAND_OFF_LENGTH = Duration.ofSeconds(3);

  /** Measured runs of a Python cell at most: CPython's batches are long, and it has no JIT to warm. */
  static final int MAX_REPETITIONS = 3;

  private final PythonRuntime python;
  private final CompareSpec spec;
  private final Machine machine;

  private PythonRows(PythonRuntime python, CompareSpec spec, Machine machine) {
    this.python = python;
    this.spec = spec;
    this.machine = machine;
  }

  /**
   * The Python rows for this comparison, or empty when it asked for none or, with the default
   * interpreter, there is none (then {@code hint} gets the line saying how to get them).
   *
   * @throws IllegalArgumentException with a one-line message when an explicitly named
   *     interpreter cannot be run
   */
  static Optional<PythonRows> of(CompareSpec spec, Machine machine, List<String> hint) {
    String exe = spec.python();
    if (exe == null) {
      return Optional.empty();
    }
    Optional<PythonRuntime> py = exe.isEmpty() ? PythonRuntime.findDefault() : Optional.of(PythonRuntime.of(exe));
    if (py.isEmpty()) {
      hint.add(PythonRuntime.MISSING_HINT);
    }
    return py.map(p -> new PythonRows(p, spec, machine));
  }

  String interpreter() {
    return python.interpreter().describe();
  }

  boolean gilEnabled() {
    return python.interpreter().gilEnabled();
  }

  /**
   * The Python rows of one workload, sequential first, or none when it has no twin. Blocks while
   * CPython runs them.
   *
   * @param expected the JVM's sequential results for every task, or fewer (then the trial's known
   *     values fill in, where it has them)
   * @param exclude processes besides the fixtures that the measurement leaves out (the JVM models'
   *     workers kept open meanwhile)
   */
  List<Cell> cells(Workload w, Trial trial, List<Outcome> expected, Set<Long> exclude) throws InterruptedException {
    if (!PythonTwins.has(w.name())) {
      return List.of();
    }
    int tasks = trial.size().tasks();
    List<Long> want = new ArrayList<>();
    for (int i = 0; i < tasks; i++) {
      OptionalLong ref = i < expected.size() ? OptionalLong.of(expected.get(i).value()) : trial.reference(i);
      if (ref.isEmpty()) {
        want = List.of();
        break;
      }
      want.add(ref.getAsLong());
    }
    List<Cell> out = new ArrayList<>();
    Cell base = null;
    for (PythonModel m : PythonModel.values()) {
      Cell c = cell(w, trial, m, want, exclude);
      if (m == PythonModel.SEQUENTIAL) {
        base = c;
        out.add(c.ok() ? c.withSpeedup(1.0, null) : c);
      } else {
        out.add(base == null ? c : Cells.withSpeedup(c, base));
      }
    }
    return out;
  }

  private Cell cell(Workload w, Trial trial, PythonModel m, List<Long> want, Set<Long> exclude)
      throws InterruptedException {
    int tasks = trial.size().tasks();
    int workers = switch (m) {
      case THREADS -> w.kind() == WorkloadKind.CPU
          ? (spec.workers() > 0 ? spec.workers() : machine.cores())
          : Math.min(spec.concurrency() > 0 ? spec.concurrency() : tasks, CompareSpec.MAX_PLATFORM_THREADS);
      case PROCESSES -> spec.workers() > 0 ? spec.workers() : machine.cores();
      default -> 1;
    };
    int reps = Math.min(spec.repetitions(), MAX_REPETITIONS);
    int warmups = Math.min(spec.warmups(), 1);
    PythonCellSpec cs = new PythonCellSpec(w.name(), m, trial.size(), workers,
        m == PythonModel.PROCESSES && spec.pythonStart() != null ? PythonStartMethod.parse(spec.pythonStart()) : null,
        trial.endpoint().orElse(null), null, warmups, reps,
        spec.cellTimeout().multipliedBy(warmups + reps).plusSeconds(30));
    String label = m.label();
    PythonCellResult r;
    try {
      List<Long> leftOut = new ArrayList<>(trial.fixturePids());
      leftOut.addAll(exclude);
      r = PythonCell.run(python, cs, leftOut);
    } catch (IOException e) {
      return failed(label, w, trial, "could not start " + interpreter() + ": " + e.getMessage());
    }
    if (r.wallsNanos().isEmpty()) {
      return failed(label, w, trial, r.timedOut() ? "stopped: " + interpreter() + " overstayed "
          + cs.timeout().toSeconds() + " s" : "failed: " + String.join("; ", r.errors()));
    }
    List<Double> runsMs = new ArrayList<>();
    for (long ns : r.wallsNanos()) {
      runsMs.add(Cells.round(ns / 1e6));
    }
    double[] runs = runsMs.stream().mapToDouble(Double::doubleValue).toArray();
    double wall = Stats.median(runs);
    Interval ci = Bootstrap.median(runs);
    double cpu = r.medianRunCpuMillis();
    Double p50 = null;
    Double p99 = null;
    if (w.kind() == WorkloadKind.IO && !r.startsMicros().isEmpty()) {
      long batchStart = r.startsMicros().stream().mapToLong(Long::longValue).min().orElse(0);
      Latencies lat = new Latencies();
      r.endsMicros().forEach(e -> lat.record(e - batchStart));
      p50 = lat.percentileMs(50);
      p99 = lat.percentileMs(99);
    }
    boolean correct = want.isEmpty() ? r.ok() : r.matches(want);
    String error = r.ok() ? correct ? null : "wrong result: CPython's values differ from the JVM's sequential ones"
        : (r.timedOut() ? "stopped: overstayed " + cs.timeout().toSeconds() + " s; " : "") + String.join("; ", r.errors());
    List<String> warnings = new ArrayList<>();
    PythonTwins.caveat(w.name()).ifPresent(warnings::add);
    String note = interpreter() + (m == PythonModel.THREADS || m == PythonModel.PROCESSES ? ", workers=" + workers : "")
        + (r.startMethod() == null ? "" : ", start method " + r.startMethod());
    Measurement measured = new Measurement(
        new Measurement.Timing(1, tasks, warmups, Cells.round(wall), new Interval(Cells.round(ci.low()),
            Cells.round(ci.high())), Cells.round(Stats.spreadPercent(runs)), runs.length, runsMs,
            Cells.round(wall <= 0 ? 0 : tasks / (wall / 1000.0)), false),
        new Measurement.Resources(Cells.round(cpu), Cells.round(wall <= 0 ? 0 : cpu / (wall * machine.cores())),
            Cells.round(r.peakRssBytes() / 1048576.0), Double.NaN, r.peakThreads(), r.peakProcesses(),
            r.peakInFlight(), 0),
        p50 == null || p99 == null ? null : new Measurement.Latency(p50, p99), null);
    return error == null
        ? new MeasuredCell(label, label, w.name(), w.kind(), tasks, trial.size().unit(), measured, warnings, note)
        : new FailedCell(label, label, w.name(), w.kind(), tasks, trial.size().unit(), measured, correct, warnings,
            error, note);
  }

  private static Cell failed(String label, Workload w, Trial trial, String why) {
    return Cells.error(label, label, w, trial, why);
  }

  /**
   * The GIL fidelity figures: the emulated {@code gil} model's speedup beside {@code py:threads}'
   * on every CPU workload that both ran correctly, and both GILs' hand-off intervals at the
   * default switch interval. Blocks for about twice {@link #HAND_OFF_LENGTH}.
   */
  PythonSummary summary(List<Cell> cells) throws InterruptedException {
    List<PythonSummary.GilGap> gaps = new ArrayList<>();
    for (Cell g : cells) {
      if (!g.modelKind().equals("gil") || g.kind() != WorkloadKind.CPU || !g.ok() || g.speedup() == null) {
        continue;
      }
      for (Cell p : cells) {
        Double gs = g.speedup();
        Double ps = p.speedup();
        if (p.modelKind().equals(PythonModel.THREADS.label()) && p.workload().equals(g.workload()) && p.ok()
            && gs != null && ps != null && ps > 0) {
          gaps.add(new PythonSummary.GilGap(g.workload(), gs, ps, Cells.round((gs / ps - 1) * 100)));
        }
      }
    }
    Double py = null;
    Double emulated = null;
    try {
      py = GilFidelity.python(python, SWITCH_INTERVAL, HAND_OFF_LENGTH).medianMillis();
      emulated = GilFidelity.emulated(SWITCH_INTERVAL, HAND_OFF_LENGTH).medianMillis();
    } catch (IOException | IllegalStateException e) {
      // reported as not measured: the rows above stand on their own
    }
    return new PythonSummary(interpreter(), gilEnabled(), gaps, py, emulated, SWITCH_INTERVAL.toNanos() / 1e6, null);
  }
}
