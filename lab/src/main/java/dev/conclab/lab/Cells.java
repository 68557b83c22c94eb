package dev.conclab.lab;

import dev.conclab.lab.measure.Bootstrap;
import dev.conclab.lab.measure.Interval;
import dev.conclab.lab.measure.Latencies;
import dev.conclab.lab.measure.Stats;
import dev.conclab.lab.workload.Trial;
import dev.conclab.lab.workload.Workload;
import dev.conclab.lab.workload.WorkloadKind;
import dev.conclab.model.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Builds {@link Cell}s from what a {@link Contest} measured. Stateless. */
final class Cells {
  /**
   * Other processes and the hypervisor taking more than this many cores during a cell's runs
   * make it a busy-machine cell: measured again, then flagged and left out of the verdicts.
   */
  static final double BUSY_CORES = Cell.BUSY_CORES;

  private Cells() {}

  /** The cell of one measured entry; an entry that stopped gives an error cell. */
  static Cell of(Contest.Entry e, Workload w, Trial trial, Machine machine) {
    if (e.runs.isEmpty()) {
      return error(e.spec, w, trial, e.error == null ? "no run finished" : e.error);
    }
    int tasks = trial.size().tasks();
    int ran = e.items.size();
    double scaleUp = (double) tasks / ran;
    boolean estimated = ran < tasks;
    double[] batches = e.batchTimes();
    List<Double> runsMs = new ArrayList<>();
    for (double b : batches) {
      runsMs.add(round(b * scaleUp));
    }
    double[] scaled = runsMs.stream().mapToDouble(Double::doubleValue).toArray();
    double wall = Stats.median(scaled);
    Interval ci = Bootstrap.median(scaled);
    Runner.Run med = e.runs.get(Stats.medianIndex(batches));
    double cpuMs = med.usage().cpuNanos() / 1e6 / med.loops() * scaleUp;
    double util = wall <= 0 ? 0 : cpuMs / (wall * machine.cores());
    long peakRss = e.runs.stream().mapToLong(r -> r.usage().peakRssBytes()).max().orElse(0);
    long peakHeap = e.runs.stream().mapToLong(r -> r.usage().peakHeapBytes()).max().orElse(0);
    int peakThreads = e.runs.stream().mapToInt(r -> r.usage().peakThreads()).max().orElse(0);
    int peakProcs = e.runs.stream().mapToInt(r -> r.usage().peakProcesses()).max().orElse(1);
    Integer inFlight = Lab.traits(e.spec).sharesHeap() ? med.peakInFlight() : null;
    Double p50 = null;
    Double p99 = null;
    if (w.kind() == WorkloadKind.IO && !estimated) {
      Latencies lat = med.latencies();
      p50 = lat.percentileMs(50);
      p99 = lat.percentileMs(99);
    }
    double background = e.takenCores();
    double stolen = Stats.median(e.runs.stream().mapToDouble(r -> r.load().stealCores()).toArray());
    double spread = Stats.spreadPercent(scaled);
    List<String> warnings = new ArrayList<>();
    if (spread > Contest.UNSTABLE_PCT) {
      warnings.add(String.format(Locale.ROOT, "unstable: the runs spread %.0f%%%s; the result may be unstable",
          spread, e.remeasures > 0 ? " after " + e.remeasures + " re-measurement" + (e.remeasures == 1 ? "" : "s")
              : e.behindSchedule ? ", not measured again to keep the comparison within its time budget" : ""));
    }
    if (background > BUSY_CORES) {
      warnings.add(busy(background, stolen, e.remeasures, e.behindSchedule));
    }
    String note = estimated
        ? String.format(Locale.ROOT, "%s ran %d of %d tasks per run; times scaled up %.0f×", e.spec.kind(), ran, tasks, scaleUp)
        : (e.spec.workers() > 0 ? "workers=" + e.spec.workers() : null);
    Measurement m = new Measurement(
        new Measurement.Timing(med.loops(), (long) ran * med.loops(), e.warmups, round(wall),
            new Interval(round(ci.low()), round(ci.high())), round(spread), e.runs.size(), runsMs,
            round(wall <= 0 ? 0 : tasks / (wall / 1000.0)), estimated),
        new Measurement.Resources(round(cpuMs), round(util), round(peakRss / 1048576.0), round(peakHeap / 1048576.0),
            peakThreads, peakProcs, inFlight, round(background)),
        p50 == null || p99 == null ? null : new Measurement.Latency(p50, p99), null);
    String error = e.error;
    return error == null
        ? new MeasuredCell(e.spec.toString(), e.spec.kind(), w.name(), w.kind(), tasks, trial.size().unit(), m, warnings,
            note)
        : new FailedCell(e.spec.toString(), e.spec.kind(), w.name(), w.kind(), tasks, trial.size().unit(), m, true,
            warnings, error, note);
  }

