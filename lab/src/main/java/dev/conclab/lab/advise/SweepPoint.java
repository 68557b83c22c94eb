package dev.conclab.lab.advise;

import org.jspecify.annotations.Nullable;

/**
 * One point of a concurrency sweep.
 *
 * @param model the spec measured, e.g. {@code virtual:workers=64}
 * @param concurrency tasks in flight at once
 * @param predictedTasksPerSec what the profile predicted
 * @param tasksPerSec measured throughput, or null when the point was not measured
 * @param p99Ms measured 99th percentile of a task's own time, or null
 * @param error why the point has no measurement, or null
 */
public record SweepPoint(
    String model,
    int concurrency,
    double predictedTasksPerSec,
    @Nullable Double tasksPerSec,
    @Nullable Double p99Ms,
    @Nullable String error) {}
