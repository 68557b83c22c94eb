package dev.conclab.lab;

import dev.conclab.lab.verdict.Verdict;
import java.util.List;

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
 */
public record CompareResult(Machine machine, String scale, String startedAt, double elapsedSeconds,
    Conditions conditions, List<Cell> cells, List<Verdict> verdicts) {
  public CompareResult {
    cells = List.copyOf(cells);
    verdicts = List.copyOf(verdicts);
  }
}
