package dev.conclab.lab.verdict;

import dev.conclab.lab.Cell;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Derives the seed's columns from measured cells — never from a table written in advance.
 *
 * <ul>
 *   <li><b>parallel?</b> yes when the model's best CPU cell ran at least {@value #PARALLEL_SPEEDUP}x
 *       faster than sequential on 2+ cores; unknown on 1 core, without CPU cells, or when no model at
 *       all reached that speedup (the cores were busy with other work, so the run proves nothing).
 *   <li><b>GIL-affected?</b> yes when two or more CPU tasks were in progress at once yet the speedup
 *       stayed at most {@value #SERIAL_SPEEDUP}x while another model proved the cores were free (it
 *       was parallel on the same workload): something let only one of them run at a time. A model
 *       that ran one task at a time (an event loop) or that was parallel is not.
 *   <li><b>best for</b>: CPU-bound when its CPU speedup is parallel and within 80% of the best
 *       model's; I/O-bound when its I/O speedup is at least {@value #IO_SPEEDUP}x; high-concurrency I/O
 *       when, in addition, it kept at least {@value #TASKS_PER_THREAD} tasks in flight per extra
 *       OS thread (threads beyond the sequential run's) at half the best I/O speedup or more (at
 *       quick scale every overlapping model finishes within a few request latencies, so the
 *       ranking among them is mostly noise).
 * </ul>
 *
 * Stateless and thread-safe.
 */
public final class Verdicts {
  static final double PARALLEL_SPEEDUP = 1.4;
  static final double SERIAL_SPEEDUP = 1.15;
  static final double IO_SPEEDUP = 2.0;
  static final double TASKS_PER_THREAD = 4.0;
  static final double HIGH_CONCURRENCY_SHARE = 0.5;

  private Verdicts() {}

  /** One verdict per model kind, in the order the kinds first appear in {@code cells}. */
  public static List<Verdict> derive(List<Cell> cells, int cores) {
    Map<String, List<Cell>> byModel = new LinkedHashMap<>();
    for (Cell c : cells) {
      byModel.computeIfAbsent(c.modelKind(), k -> new ArrayList<>()).add(c);
    }
    Map<String, Double> bestCpuPerWorkload = best(cells, "cpu");
    Map<String, Double> bestIoPerWorkload = best(cells, "io");
    Map<String, Integer> seqThreads = new LinkedHashMap<>();
    for (Cell c : cells) {
      if (c.modelKind().equals("sequential")) {
        seqThreads.put(c.workload(), c.peakThreads());
      }
    }
    List<Verdict> out = new ArrayList<>();
    for (Map.Entry<String, List<Cell>> e : byModel.entrySet()) {
      out.add(verdict(e.getKey(), e.getValue(), cores, bestCpuPerWorkload, bestIoPerWorkload, seqThreads));
    }
    return out;
  }

  private static Map<String, Double> best(List<Cell> cells, String kind) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (Cell c : cells) {
      Double s = c.speedup();
      if (c.kind().equals(kind) && c.ok() && s != null && !c.modelKind().equals("sequential")) {
        m.merge(c.workload(), s, Math::max);
      }
    }
    return m;
  }

  private static Optional<Cell> bestCell(List<Cell> cells, String kind) {
    return cells.stream()
        .filter(c -> c.kind().equals(kind) && c.ok() && c.speedup() != null)
        .max(Comparator.comparingDouble(Verdicts::speedup));
  }

  private static double speedup(Cell c) {
    Double s = c.speedup();
    return s == null ? 0 : s;
  }

  private static Verdict verdict(String model, List<Cell> cells, int cores, Map<String, Double> bestCpu,
      Map<String, Double> bestIo, Map<String, Integer> seqThreads) {
    Optional<Cell> cpu = bestCell(cells, "cpu");
    Optional<Cell> io = bestCell(cells, "io");

    @Nullable Boolean parallel;
    String parallelWhy;
    if (cpu.isEmpty()) {
      parallel = null;
      parallelWhy = model + ": parallel unknown — no CPU workload finished";
    } else if (cores < 2) {
      parallel = null;
      parallelWhy = model + ": parallel unknown — only 1 core here (" + cpu.get().workload() + " ran "
          + x(speedup(cpu.get())) + " sequential's speed)";
    } else {
      Cell c = cpu.get();
      double top = bestCpu.getOrDefault(c.workload(), 0.0);
      parallel = speedup(c) >= PARALLEL_SPEEDUP;
      parallelWhy = model + ": " + (parallel ? "parallel" : "not parallel") + " — " + c.workload() + " ran "
          + x(speedup(c)) + (parallel ? " faster than" : " the speed of") + " sequential on " + cores + " cores";
      if (!parallel && top < PARALLEL_SPEEDUP && !model.equals("sequential")) {
        parallel = null;
        parallelWhy = model + ": parallel unclear — " + c.workload() + " ran " + x(speedup(c))
            + " sequential's speed, but no model beat " + x(PARALLEL_SPEEDUP) + " (best " + x(top)
            + "): the cores were busy with other work";
      }
    }

    @Nullable Boolean gil;
    String gilWhy;
    if (cpu.isEmpty()) {
      gil = null;
      gilWhy = model + ": GIL effect unknown — no CPU workload finished";
    } else {
      Cell c = cpu.get();
      Integer inFlight = c.peakInFlight();
      if (Boolean.TRUE.equals(parallel)) {
        gil = false;
        gilWhy = model + ": not GIL-affected — " + c.workload() + " ran " + x(speedup(c))
            + " faster, so its workers executed at the same time";
      } else if (inFlight != null && inFlight >= 2 && speedup(c) <= SERIAL_SPEEDUP && cores >= 2
          && bestCpu.getOrDefault(c.workload(), 0.0) >= PARALLEL_SPEEDUP) {
        gil = true;
        gilWhy = model + ": GIL-affected — " + inFlight + " " + c.workload()
            + " tasks were in progress at once, yet they ran only " + x(speedup(c))
            + " sequential's speed while another model reached " + x(bestCpu.getOrDefault(c.workload(), 0.0))
            + ": one lock let one thread run at a time";
      } else if (inFlight != null && inFlight <= 1) {
        gil = false;
        gilWhy = model + ": no GIL — it ran one " + c.workload()
            + " task at a time (peak 1 in progress), serial by design rather than by a lock";
      } else {
        gil = null;
        gilWhy = model + ": GIL effect unclear — " + c.workload() + " ran " + x(speedup(c))
            + " sequential's speed" + (inFlight == null ? " in worker processes" : " with " + inFlight + " in progress")
            + (bestCpu.getOrDefault(c.workload(), 0.0) < PARALLEL_SPEEDUP ? ", and no model ran it in parallel here" : "");
      }
    }

    List<String> best = new ArrayList<>();
    List<String> why = new ArrayList<>();
    if (cpu.isPresent() && Boolean.TRUE.equals(parallel)) {
      Cell c = cpu.get();
      double top = bestCpu.getOrDefault(c.workload(), speedup(c));
      if (speedup(c) >= 0.8 * top) {
        best.add("CPU-bound");
        why.add(c.workload() + " " + x(speedup(c)) + " faster than sequential (best: " + x(top) + ")");
      }
    }
    if (io.isPresent() && speedup(io.get()) >= IO_SPEEDUP) {
      Cell c = io.get();
      double top = bestIo.getOrDefault(c.workload(), speedup(c));
      int extraThreads = Math.max(1, c.peakThreads() - seqThreads.getOrDefault(c.workload(), 0));
      Integer inFlight = c.peakInFlight();
      double perThread = inFlight == null ? 0 : (double) inFlight / extraThreads;
      if (inFlight != null && perThread >= TASKS_PER_THREAD && speedup(c) >= HIGH_CONCURRENCY_SHARE * top) {
        best.add("high-concurrency I/O");
        why.add(c.workload() + " " + x(speedup(c)) + " faster than sequential with " + inFlight
            + " requests in flight on " + extraThreads + " extra OS threads");
      } else {
        best.add("I/O-bound");
        why.add(c.workload() + " " + x(speedup(c)) + " faster than sequential"
            + (inFlight == null ? "" : " (" + inFlight + " in flight, " + extraThreads + " extra OS threads)"));
      }
    }
    String bestFor;
    String bestWhy;
    if (best.isEmpty()) {
      bestFor = model.equals("sequential") ? "baseline (simple code)" : "neither here";
      bestWhy = model + ": " + bestFor + " — "
          + (model.equals("sequential") ? "every speedup is measured against it"
              : "no CPU speedup of " + x(PARALLEL_SPEEDUP) + " and no I/O speedup of " + x(IO_SPEEDUP)
                  + (io.isPresent() ? " (" + io.get().workload() + ": " + x(speedup(io.get())) + ")" : "")
                  + failures(cells));
    } else {
      bestFor = String.join(", ", best);
      bestWhy = model + ": " + bestFor + " — " + String.join("; ", why);
    }
    return new Verdict(model, parallel, gil, bestFor, parallelWhy, gilWhy, bestWhy);
  }

  private static String failures(List<Cell> cells) {
    List<String> failed = cells.stream().filter(c -> c.error() != null || !c.correct()).map(Cell::workload).toList();
    return failed.isEmpty() ? "" : "; it did not finish " + String.join(", ", failed) + " (see the error)";
  }

  static String x(double v) {
    return String.format(Locale.ROOT, v >= 10 ? "%.0f×" : "%.2f×", v);
  }
}
