package dev.conclab.lab.python;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * CPython's own concurrency models, as the note uses them: a plain loop, {@code threading},
 * {@code multiprocessing.Pool.map} and {@code asyncio.gather}. Rows are labelled
 * {@code py:<name>}.
 */
public enum PythonModel {
  SEQUENTIAL,
  THREADS,
  PROCESSES,
  ASYNCIO;

  /** The name the runner script takes after {@code --model}, e.g. {@code threads}. */
  public String runnerName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The row label in reports, e.g. {@code py:threads}. */
  public String label() {
    return "py:" + runnerName();
  }

  /**
   * The model named {@code name}, with or without the {@code py:} prefix.
   *
   * @throws IllegalArgumentException naming the unknown name and listing the known ones
   */
  public static PythonModel parse(String name) {
    String n = name.startsWith("py:") ? name.substring(3) : name;
    for (PythonModel m : values()) {
      if (m.runnerName().equals(n)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown Python model '" + name + "'; known: "
        + Arrays.stream(values()).map(PythonModel::runnerName).collect(Collectors.joining(", ")));
  }
}
