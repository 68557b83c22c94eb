package dev.conclab.model;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What the built-in models share: the spec they were built from, the checks at the start of a
 * {@link #map}, and their name. Thread-safe; holds no state but the spec.
 */
abstract class SpecModel implements ExecutionModel {
  private final ModelSpec spec;

  SpecModel(ModelSpec spec) {
    this.spec = requireNonNull(spec, "spec");
  }

  @Override
  public final ModelSpec spec() {
    return spec;
  }

  /**
   * The checks every {@code map} makes first.
   *
   * @throws NullPointerException if {@code work} or {@code items} is null
   * @throws IllegalStateException if {@code closed}
   */
  final void checkMap(Work<?, ?> work, List<?> items, boolean closed) {
    requireNonNull(work, "work");
    requireNonNull(items, "items");
    if (closed) {
      throw new IllegalStateException("model '" + spec + "' is closed");
    }
  }

  @Override
  public String toString() {
    return "ExecutionModel[" + spec + "]";
  }
}
