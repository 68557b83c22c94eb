package dev.conclab.lab.python;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which lab workloads have a Python twin, a script computing the same value per task as the Java
 * workload, so CPython's results are checked against the Java sequential results. Immutable.
 */
public final class PythonTwins {
  private static final List<String> WORKLOADS = List.of(
      "squares", "primes", "sha256", "hashbig", "blur", "kmeans", "http", "sleep", "file", "sql");

  private static final Map<String, String> CAVEATS = Map.of(
      "sql", "the Python twin queries the same table through sqlite3 on a local file: the standard "
          + "library has no client for the lab's H2 server, so its I/O is not over a socket",
      "file", "asyncio has no non-blocking file API: the twin offloads to asyncio.to_thread");

  private PythonTwins() {}

  /** The workloads with a twin, in the lab's order. */
  public static List<String> workloads() {
    return WORKLOADS;
  }

  /** Whether {@code workload} has a Python twin. */
  public static boolean has(String workload) {
    return WORKLOADS.contains(workload);
  }

  /** What a reader should know when comparing this workload's Python rows, if anything. */
  public static Optional<String> caveat(String workload) {
    return Optional.ofNullable(CAVEATS.get(workload));
  }
}
