package dev.conclab.lab;

import static java.util.Objects.requireNonNull;

import dev.conclab.lab.measure.MachineLoad;
import dev.conclab.lab.workload.Outcome;
import dev.conclab.lab.workload.Size;
import dev.conclab.lab.workload.Trial;
import dev.conclab.lab.workload.Workload;
import dev.conclab.model.ExecutionModel;
import dev.conclab.model.ExecutionModels;
import dev.conclab.model.ModelSpec;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Measures one model on one workload outside a comparison, with the comparison's machinery: the
 * lab's {@link Runner} (sampled, bounded runs) inside a one-model {@link Contest} (warm-up until
 * the last two runs agree, calibrated batches per run, re-measurement of unstable runs), and the
 * cell built as {@code compare} builds it. {@code conclab advise} measures a user's task with it.
 * Results are not checked (there is no baseline to check them against); the last measured
 * batch's outcomes are returned instead.
 *
 * <p>Stateless; {@link #measure} blocks until the model is closed. Not meant to run twice at once
 * in one JVM (the task probes are global).
 */
public final class ModelBench {
  /** How long closing a model may take before it is left to its daemon threads. */
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

  private ModelBench() {}

  /**
   * How a model is measured.
   *
   * @param target how long one measured run should last at least (batches per run are calibrated to it)
   * @param minWarmups warm-up runs at least
   * @param maxWarmups warm-up runs at most, steady or not
   * @param repetitions measured runs
   * @param maxRemeasures how often an unstable model is measured again (when its runs fit the deadline)
   */
  public record Plan(Duration target, int minWarmups, int maxWarmups, int repetitions, int maxRemeasures) {
    public Plan {
      requireNonNull(target, "target");
      if (minWarmups < 1 || maxWarmups < minWarmups || repetitions < 1 || maxRemeasures < 0) {
        throw new IllegalArgumentException("bad plan: " + minWarmups + ".." + maxWarmups + " warm-ups, " + repetitions
            + " repetitions, " + maxRemeasures + " re-measures");
      }
    }
  }

  /**
   * What one model measured.
   *
   * @param cell the measurement in {@code compare}'s cell format, without a speedup; an error cell
   *     when the model could not start or no measured run finished
   * @param lastResults the last measured batch's outcomes (each task's start and end), empty when none
   * @param leftOutRuns measured runs the deadline left no time for
   */
  public record Result(Cell cell, List<Outcome> lastResults, int leftOutRuns) {
    public Result {
      lastResults = List.copyOf(lastResults);
    }
  }

  /**
   * Builds {@code spec}'s model, measures it on {@code w} at {@code size} and closes it. A model
   * that cannot start, fails, runs out of memory, loses a worker or overstays {@code runTimeout}
   * or the deadline gets an error cell; nothing is thrown for it. Blocks until done, about until
   * {@code deadlineNanos} at most (plus the time a stopped model takes to close, bounded).
   *
   * @param deadlineNanos when everything must be done, in {@link System#nanoTime} terms
   * @throws java.io.UncheckedIOException if the workload's fixture could not start
   * @throws InterruptedException if interrupted; the model is terminated first
   */
  public static Result measure(Workload w, Size size, ModelSpec spec, Plan plan, Duration runTimeout, long deadlineNanos)
      throws InterruptedException {
    Machine machine = Machine.current();
    ExecutorService executor = Executors.newCachedThreadPool(
        Thread.ofPlatform().daemon(true).name("conclab-bench-run-", 1).factory());
    try (Trial trial = open(w, size)) {
      Set<Long> before = Contest.descendants();
      int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
      ExecutionModel model;
      try {
        model = ExecutionModels.create(spec);
      } catch (RuntimeException | LinkageError err) {
        return new Result(Cells.error(spec, w, trial, "could not start: " + Runner.describe(err)), List.of(), 0);
      }
      Set<Long> own = Contest.descendants();
      own.removeAll(before);
      int ownThreads = Math.max(0, ManagementFactory.getThreadMXBean().getThreadCount() - threadsBefore);
      Contest.Entry e = new Contest.Entry(spec, model, true, Lab.range(size.tasks()), own, ownThreads);
      boolean done = false;
      try {
        Runner runner = new Runner(trial, w.name(), runTimeout, executor);
        Contest contest = new Contest(runner, new Contest.Plan(plan.target(), true, plan.minWarmups(), plan.maxWarmups(),
            plan.repetitions(), plan.maxRemeasures()), List.of(e), trial.fixturePids(), List.of());
        contest.until(deadlineNanos);
        contest.run();
        done = true;
      } finally {
        close(model, e.timedOut || !done, executor);
      }
      return new Result(Cells.of(e, w, trial, machine), e.runs.isEmpty() ? List.of() : e.lastResults, e.leftOutRuns);
    } finally {
      executor.shutdownNow();
    }
  }

  /** A cell for {@code spec} on {@code w} at {@code size} that measured nothing, with {@code error}. */
  public static Cell failed(Workload w, Size size, ModelSpec spec, String error) {
    return Cells.error(spec, w, Trial.of(dev.conclab.model.Work.of(w.name(), i -> new Outcome(0, 0, 0)), size), error);
  }

  /** How quiet the machine was while {@code cells} were measured, as {@code compare} reports it. */
  public static Conditions conditions(List<Cell> cells, MachineLoad.Load load) {
    return Conditions.of(cells, load, Machine.current(), "a larger --budget");
  }

  private static Trial open(Workload w, Size size) {
    try {
      return w.open(size);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("could not prepare " + w.name() + ": " + e.getMessage(), e);
    }
  }

  /** Closes the model (terminates it when a run was stopped), waiting {@link #CLOSE_WAIT} at most. */
  private static void close(ExecutionModel model, boolean terminate, ExecutorService executor)
      throws InterruptedException {
    Future<?> f = executor.submit(terminate ? model::terminate : model::close);
    try {
      f.get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException ex) {
      f.cancel(true);
      model.terminate();
    }
  }
}
