package dev.conclab.lab.advise;

import dev.conclab.lab.Cell;
import dev.conclab.lab.measure.Bootstrap;
import dev.conclab.lab.measure.Interval;
import org.jspecify.annotations.Nullable;

/** The advisor's cells with their speedups, in {@code compare}'s cell format. Stateless. */
final class Cells {
  private Cells() {}

  /**
   * {@code m}'s cell with its speedup over {@code seq} and the speedup's 95 % interval from both
   * cells' runs, per task (the two ran batches of different sizes); the baseline itself gets 1.0.
   */
  static Cell withSpeedup(Measured m, @Nullable Measured seq) {
    if (m == seq) {
      return m.ok() ? m.cell().withSpeedup(1.0, null) : m.cell();
    }
    Interval ci = speedupCi(m, seq);
    if (seq == null || ci == null) {
      return m.cell();
    }
    return m.cell().withSpeedup(round(m.tasksPerSec() / seq.tasksPerSec()), new Interval(round(ci.low()), round(ci.high())));
  }

  /** The 95 % interval of {@code m}'s speedup over {@code seq}, or null when either has no runs. */
  static @Nullable Interval speedupCi(Measured m, @Nullable Measured seq) {
    if (seq == null || !seq.ok() || !m.ok() || m.cell().runsMs().isEmpty() || seq.cell().runsMs().isEmpty()) {
      return null;
    }
    try {
      return Bootstrap.ratio(seq.perTaskMs(), m.perTaskMs());
    } catch (IllegalArgumentException e) {
      return null; // a run of zero length: no interval
    }
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
