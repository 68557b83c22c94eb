package dev.conclab.lab;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * CPython beside the JVM in one comparison: which interpreter ran the {@code py:} rows, and how
 * faithful the emulated GIL was to its real one. Immutable.
 *
 * @param interpreter e.g. {@code CPython 3.11.2}, or null when no Python rows were measured
 * @param gilEnabled whether that interpreter ran with a GIL (false for a free-threaded build)
 * @param speedups per CPU workload, the emulated {@code gil} model's speedup beside
 *     {@code py:threads}', each over its own runtime's sequential run
 * @param handOffMs CPython's median GIL hand-off interval at {@code switchIntervalMs}, or null
 * @param emulatedHandOffMs the emulated GIL's, measured the same way, or null
 * @param switchIntervalMs the switch interval both hand-offs were measured at
 * @param hint why there are no Python rows and how to get them, or null
 */
public record PythonSummary(@Nullable String interpreter, boolean gilEnabled, List<GilGap> speedups,
    @Nullable Double handOffMs, @Nullable Double emulatedHandOffMs, double switchIntervalMs, @Nullable String hint) {
  public PythonSummary {
    speedups = List.copyOf(speedups);
  }

  /** The hand-off gap, emulated versus CPython, in percent of CPython's; null when not measured. */
  @JsonProperty("handOffGapPct")
  public @Nullable Double handOffGapPct() {
    return handOffMs == null || emulatedHandOffMs == null || handOffMs <= 0 ? null
        : Cells.round((emulatedHandOffMs - handOffMs) / handOffMs * 100);
  }

  /**
   * One CPU workload's speedups on both runtimes.
   *
   * @param workload the workload
   * @param gil the emulated {@code gil} model's speedup over the JVM's sequential run
   * @param pyThreads {@code py:threads}' speedup over {@code py:sequential}
   * @param gapPct {@code gil / pyThreads - 1}, in percent
   */
  public record GilGap(String workload, double gil, double pyThreads, double gapPct) {}
}
