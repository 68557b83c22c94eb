package dev.conclab.lab.verdict;

import org.jspecify.annotations.Nullable;

/**
 * The seed's comparison columns for one model, derived from measured cells, each with the
 * sentence and number behind it.
 *
 * @param model the model kind
 * @param parallel whether CPU work ran faster than sequential on several cores; null if unknown
 * @param gilAffected whether tasks were in progress together yet CPU work did not speed up (one
 *     lock letting one thread run at a time); null if unknown
 * @param bestFor what the numbers say it is best for, e.g. {@code CPU-bound}
 * @param parallelWhy the sentence behind {@code parallel}
 * @param gilWhy the sentence behind {@code gilAffected}
 * @param bestForWhy the sentence behind {@code bestFor}
 */
public record Verdict(
    String model,
    @Nullable Boolean parallel,
    @Nullable Boolean gilAffected,
    String bestFor,
    String parallelWhy,
    String gilWhy,
    String bestForWhy) {}
