package dev.conclab.cli;

/** Range checks of numeric options, failing as usage errors that name the option. Stateless. */
final class Options {
  private Options() {}

  /**
   * {@code value}, if it is at least {@code min}.
   *
   * @throws UsageException {@code NAME must be >= MIN, got VALUE}
   */
  static int atLeast(String name, int value, int min) {
    if (value < min) {
      throw new UsageException(name + " must be >= " + min + ", got " + value);
    }
    return value;
  }

  /**
   * {@code value}, if it is between {@code min} and {@code max}.
   *
   * @throws UsageException {@code NAME must be between MIN and MAX, got VALUE}
   */
  static int between(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new UsageException(name + " must be between " + min + " and " + max + ", got " + value);
    }
    return value;
  }
}
