package dev.conclab.lab.advise;

import dev.conclab.lab.measure.MachineLoad;
import dev.conclab.lab.workload.WorkloadKind;
import dev.conclab.model.ExecutionModels;
import dev.conclab.model.ModelSpec;
import dev.conclab.model.Work;
import dev.conclab.pool.SerializableFunction;
import java.time.Duration;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One run of the {@link Advisor}: profile, plan the candidates, measure them within the budget,
 * then hand the numbers to {@link Recommend}. Not thread-safe; used once.
 */
final class AdviseRun {
  static final int[] SWEEP = {1, 4, 16, 64, 256, 1024};
  /** Passes a candidate's runner makes over its items (warm-ups, measured runs, a margin), for planning. */
  private static final int PASSES = ContestRunner.PLANNED_RUNS;
  /** What starting worker JVMs costs, for planning. */
  private static final double PROCESS_START_S = 1.0;

  private final String name;
  private final SerializableFunction<Object, ?> task;
  private final List<Object> inputs;
  private final Duration budget;
  private final int cores;
  private final CandidateRunner runner;
  private final Advisor.Listener listener;
  private final long start = System.nanoTime();
  private final long deadline;
  private final Map<String, String> rejected = new LinkedHashMap<>();
  private final Map<String, Double> predicted = new LinkedHashMap<>();
  private final List<Candidate> measured = new ArrayList<>();
  private final List<String> leftOut = new ArrayList<>();
  private final List<SweepPoint> sweep = new ArrayList<>();
  /**
   * Seconds kept back from the other candidates' shares for a process-based candidate still to
   * come, whose worker JVMs take that long to start on a loaded machine.
   */
  private double reserveS;

  /** A model planned or measured, with its prediction. */
  record Candidate(ModelSpec spec, int inFlight, double predictedTps, boolean process, @Nullable Measured result) {}

  AdviseRun(String name, SerializableFunction<Object, ?> task, List<Object> inputs, Duration budget, int cores,
      CandidateRunner runner, Advisor.Listener listener) {
    this.name = name;
    this.task = task;
    this.inputs = inputs;
    this.budget = budget;
    this.cores = cores;
    this.runner = runner;
    this.listener = listener;
    this.deadline = start + budget.toNanos();
  }

