package dev.conclab.lab.workload;

import java.util.Locale;

/** Whether a workload is CPU-bound or I/O-bound; written {@code cpu} or {@code io}. */
public enum WorkloadKind {
  CPU,
  IO;

  /** The lower-case name used in reports: {@code cpu} or {@code io}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
