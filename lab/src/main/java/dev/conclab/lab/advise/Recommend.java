package dev.conclab.lab.advise;

import dev.conclab.lab.Cell;
import dev.conclab.lab.ModelBench;
import dev.conclab.lab.measure.Interval;
import dev.conclab.lab.measure.MachineLoad;
import dev.conclab.model.ModelSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns a run's measurements into the recommendation: the knee of the sweep, the model chosen,
 * why each other model lost, and where prediction and measurement disagree. The model chosen is
 * the simplest contender within 10 % of the best measured throughput (sequential included), and
 * sequential itself when that contender is not significantly faster than it; the reason says
 * whether a faster model's lead is significant (their 95 % intervals apart) or not. Stateless.
 */
final class Recommend {
  /** A sweep point within this share of the best throughput has reached the knee. */
  static final double KNEE = 0.9;
  /** Models within this share of the best contender are a tie, broken by simplicity; so the choice is always within 10 % of the best. */
  static final double TIE = 0.9;
  /** Prediction and measurement disagree when their ratio is off by more than this. */
  static final double DISAGREE = 0.25;

  private Recommend() {}

  /** The smallest concurrency whose throughput is within {@value #KNEE} of the best point's, or null. */
  static @Nullable Integer knee(List<SweepPoint> sweep) {
    double best = sweep.stream().filter(s -> s.tasksPerSec() != null).mapToDouble(s -> s.tasksPerSec()).max().orElse(0);
    for (SweepPoint s : sweep) {
      Double tps = s.tasksPerSec();
      if (tps != null && best > 0 && tps >= KNEE * best) {
        return s.concurrency();
      }
    }
    return null;
  }