  AdviceReport run() throws InterruptedException {
    MachineLoad load = MachineLoad.start();
    long b = budget.toNanos();
    listener.begin(1 + 3 + SWEEP.length);
    listener.step("profile");
    Profile p = Profiler.profile(task, name, inputs, Math.min(1_500_000_000L, b * 15 / 100), start + b * 3 / 4);
    listener.stepDone();
    String cls = Predict.classify(p.cpuFraction());
    boolean cpuBound = cls.equals("cpu-bound");
    String ns = p.notSerializable();
    Double transfer = p.transferMsPerTask();
    double x = transfer == null ? 0 : transfer;

    rejected.put("async", String.format(Locale.ROOT, "the task is blocking code, and async runs blocking code on its one"
        + " event loop, one task at a time: predicted 1.0×, not measured"));
    predicted.put("async", 1.0);
    rejected.put("gil", "the emulated GIL is held for the whole of a task that never calls Gil.released, so one task"
        + " runs at a time: predicted 1.0×, not measured");
    predicted.put("gil", 1.0);

    int procCount = ns == null ? 1 : 0;
    reserveS = cpuBound && ns == null ? 2 * PROCESS_START_S : 0;
    Candidate seq = measure(new Candidate(ModelSpec.of("sequential"), 1, Predict.throughput(p, 1, cores), false, null), p,
        cpuBound ? 2 + procCount : SWEEP.length + 2 + procCount);
    int procWorkers = Math.min(cores, inputs.size());
    int chunk = Math.max(1, (int) Math.ceil(inputs.size() / (4.0 * procWorkers)));
    ModelSpec procSpec = ModelSpec.of("processes", procWorkers).with("chunksize", Integer.toString(chunk));
    double procTps = Predict.processThroughput(p, procWorkers, cores, x);
    Candidate proc = new Candidate(procSpec, procWorkers, procTps, true, null);
    if (cpuBound) {
      int w = Math.min(cores, inputs.size());
      measure(new Candidate(ModelSpec.of("threads", w), w, Predict.throughput(p, w, cores), false, null), p, 1 + procCount);
      measure(new Candidate(ModelSpec.of("virtual"), w, Predict.throughput(p, inputs.size(), cores), false, null), p, procCount);
      if (ns == null) {
        measure(proc, p, 0);
      }
    } else {
      for (int i = 0; i < SWEEP.length; i++) {
        int c = SWEEP[i];
        Candidate v = measure(new Candidate(ModelSpec.of("virtual", c), c, Predict.throughput(p, c, cores), false, null), p,
            SWEEP.length - i + 1 + procCount);
        Measured m = v.result();
        sweep.add(new SweepPoint(v.spec().toString(), c, v.predictedTps(), m == null || !m.ok() ? null : m.tasksPerSec(),
            m == null ? null : m.p99Ms(), m == null ? "left out to fit the budget" : m.error()));
      }
      Integer knee = Recommend.knee(sweep);
      int t = knee == null ? Math.min(64, inputs.size()) : knee;
      measure(new Candidate(ModelSpec.of("threads", t), t, Predict.throughput(p, t, cores), false, null), p, 1 + procCount);
      if (knee != null) {
        // virtual threads at the knee again, right after threads, so the two are compared at one moment
        measure(new Candidate(ModelSpec.of("virtual", knee), knee, Predict.throughput(p, knee, cores), false, null), p,
            procCount);
      }
      if (ns == null) {
        double bestPredicted = predicted.values().stream().mapToDouble(Double::doubleValue).max().orElse(1);
        double procSpeedup = Predict.speedup(p, procTps);
        if (procSpeedup >= 0.5 * bestPredicted) {
          measure(proc, p, 0);
        } else {
          predicted.put(procSpec.toString(), procSpeedup);
          rejected.put(procSpec.toString(), String.format(Locale.ROOT, "one task in flight per worker JVM: predicted"
              + " %.1f× against %.1f× with more tasks in flight; not measured", procSpeedup, bestPredicted));
        }
      }
    }
    if (ns != null) {
      String why = "the " + ns + " is not serializable, and a process-based model must send each task's argument and"
          + " result between JVMs";
      rejected.put(procSpec.toString(), why);
      predicted.putIfAbsent(procSpec.toString(), Predict.speedup(p, procTps));
      if (ExecutionModels.kinds().contains("cluster")) {
        rejected.put("cluster", why);
      }
    } else if (ExecutionModels.kinds().contains("cluster")) {
      rejected.put("cluster", String.format(Locale.ROOT, "needs Hazelcast members started apart (conclab member);"
          + " it ships each task as processes does (%s argument + %s result, %.3f ms to serialize); not measured",
          Recommend.bytes(p.argumentBytes()), Recommend.bytes(p.resultBytes()), x));
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    return Recommend.report(name, inputs.size(), cores, budget.toNanos() / 1e9, elapsed, cls, p, seq, measured, sweep,
        predicted, rejected, leftOut, load.stop());
  }

  /**
   * Measures one candidate with a share of the time left ({@code later} candidates still to come),
   * or records it as left out when even one pass would not fit.
   */
  private Candidate measure(Candidate c, Profile p, int later) throws InterruptedException {
    boolean cpuBound = Predict.classify(p.cpuFraction()).equals("cpu-bound");
    String spec = c.spec().toString();
    predicted.put(spec, Predict.speedup(p, c.predictedTps()));
    long left = deadline - System.nanoTime();
    if (c.process()) {
      reserveS = 0;
    }
    double share = (left / 1e9 - reserveS) / (later + 1) - (c.process() ? PROCESS_START_S : 0);
    double tps = Math.max(c.predictedTps(), 1e-3);
    int hi = Math.max(inputs.size(), 2 * c.inFlight());
    int lo = Math.min(hi, Math.max(1, 2 * c.inFlight()));
    int count = (int) Math.min(hi, Math.max(lo, Math.round(share / PASSES * tps)));
    double onePass = count / tps;
    if (share <= 0 || 2 * onePass > share + (later == 0 ? left / 1e9 * 0.25 : 0)) {
      leftOut.add(String.format(Locale.ROOT, "%s: %d tasks would take about %.1f s a run, %.1f s of the budget was left",
          spec, count, onePass, left / 1e9));
      return c;
    }
    listener.step(spec);
    List<Object> items = cycle(inputs, count);
    Work<Object, ?> work = c.process() ? Work.of(name, new Shipped<>(task)) : Work.of(name, task);
    long give = Math.max(0, Math.min(left - 200_000_000L, (long) ((share + (c.process() ? PROCESS_START_S : 0)) * 1e9)));
    WorkloadKind kind = cpuBound ? WorkloadKind.CPU : WorkloadKind.IO;
    Measured m = runner.measure(c.spec(), work, items, kind, Duration.ofNanos(give));
    listener.stepDone();
    if (m.leftOutRuns() > 0) {
      leftOut.add(String.format(Locale.ROOT, "%s: %d measured run%s fitted its %.1f s of the budget, %d left out", spec,
          m.cell().repetitions(), m.cell().repetitions() == 1 ? "" : "s", give / 1e9, m.leftOutRuns()));
    }
    Candidate done = new Candidate(c.spec(), c.inFlight(), c.predictedTps(), c.process(), m);
    measured.add(done);
    return done;
  }

  /** The inputs repeated to {@code count} items. */
  private static List<Object> cycle(List<Object> inputs, int count) {
    if (count == inputs.size()) {
      return inputs;
    }
    return new AbstractList<>() {
      @Override
      public Object get(int index) {
        return inputs.get(index % inputs.size());
      }

      @Override
      public int size() {
        return count;
      }
    };
  }
}
