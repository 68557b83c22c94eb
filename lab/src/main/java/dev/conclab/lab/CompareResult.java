package dev.conclab.lab;

import dev.conclab.lab.verdict.Verdict;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of a comparison: the machine and how quiet it was, one cell per model x workload
 * and one verdict per model. Immutable.
 *
 * @param machine where it ran
 * @param scale {@code quick} or {@code full}
 * @param startedAt when it started, ISO-8601
 * @param elapsedSeconds how long the whole comparison took
 * @param conditions how busy the machine was meanwhile
 * @param cells one per model x workload, sequential first within each workload
 * @param verdicts one per model, in the order measured
 * @param python CPython beside the JVM (with {@code --python}): the interpreter and the GIL's
 *     fidelity, or only a hint why there are no Python rows; null when they were not asked for
 */
public record CompareResult(Machine machine, String scale, String startedAt, double elapsedSeconds,
    Conditions conditions, List<Cell> cells, List<Verdict> verdicts, @Nullable PythonSummary python) {
  public CompareResult {
    cells = List.copyOf(cells);
    verdicts = List.copyOf(verdicts);
  }
}
