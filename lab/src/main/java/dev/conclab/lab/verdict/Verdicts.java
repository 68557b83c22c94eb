package dev.conclab.lab.verdict;

import dev.conclab.lab.Cell;
import dev.conclab.lab.measure.Bootstrap;
import dev.conclab.lab.measure.Interval;
import dev.conclab.lab.workload.WorkloadKind;
import dev.conclab.lab.workload.Workloads;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Derives the note's columns from measured cells — never from a table written in advance — as
 * statistical statements: a yes or a no only when a 95 % confidence interval clears the threshold,
 * otherwise <em>inconclusive</em>, with how to settle it.
 *
 * <ul>
 *   <li><b>Evidence.</b> The CPU workloads whose sequential tasks take at least
 *       {@value #EVIDENCE_TASK_MS} ms each count, taken together: a model's CPU speedup is the
 *       geometric mean of its speedups on them, with a bootstrap interval that resamples every
 *       run of every cell involved. Workloads of tinier tasks (the note's {@code n * n}) measure
 *       the cost of handing out a task, not parallelism. Cells with an error (including a speedup
 *       beyond the cores) are left out, and so are cells measured on a busy machine (other
 *       processes and the hypervisor took more than {@value Cell#BUSY_CORES} of a core during
 *       the model's or the baseline's runs, even after measuring again): one stolen core halves
 *       a 2-core speedup.
 *   <li><b>parallel?</b> yes when the interval lies at or above {@value #PARALLEL_SPEEDUP}x on 2+
 *       cores; no when it lies below and another model's lies above (so the cores were free);
 *       inconclusive otherwise. The threshold asks whether CPU work ran on more than one core at
 *       once, not how well (best for answers that): a model that runs one CPU task at a time has
 *       measured at most 1.12x at its interval's top on a normal 2-core machine, and worker JVMs
 *       still compiling in their first seconds measure 1.4–1.6x at quick scale (1.8x at full
 *       scale), so {@value #PARALLEL_SPEEDUP}x leaves both sides a margin and the band from
 *       {@value #SERIAL_SPEEDUP}x to it stays inconclusive.
 *   <li><b>GIL-affected?</b> yes when two or more CPU tasks were in progress at once yet the
 *       interval lies at or below {@value #SERIAL_SPEEDUP}x while another model was parallel: one
 *       lock let one thread run at a time. No when the model is parallel, or ran one task at a time
 *       (an event loop: serial by design, not by a lock). Inconclusive otherwise.
 *   <li><b>best for</b>: CPU-bound when parallel and its CPU speedup is within 80 % of the best
 *       parallel model's; I/O-bound when the interval of its best I/O speedup lies at or above
 *       {@value #IO_SPEEDUP}x; high-concurrency I/O when, in addition, it kept at least
 *       {@value #TASKS_PER_THREAD} tasks in flight per extra OS thread (threads beyond the
 *       sequential run's) at half the best I/O speedup or more.
 * </ul>
 *
 * Stateless and thread-safe.
 */
public final class Verdicts {
  static final double PARALLEL_SPEEDUP = 1.3;
  static final double SERIAL_SPEEDUP = 1.15;
  static final double IO_SPEEDUP = 2.0;
  static final double TASKS_PER_THREAD = 4.0;
  static final double HIGH_CONCURRENCY_SHARE = 0.5;
  static final double CPU_BEST_SHARE = 0.8;

  /** A CPU workload counts as evidence of parallelism when its sequential tasks take this long each. */
  public static final double EVIDENCE_TASK_MS = 0.5;

  private static final String SETTLE = "rerun with --scale full or --repetitions 10 to settle it";

  private Verdicts() {}

  /** One verdict per model kind, in the order the kinds first appear in {@code cells}. */
  public static List<Verdict> derive(List<Cell> cells, int cores) {
    Map<String, Cell> baselines = new LinkedHashMap<>();
    Map<String, List<Cell>> byModel = new LinkedHashMap<>();
    for (Cell c : cells) {
      byModel.computeIfAbsent(c.modelKind(), k -> new ArrayList<>()).add(c);
      if (isBaseline(c.modelKind())) {
        baselines.put(baselineKey(c.modelKind(), c.workload()), c);
      }
    }
    Map<String, Evidence> evidence = new LinkedHashMap<>();
    for (Map.Entry<String, List<Cell>> e : byModel.entrySet()) {
      evidence.put(e.getKey(), Evidence.of(e.getValue(), baselines));
    }
    Map<String, Double> bestIo = new LinkedHashMap<>();
    for (Cell c : cells) {
      Double s = c.speedup();
      if (c.kind() == WorkloadKind.IO && c.ok() && s != null && !isBaseline(c.modelKind())) {
        bestIo.merge(c.workload(), s, Math::max);
      }
    }
    List<Verdict> out = new ArrayList<>();
    for (Map.Entry<String, List<Cell>> e : byModel.entrySet()) {
      out.add(verdict(e.getKey(), e.getValue(), cores, evidence, bestIo, baselines));
    }
    return out;
  }

  /** A model's CPU cells that count as evidence, with its pooled speedup and interval. */
  record Evidence(List<Cell> cells, @Nullable Double speedup, @Nullable Interval ci, List<String> busy) {
    static Evidence of(List<Cell> modelCells, Map<String, Cell> baselines) {
      List<Cell> used = new ArrayList<>();
      List<String> busy = new ArrayList<>();
      List<double[]> nums = new ArrayList<>();
      List<double[]> dens = new ArrayList<>();
      for (Cell c : modelCells) {
        Cell base = baselines.get(baselineKey(c.modelKind(), c.workload()));
        if (base == null || !counts(c, base)) {
          continue;
        }
        if (c.busy() || base.busy()) {
          busy.add(c.workload()); // its speedup is the machine's load as much as the model's
          continue;
        }
        used.add(c);
        nums.add(base.runs());
        dens.add(c.runs());
      }
      if (used.isEmpty()) {
        return new Evidence(List.of(), null, null, busy);
      }
      return new Evidence(used, Bootstrap.geometricMeanOfRatiosEstimate(nums, dens),
          Bootstrap.geometricMeanOfRatios(nums, dens), busy);
    }

    /** Whether {@code c} is a CPU cell, with its baseline, heavy enough to be evidence. */
    static boolean counts(Cell c, Cell base) {
      return c.kind() == WorkloadKind.CPU && c.ok() && base.ok() && !c.runsMs().isEmpty()
          && !base.runsMs().isEmpty() && base.wallMs() / base.tasks() >= EVIDENCE_TASK_MS
          && !Workloads.releasesGil(c.workload());
    }

    boolean parallel() {
      return ci != null && ci.atLeast(PARALLEL_SPEEDUP);
    }

    String workloads() {
      return String.join(", ", cells.stream().map(Cell::workload).toList());
    }

    /** "CPU work at 1.91× [1.88, 1.94] sequential's speed". */
    String ran() {
      return "CPU work at " + speed() + " sequential's speed";
    }

    /** "1.91× [1.88, 1.94]". */
    String speed() {
      return x(java.util.Objects.requireNonNull(speedup)) + " " + java.util.Objects.requireNonNull(ci).format(2);
    }

    /** "primes", or "geometric mean over primes, blur". */
    String scope() {
      return (cells.size() == 1 ? workloads() : "geometric mean over " + workloads()) + leftOut();
    }

    /** "; sha256 left out: measured on a busy machine", or "". */
    String leftOut() {
      return busy.isEmpty() ? "" : "; " + String.join(", ", busy) + " left out: measured on a busy machine";
    }
  }

  private static Verdict verdict(String model, List<Cell> cells, int cores, Map<String, Evidence> all,
      Map<String, Double> bestIo, Map<String, Cell> baselines) {
    Evidence ev = java.util.Objects.requireNonNull(all.get(model));
    Optional<Map.Entry<String, Evidence>> freeProof = all.entrySet().stream()
        .filter(e -> !e.getKey().equals(model) && e.getValue().parallel()).findFirst();

    @Nullable Boolean parallel;
    String parallelWhy;
    Interval ci = ev.ci();
    if (ci == null) {
      parallel = null;
      parallelWhy = model + ": parallel unknown — no CPU workload with tasks of " + EVIDENCE_TASK_MS
          + " ms or more finished correctly" + (ev.busy().isEmpty() ? "" : " on a quiet machine (" + String.join(", ", ev.busy())
              + " ran while other processes or the hypervisor took cores; rerun on a quiet machine)") + failures(cells);
    } else if (cores < 2) {
      parallel = null;
      parallelWhy = model + ": parallel unknown — only 1 core here (ran " + ev.ran() + ", " + ev.scope() + ")";
    } else if (ci.atLeast(PARALLEL_SPEEDUP)) {
      parallel = true;
      parallelWhy = model + ": parallel — ran " + ev.ran() + " on " + cores + " cores (" + ev.scope()
          + "; the 95 % interval is at or above " + x(PARALLEL_SPEEDUP) + ")";
    } else if (ci.high() < PARALLEL_SPEEDUP && (freeProof.isPresent() || isBaseline(model))) {
      parallel = false;
      parallelWhy = model + ": not parallel — ran " + ev.ran() + " on " + cores + " cores (" + ev.scope()
          + "), below " + x(PARALLEL_SPEEDUP) + (freeProof.isPresent()
              ? ", while " + freeProof.get().getKey() + " reached " + freeProof.get().getValue().speed() : "");
    } else if (ci.high() < PARALLEL_SPEEDUP) {
      parallel = null;
      parallelWhy = model + ": parallel inconclusive — ran " + ev.ran() + " (" + ev.scope()
          + "), but no model's interval reached " + x(PARALLEL_SPEEDUP)
          + ": the cores were busy with other work; rerun on a quiet machine";
    } else {
      parallel = null;
      parallelWhy = model + ": parallel inconclusive — ran " + ev.ran() + " (" + ev.scope()
          + "), an interval that straddles " + x(PARALLEL_SPEEDUP) + "; " + SETTLE;
    }

    @Nullable Boolean gil;
    String gilWhy;
    Integer inFlight = maxInFlight(ev.cells());
    if (ci == null) {
      gil = null;
      gilWhy = model + ": GIL effect unknown — no CPU workload with tasks of " + EVIDENCE_TASK_MS + " ms or more finished";
    } else if (Boolean.TRUE.equals(parallel)) {
      gil = false;
      gilWhy = model + ": not GIL-affected — ran " + ev.ran() + " (" + ev.scope()
          + "), so its workers executed at the same time";
    } else if (inFlight != null && inFlight <= 1) {
      gil = false;
      gilWhy = model + ": no GIL — it ran one CPU task at a time (peak 1 in progress), serial by design rather than by a lock";
    } else if (inFlight != null && ci.atMost(SERIAL_SPEEDUP) && cores >= 2 && freeProof.isPresent()) {
      gil = true;
      gilWhy = model + ": GIL-affected — " + inFlight + " or more CPU tasks were in progress at once, yet it ran only "
          + ev.ran() + " (" + ev.scope() + ") while " + freeProof.get().getKey() + " reached "
          + freeProof.get().getValue().speed() + ": one lock let one thread run at a time";
    } else {
      gil = null;
      gilWhy = model + ": GIL effect inconclusive — ran " + ev.ran() + " (" + ev.scope() + ")"
          + (inFlight == null ? " in worker processes, whose tasks in progress are not seen here"
              : " with " + inFlight + " or more in progress")
          + (freeProof.isEmpty() ? ", and no model ran it in parallel here" : ci.atMost(SERIAL_SPEEDUP) ? ""
              : ", an interval not at or below " + x(SERIAL_SPEEDUP) + "; " + SETTLE);
    }

    List<String> best = new ArrayList<>();
    List<String> why = new ArrayList<>();
    double topCpu = all.values().stream().filter(Evidence::parallel)
        .mapToDouble(e -> java.util.Objects.requireNonNull(e.speedup())).max().orElse(0);
    Double s = ev.speedup();
    if (Boolean.TRUE.equals(parallel) && s != null && s >= CPU_BEST_SHARE * topCpu) {
      best.add("CPU-bound");
      why.add(ev.ran() + " (" + ev.scope() + "; best: " + x(topCpu) + ")");
    }
    Optional<Cell> io = cells.stream()
        .filter(c -> c.kind() == WorkloadKind.IO && c.ok() && c.speedup() != null)
        .max(Comparator.comparingDouble(Verdicts::speedup));
    if (io.isPresent() && ioClears(io.get())) {
      Cell c = io.get();
      double top = bestIo.getOrDefault(c.workload(), speedup(c));
      Cell base = baselines.get(baselineKey(model, c.workload()));
      int extraThreads = Math.max(1, c.peakThreads() - (base == null ? 0 : base.peakThreads()));
      Integer cellInFlight = c.peakInFlight();
      double perThread = cellInFlight == null ? 0 : (double) cellInFlight / extraThreads;
      if (cellInFlight != null && perThread >= TASKS_PER_THREAD && speedup(c) >= HIGH_CONCURRENCY_SHARE * top) {
        best.add("high-concurrency I/O");
        why.add(c.workload() + " " + ioQuote(c) + " faster than sequential with " + cellInFlight
            + " requests in flight on " + extraThreads + " extra OS threads");
      } else {
        best.add("I/O-bound");
        why.add(c.workload() + " " + ioQuote(c) + " faster than sequential"
            + (cellInFlight == null ? "" : " (" + cellInFlight + " in flight, " + extraThreads + " extra OS threads)"));
      }
    }
    String bestFor;
    String bestWhy;
    if (best.isEmpty()) {
      bestFor = isBaseline(model) ? "baseline (simple code)" : "neither here";
      bestWhy = model + ": " + bestFor + " — "
          + (isBaseline(model) ? "every speedup is measured against it"
              : "no CPU speedup clearly at or above " + x(PARALLEL_SPEEDUP) + " and no I/O speedup clearly at or above "
                  + x(IO_SPEEDUP) + (io.isPresent() ? " (" + io.get().workload() + ": " + ioQuote(io.get()) + ")" : "")
                  + failures(cells));
    } else {
      bestFor = String.join(", ", best);
      bestWhy = model + ": " + bestFor + " — " + String.join("; ", why);
    }
    gilWhy += exception(cells);
    return new Verdict(model, parallel, gil, bestFor, ev.speedup(), ev.ci(), parallelWhy, gilWhy, bestWhy);
  }

  /**
   * Whether a model kind is a runtime's sequential baseline: {@code sequential} for the JVM's
   * models, {@code py:sequential} for CPython's ({@code py:threads} is measured against it).
   */
  static boolean isBaseline(String modelKind) {
    return modelKind.equals("sequential") || modelKind.endsWith(":sequential");
  }

  private static String baselineKey(String modelKind, String workload) {
    int colon = modelKind.indexOf(':');
    return (colon < 0 ? "" : modelKind.substring(0, colon + 1)) + "sequential/" + workload;
  }

  /**
   * The note's exception, where the model has a cell on a workload whose heavy work releases the
   * GIL: "; on hashbig, whose heavy work releases the GIL ..., it ran 1.90× [...]", or "".
   */
  private static String exception(List<Cell> cells) {
    StringBuilder sb = new StringBuilder();
    for (Cell c : cells) {
      Interval ci = c.speedupCi();
      Double s = c.speedup();
      if (c.kind() == WorkloadKind.CPU && c.ok() && ci != null && s != null && Workloads.releasesGil(c.workload())) {
        sb.append("; on ").append(c.workload()).append(", whose heavy work releases the GIL as the note's C-level ")
            .append("operations do, it ran ").append(x(s)).append(' ').append(ci.format(2))
            .append(ci.atLeast(PARALLEL_SPEEDUP) ? ": parallel there" : "");
      }
    }
    return sb.toString();
  }

  /**
   * The most CPU tasks the model had in progress at once on any evidence workload; null when its
   * tasks ran in other processes. Under a GIL, tasks shorter than the switch interval finish
   * before the lock changes hands, so only the workloads of longer tasks show two in progress.
   */
  private static @Nullable Integer maxInFlight(List<Cell> cells) {
    Integer max = null;
    for (Cell c : cells) {
      Integer f = c.peakInFlight();
      if (f == null) {
        return null;
      }
      max = max == null ? f : Math.max(max, f);
    }
    return max;
  }

  private static boolean ioClears(Cell c) {
    Interval ci = c.speedupCi();
    return ci == null ? speedup(c) >= IO_SPEEDUP : ci.atLeast(IO_SPEEDUP);
  }

  private static String ioQuote(Cell c) {
    Interval ci = c.speedupCi();
    return x(speedup(c)) + (ci == null ? "" : " " + ci.format(ci.low() >= 10 ? 0 : 2));
  }

  private static double speedup(Cell c) {
    Double s = c.speedup();
    return s == null ? 0 : s;
  }

  private static String failures(List<Cell> cells) {
    List<String> failed = cells.stream().filter(c -> !c.ok()).map(Cell::workload).toList();
    return failed.isEmpty() ? "" : "; it did not finish " + String.join(", ", failed) + " (see the error)";
  }

  static String x(double v) {
    return String.format(Locale.ROOT, v >= 10 ? "%.0f×" : "%.2f×", v);
  }
}
