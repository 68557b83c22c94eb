package dev.conclab.lab.advise;

import dev.conclab.lab.ModelBench;
import dev.conclab.lab.measure.Latencies;
import dev.conclab.lab.workload.Outcome;
import dev.conclab.lab.workload.WorkloadKind;
import dev.conclab.model.ModelSpec;
import dev.conclab.model.Work;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The {@link CandidateRunner} on the lab's measurement: the user's work wrapped as a lab workload
 * ({@link UserWorkload}) and measured by {@link ModelBench}, whose deadline is the end of the
 * candidate's budget. Each task's own time (its start to its end, from the outcomes of the last
 * measured batch) gives p50 and p99; the outcomes' clock is shared with worker JVMs, so this holds
 * for process-based models too.
 *
 * <p>Stateless; {@link #measure} blocks until the model is closed.
 */
final class ContestRunner implements CandidateRunner {
  /** Measured runs per candidate. */
  static final int REPETITIONS = 5;
  /** Runs the budget is planned for: warm-ups, measured runs and a margin. */
  static final int PLANNED_RUNS = 10;

  @Override
  public <T> Measured measure(ModelSpec spec, Work<T, ?> work, List<T> items, WorkloadKind kind, Duration budget)
      throws InterruptedException {
    long deadline = System.nanoTime() + budget.toNanos();
    UserWorkload<T> w = new UserWorkload<>(work.name(), kind, work.blocking(), items);
    Duration target = budget.dividedBy(PLANNED_RUNS);
    ModelBench.Plan plan = new ModelBench.Plan(target, 2, 4, REPETITIONS, 1);
    ModelBench.Result r = ModelBench.measure(w, w.size(), spec, plan, budget, deadline);
    Latencies own = new Latencies();
    for (Outcome o : r.lastResults()) {
      own.record(o.endMicros() - o.startMicros());
    }
    @Nullable Double p50 = own.count() == 0 ? null : own.percentileMs(50);
    @Nullable Double p99 = own.count() == 0 ? null : own.percentileMs(99);
    return new Measured(r.cell(), p50, p99, r.leftOutRuns());
  }
}
