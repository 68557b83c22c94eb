package dev.conclab.lab.advise;

import dev.conclab.lab.Cell;
import dev.conclab.lab.Conditions;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What {@code conclab advise} found for one task: its profile and classification, the models
 * predicted and measured, and the recommendation with its reason.
 *
 * @param task the task's name, e.g. {@code com.example.Jobs::resize}
 * @param inputs how many inputs the user gave (or {@code --n})
 * @param cores available processors
 * @param budgetSeconds the budget for the whole run
 * @param elapsedSeconds how long the run took
 * @param classification {@code cpu-bound} (at least 80 % of wall time on CPU), {@code io-bound}
 *     (at most 20 %) or {@code mixed}
 * @param cpuFraction CPU time / wall time of the task alone, 0..1
 * @param recommended the model spec to use, as {@code ModelSpec.parse} accepts it
 * @param concurrency tasks in flight at once with the recommended model
 * @param reason one sentence with the numbers behind the recommendation
 * @param rejected every other model, with why it lost or was not measured
 * @param predicted predicted speedup over sequential, per model spec
 * @param measured measured speedup over sequential, per model spec (null: not measured)
 * @param disagreements where prediction and measurement differ by more than a quarter
 * @param sweep the concurrency sweep (empty for CPU-bound tasks)
 * @param knee the concurrency where throughput stops rising, or null
 * @param profile the task alone
 * @param cells every measurement, in {@code compare}'s cell format
 * @param leftOut what was not measured, or measured with fewer runs, to fit the budget
 * @param conditions how quiet the machine was meanwhile, from {@code /proc} (as {@code compare} reports it)
 */
public record AdviceReport(
    String task,
    int inputs,
    int cores,
    double budgetSeconds,
    double elapsedSeconds,
    String classification,
    double cpuFraction,
    String recommended,
    int concurrency,
    String reason,
    Map<String, String> rejected,
    Map<String, Double> predicted,
    Map<String, @Nullable Double> measured,
    List<String> disagreements,
    List<SweepPoint> sweep,
    @Nullable Integer knee,
    Profile profile,
    List<Cell> cells,
    List<String> leftOut,
    Conditions conditions) {}