  static AdviceReport report(String name, int inputs, int cores, double budgetS, double elapsedS, String cls, Profile p,
      AdviseRun.Candidate seq, List<AdviseRun.Candidate> all, List<SweepPoint> sweep, Map<String, Double> predicted,
      Map<String, String> rejectedSoFar, List<String> leftOut, MachineLoad.Load load) {
    all = merged(all);
    boolean cpuBound = cls.equals("cpu-bound");
    Measured sm = seq.result();
    double seqTps = sm != null && sm.ok() ? sm.tasksPerSec() : 1000 / Math.max(p.wallMsPerTask(), 1e-6);
    Integer knee = knee(sweep);
    Map<String, @Nullable Double> measuredSpeedup = new LinkedHashMap<>();
    for (String spec : predicted.keySet()) {
      measuredSpeedup.put(spec, null);
    }
    AdviseRun.Candidate bestAll = null;
    List<AdviseRun.Candidate> contenders = new ArrayList<>();
    for (AdviseRun.Candidate c : all) {
      Measured m = c.result();
      if (m == null || !m.ok()) {
        continue;
      }
      measuredSpeedup.put(c.spec().toString(), m.tasksPerSec() / seqTps);
      if (bestAll == null || m.tasksPerSec() > tps(bestAll)) {
        bestAll = c;
      }
      boolean sweepPoint = !cpuBound && c.spec().kind().equals("virtual");
      if (!c.spec().kind().equals("sequential") && (!sweepPoint || c.inFlight() == (knee == null ? -1 : knee))) {
        contenders.add(c);
      }
    }
    List<String> order = cpuBound ? List.of("threads", "virtual", "processes") : List.of("virtual", "threads", "processes");
    contenders.sort((a, b) -> Integer.compare(order.indexOf(a.spec().kind()), order.indexOf(b.spec().kind())));
    double best = bestAll == null ? 0 : tps(bestAll);
    AdviseRun.Candidate chosen = null;
    for (AdviseRun.Candidate c : contenders) {
      if (tps(c) >= TIE * best) {
        chosen = c;
        break;
      }
    }
    boolean beaten = false;
    if (chosen == null && bestAll != null) {
      if (bestAll.spec().kind().equals("sequential")) {
        beaten = true;
      }
      chosen = bestAll;
    }
    String notBetter = chosen == null || beaten ? null : notBetterThanSequential(chosen, sm);
    AdviseRun.Candidate lead = bestAll;
    if (notBetter != null) {
      chosen = seq;
      beaten = true;
    }
    Map<String, String> rejected = new LinkedHashMap<>();
    String recommended;
    int concurrency;
    String reason;
    String head = String.format(Locale.ROOT, "%s (%.0f %% of a task's %s on CPU)", cls, p.cpuFraction() * 100, ms(p.wallMsPerTask()));
    if (chosen == null) {
      String bestSpec = predicted.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("sequential");
      recommended = bestSpec;
      concurrency = inFlight(ModelSpec.parse(bestSpec), cores);
      reason = String.format(Locale.ROOT, "%s: %s is predicted %.2f× sequential's throughput; nothing else could be"
          + " measured within the %.0f s budget", head, bestSpec, predicted.getOrDefault(bestSpec, 1.0), budgetS);
    } else if (beaten) {
      recommended = "sequential";
      concurrency = 1;
      reason = notBetter != null ? head + ": " + notBetter
          : String.format(Locale.ROOT, "%s: every other model ran below %.0f %% of sequential's %.0f tasks/s, so the"
              + " tasks are best run one after another", head, TIE * 100, seqTps);
    } else {
      recommended = chosen.spec().toString();
      concurrency = chosen.inFlight();
      Measured m = chosen.result();
      double sp = tps(chosen) / seqTps;
      if (cpuBound || chosen.spec().kind().equals("processes")) {
        reason = String.format(Locale.ROOT, "%s: %s ran %.2f× sequential's throughput (%.0f tasks/s against %.0f) on %d"
            + " cores, predicted %.2f×", head, recommended, sp, tps(chosen), seqTps, cores,
            predicted.getOrDefault(recommended, sp));
      } else {
        reason = String.format(Locale.ROOT, "%s, %s waiting: %s reached %.0f tasks/s (%.1f× sequential) with %d in flight,"
            + " p99 %s%s", head, ms(p.waitMsPerTask()), recommended, tps(chosen), sp, concurrency,
            m == null || m.p99Ms() == null ? "not measured" : ms(m.p99Ms()), kneeNote(sweep, knee));
      }
      if (lead != null && lead != chosen) {
        reason += leadNote(chosen, lead);
      }
      if (m != null && m.cell().spreadPct() > 10) {
        reason += String.format(Locale.ROOT, "; its runs spread %.0f %%, so a rerun with a larger --budget may settle it",
            m.cell().spreadPct());
      }
    }
    for (AdviseRun.Candidate c : all) {
      String spec = c.spec().toString();
      if (spec.equals(recommended) || (!cpuBound && c.spec().kind().equals("virtual") && c != chosen)) {
        continue;
      }
      rejected.put(spec, lostBecause(c, chosen, recommended, seqTps, p));
    }
    for (Map.Entry<String, String> e : rejectedSoFar.entrySet()) {
      rejected.putIfAbsent(e.getKey(), e.getValue());
    }
    Double queued = p.runQueueMsPerTask();
    if (queued != null && queued >= 0.2 * p.elapsedMsPerTask()) {
      reason += String.format(Locale.ROOT, "; the machine was busy (a task alone waited %s for a CPU), so the measured"
          + " speedups understate a quiet machine's", ms(queued));
    }
    List<String> disagreements = new ArrayList<>();
    for (Map.Entry<String, @Nullable Double> e : measuredSpeedup.entrySet()) {
      Double pr = predicted.get(e.getKey());
      Double me = e.getValue();
      if (pr == null || me == null || pr <= 0) {
        continue;
      }
      double ratio = me / pr;
      if (Math.abs(ratio - 1) > DISAGREE) {
        disagreements.add(String.format(Locale.ROOT, "%s: predicted %.2f×, measured %.2f× (%+.0f %%): %s", e.getKey(), pr, me,
            (ratio - 1) * 100, ratio < 1
                ? "costs the profile cannot see (dispatch, worker start-up, contention, memory bandwidth, other load on the machine)"
                : "the task ran faster here than alone in the profile (JIT warm-up, JFR's cost in the profile)"));
      }
    }
    List<Cell> cells = new ArrayList<>();
    for (AdviseRun.Candidate c : all) {
      Measured m = c.result();
      if (m != null) {
        cells.add(Cells.withSpeedup(m, sm));
      }
    }
    return new AdviceReport(name, inputs, cores, budgetS, elapsedS, cls, p.cpuFraction(), recommended, concurrency, reason,
        rejected, predicted, measuredSpeedup, disagreements, sweep, knee, p, cells, leftOut,
        ModelBench.conditions(cells, load));
  }

  /**
   * Why sequential is preferred to {@code c}, the contender chosen: {@code c}'s speedup is below
   * 1 / {@value #TIE} and its 95 % interval reaches 1 (no significant gain); null otherwise.
   */
  private static @Nullable String notBetterThanSequential(AdviseRun.Candidate c, @Nullable Measured seq) {
    Measured m = c.result();
    if (m == null || seq == null || !seq.ok() || c.spec().kind().equals("sequential")) {
      return null;
    }
    Interval ci = Cells.speedupCi(m, seq);
    double sp = m.tasksPerSec() / seq.tasksPerSec();
    if (ci == null || ci.low() > 1 || sp >= 1 / TIE) {
      return null;
    }
    return String.format(Locale.ROOT, "the best other model, %s, ran %.2f× sequential's throughput, and its 95 %% interval"
        + " %s reaches 1: not a significant gain, so sequential, the simplest, is preferred", c.spec(), sp, ci.format(2));
  }

