package dev.conclab.lab.python;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

/** The real {@code python3} every test here runs; its absence fails the tests with the hint. */
final class Pythons {
  private static final Optional<PythonRuntime> DEFAULT = PythonRuntime.findDefault();

  private Pythons() {}

  static PythonRuntime python3() {
    assertThat(DEFAULT).as(PythonRuntime.MISSING_HINT).isPresent();
    return DEFAULT.orElseThrow();
  }
}
