package dev.conclab.lab;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.conclab.lab.measure.Interval;
import dev.conclab.lab.workload.WorkloadKind;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A model that failed, gave a wrong result, ran out of time or measured something impossible on
 * one workload (see {@link Cell} for the common fields).
 *
 * @param partial what it measured before it failed, or null when no run finished
 * @param correct whether the results it gave equalled the sequential (or known) ones
 * @param error why the cell is not a result
 */
@JsonSerialize(using = CellJson.class)
public record FailedCell(
    String model,
    String modelKind,
    String workload,
    WorkloadKind kind,
    int tasks,
    int unit,
    @Nullable Measurement partial,
    boolean correct,
    List<String> warnings,
    String error,
    @Nullable String note) implements Cell {

  public FailedCell {
    warnings = List.copyOf(warnings);
  }

  /** A cell that measured nothing usable. */
  static FailedCell nothing(String model, String modelKind, String workload, WorkloadKind kind, int tasks, int unit,
      String error) {
    return new FailedCell(model, modelKind, workload, kind, tasks, unit, null, false, List.of(), error, null);
  }

  @Override
  public @Nullable Measurement measurement() {
    return partial;
  }

  @Override
  public FailedCell withSpeedup(@Nullable Double s, @Nullable Interval ci) {
    return partial == null ? this
        : new FailedCell(model, modelKind, workload, kind, tasks, unit, partial.withSpeedup(s, ci), correct, warnings,
            error, note);
  }
}