  /** Why {@code chosen} is preferred to the faster {@code lead}: their intervals overlap, or it is within 10 % of it. */
  private static String leadNote(AdviseRun.Candidate chosen, AdviseRun.Candidate lead) {
    Measured a = chosen.result();
    Measured b = lead.result();
    Interval ia = a == null ? null : a.tasksPerSecCi();
    Interval ib = b == null ? null : b.tasksPerSecCi();
    double more = (tps(lead) / Math.max(tps(chosen), 1e-9) - 1) * 100;
    String head = String.format(Locale.ROOT, "; %s measured %.0f %% more tasks/s", lead.spec(), more);
    if (ia == null || ib == null) {
      return String.format(Locale.ROOT, "%s, and %s, the simpler, is within %.0f %% of it", head, chosen.spec(),
          (1 - TIE) * 100);
    }
    if (ia.high() >= ib.low() && ib.high() >= ia.low()) {
      return String.format(Locale.ROOT, "%s, but their 95 %% intervals overlap (%s against %s tasks/s): not a significant"
          + " difference, so the simpler %s is preferred", head, ib.format(0), ia.format(0), chosen.spec());
    }
    return String.format(Locale.ROOT, "%s, significantly (95 %% intervals %s against %s tasks/s), but %s, the simpler, is"
        + " within %.0f %% of it", head, ib.format(0), ia.format(0), chosen.spec(), (1 - TIE) * 100);
  }

  /**
   * The candidates with every model measured more than once (virtual threads at the knee) merged
   * into one, at its first place: the measurement with the better throughput (other load on the
   * machine only ever slows a run down).
   */
  static List<AdviseRun.Candidate> merged(List<AdviseRun.Candidate> all) {
    Map<String, AdviseRun.Candidate> bySpec = new LinkedHashMap<>();
    for (AdviseRun.Candidate c : all) {
      bySpec.merge(c.spec().toString(), c, (a, b) -> tps(b) > tps(a) || a.result() == null ? b : a);
    }
    return new ArrayList<>(bySpec.values());
  }

  private static String kneeNote(List<SweepPoint> sweep, @Nullable Integer knee) {
    SweepPoint best = null;
    double bestTps = 0;
    for (SweepPoint s : sweep) {
      Double t = s.tasksPerSec();
      if (t != null && (best == null || t > bestTps)) {
        best = s;
        bestTps = t;
      }
    }
    if (knee == null || best == null || best.concurrency() == knee) {
      return "; more in flight was not measured or did not help";
    }
    return String.format(Locale.ROOT, "; the knee: more in flight adds little (best %.0f tasks/s at %d)", bestTps,
        best.concurrency());
  }

  private static String lostBecause(AdviseRun.Candidate c, AdviseRun.@Nullable Candidate chosen, String recommended,
      double seqTps, Profile p) {
    Measured m = c.result();
    if (m == null) {
      return "left out to fit the budget";
    }
    if (!m.ok()) {
      return "could not be measured: " + m.error();
    }
    double sp = m.tasksPerSec() / seqTps;
    double chosenSp = chosen == null ? 1 : tps(chosen) / seqTps;
    if (c.spec().kind().equals("sequential")) {
      return String.format(Locale.ROOT, "the baseline, %.0f tasks/s; %s ran %.2f× that", m.tasksPerSec(), recommended, chosenSp);
    }
    String vs = String.format(Locale.ROOT, "measured %.2f× (%.0f tasks/s) against %s's %.2f×", sp, m.tasksPerSec(),
        recommended, chosenSp);
    if (c.process()) {
      return String.format(Locale.ROOT, "each task ships %s there and %s back, %s to serialize and read against %s of work;"
          + " %s", bytes(p.argumentBytes()), bytes(p.resultBytes()), ms(p.transferMsPerTask() == null ? 0 : p.transferMsPerTask()),
          ms(p.wallMsPerTask()), vs);
    }
    if (c.spec().kind().equals("threads") && c.inFlight() > 2 * Runtime.getRuntime().availableProcessors()) {
      return vs + String.format(Locale.ROOT, ", with one OS thread per task in flight (peak %d threads)", m.cell().peakThreads());
    }
    return vs;
  }

  private static int inFlight(ModelSpec spec, int cores) {
    return spec.kind().equals("sequential") ? 1 : spec.workersOr(cores);
  }

  private static double tps(AdviseRun.Candidate c) {
    Measured m = c.result();
    return m == null || !m.ok() ? 0 : m.tasksPerSec();
  }

  static String ms(double v) {
    if (v >= 1000) {
      return String.format(Locale.ROOT, "%.2f s", v / 1000);
    }
    if (v >= 10) {
      return String.format(Locale.ROOT, "%.0f ms", v);
    }
    return v >= 0.1 ? String.format(Locale.ROOT, "%.2f ms", v) : String.format(Locale.ROOT, "%.1f µs", v * 1000);
  }

  static String bytes(@Nullable Long b) {
    if (b == null) {
      return "?";
    }
    if (b >= 1_000_000) {
      return String.format(Locale.ROOT, "%.1f MB", b / 1e6);
    }
    return b >= 1000 ? String.format(Locale.ROOT, "%.1f kB", b / 1e3) : b + " B";
  }
}
