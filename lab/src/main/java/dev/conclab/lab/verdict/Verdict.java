package dev.conclab.lab.verdict;

import dev.conclab.lab.measure.Interval;
import org.jspecify.annotations.Nullable;

/**
 * The note's comparison columns for one model, derived from measured cells, each with the
 * sentence and numbers behind it. A column is null when the measurements cannot settle it
 * (inconclusive or unknown); its sentence then says why and how to settle it.
 *
 * @param model the model kind
 * @param parallel whether CPU work ran faster than sequential on several cores; null if
 *     inconclusive or unknown
 * @param gilAffected whether tasks were in progress together yet CPU work did not speed up (one
 *     lock letting one thread run at a time); null if inconclusive or unknown
 * @param bestFor what the numbers say it is best for, e.g. {@code CPU-bound}
 * @param cpuSpeedup the geometric mean of its speedups on the CPU workloads that count as
 *     evidence, or null when there are none
 * @param cpuSpeedupCi the 95 % bootstrap interval of {@code cpuSpeedup}
 * @param parallelWhy the sentence behind {@code parallel}
 * @param gilWhy the sentence behind {@code gilAffected}
 * @param bestForWhy the sentence behind {@code bestFor}
 */
public record Verdict(
    String model,
    @Nullable Boolean parallel,
    @Nullable Boolean gilAffected,
    String bestFor,
    @Nullable Double cpuSpeedup,
    @Nullable Interval cpuSpeedupCi,
    String parallelWhy,
    String gilWhy,
    String bestForWhy) {}
