package dev.conclab.lab;

import java.util.Optional;
import java.util.function.Function;

/** Finds the constant of an enum whose label a user typed. Stateless. */
public final class Labels {
  private Labels() {}

  /** The first of {@code values} whose {@code label} equals {@code text}, if any. */
  public static <E> Optional<E> find(E[] values, Function<E, String> label, String text) {
    for (E v : values) {
      if (label.apply(v).equals(text)) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }
}