  /** "busy machine: other processes used 0.10 cores and the hypervisor stole 0.90 during these runs ...". */
  static String busy(double taken, double stolen, int remeasures, boolean behindSchedule) {
    double others = Math.max(0, taken - stolen);
    String who = stolen < 0.01 ? String.format(Locale.ROOT, "other processes used %.2f cores", others)
        : others < 0.01 ? String.format(Locale.ROOT, "the hypervisor stole %.2f cores", stolen)
        : String.format(Locale.ROOT, "other processes used %.2f cores and the hypervisor stole %.2f", others, stolen);
    return "busy machine: " + who + " during these runs" + (remeasures > 0 ? ", measured again"
        : behindSchedule ? ", not measured again to keep the comparison within its time budget" : "")
        + "; left out of the verdicts";
  }

  /** A cell that measured nothing usable. */
  static Cell error(ModelSpec m, Workload w, Trial trial, @Nullable String error) {
    return error(m.toString(), m.kind(), w, trial, error);
  }

  /** A cell of the model labelled {@code model} (of kind {@code modelKind}) that measured nothing usable. */
  static Cell error(String model, String modelKind, Workload w, Trial trial, @Nullable String error) {
    return FailedCell.nothing(model, modelKind, w.name(), w.kind(), trial.size().tasks(), trial.size().unit(),
        error == null ? "failed" : error);
  }

  /** {@code c} with its speedup over {@code base} and the interval from both cells' runs. */
  static Cell withSpeedup(Cell c, Cell base) {
    Measurement m = c.measurement();
    if (!(base instanceof MeasuredCell b) || m == null || b.runsMs().isEmpty() || m.timing().runsMs().isEmpty()
        || m.timing().wallMs() <= 0) {
      return c;
    }
    Interval ci = Bootstrap.ratio(base.runs(), c.runs());
    double s = base.wallMs() / c.wallMs();
    return c.withSpeedup(round(s), new Interval(round(ci.low()), round(ci.high())));
  }

  /** A CPU speedup above cores x this is a measurement error, not a result. */
  static final double BEYOND_CORES_MARGIN = 1.1;

  /** Whether {@code c} is a CPU cell whose speedup is more than the cores can give. */
  static boolean beyondCores(Cell c, int cores) {
    Double s = c.speedup();
    return c.ok() && c.kind() == WorkloadKind.CPU && s != null && s > cores * BEYOND_CORES_MARGIN;
  }

  /**
   * The cells, with each CPU speedup beyond the cores (plus a margin) turned into a measurement
   * error (the speedup itself only in the error's text, never as a result): such a speedup means the baseline and the model ran in different states (of the JIT,
   * of the heap), not that the model found extra cores.
   */
  static List<Cell> flagBeyondCores(List<Cell> cells, int cores) {
    List<Cell> out = new ArrayList<>();
    for (Cell c : cells) {
      Double s = c.speedup();
      out.add(beyondCores(c, cores) && s != null ? c.withSpeedup(null, null).withError(String.format(Locale.ROOT,
          "measurement error: %.2f× faster than sequential is beyond what %d cores can give, even when measured again; "
              + "the baseline and the model ran in different states (of the JIT or the heap)", s, cores)) : c);
    }
    return out;
  }

  static double round(double v) {
    return Double.isFinite(v) ? Math.round(v * 1000) / 1000.0 : v;
  }
}
