package dev.conclab.lab.python;

import java.util.Locale;

/** How {@code multiprocessing} starts its worker processes ({@code --python-start}). */
public enum PythonStartMethod {
  FORK,
  FORKSERVER,
  SPAWN;

  /** The name {@code multiprocessing} uses, e.g. {@code forkserver}. */
  public String pythonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The start method named {@code name}.
   *
   * @throws IllegalArgumentException if it is not fork, forkserver or spawn
   */
  public static PythonStartMethod parse(String name) {
    return dev.conclab.lab.Labels.find(values(), PythonStartMethod::pythonName, name).orElseThrow(
        () -> new IllegalArgumentException("unknown start method '" + name + "'; known: fork, forkserver, spawn"));
  }
}
