package dev.conclab.lab;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.conclab.lab.measure.Interval;
import dev.conclab.lab.workload.WorkloadKind;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A model's complete, correct result on one workload (see {@link Cell} for the common fields).
 *
 * @param measured what the runs measured
 */
@JsonSerialize(using = CellJson.class)
public record MeasuredCell(
    String model,
    String modelKind,
    String workload,
    WorkloadKind kind,
    int tasks,
    int unit,
    Measurement measured,
    List<String> warnings,
    @Nullable String note) implements Cell {

  public MeasuredCell {
    warnings = List.copyOf(warnings);
  }

  @Override
  public Measurement measurement() {
    return measured;
  }

  @Override
  public @Nullable String error() {
    return null;
  }

  @Override
  public boolean correct() {
    return true;
  }

  @Override
  public MeasuredCell withSpeedup(@Nullable Double s, @Nullable Interval ci) {
    return new MeasuredCell(model, modelKind, workload, kind, tasks, unit, measured.withSpeedup(s, ci), warnings, note);
  }
}
