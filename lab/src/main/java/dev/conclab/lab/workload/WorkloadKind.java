package dev.conclab.lab.workload;

import java.util.Locale;

/** Whether a workload is CPU-bound or I/O-bound; written {@code cpu} or {@code io}. */
public enum WorkloadKind {
  CPU,
  IO;

  /** The lower-case name used in reports (and in JSON): {@code cpu} or {@code io}. */
  @com.fasterxml.jackson.annotation.JsonValue
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
