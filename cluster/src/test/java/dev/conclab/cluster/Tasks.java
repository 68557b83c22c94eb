package dev.conclab.cluster;

import java.util.concurrent.locks.LockSupport;

/** Tasks for the cluster tests: static methods, so they serialize as method references. */
final class Tasks {
  private Tasks() {}

  static int square(int n) {
    return n * n;
  }

  static int failOnMultiplesOfSeven(int n) {
    if (n > 0 && n % 7 == 0) {
      throw new IllegalArgumentException("no sevens: " + n);
    }
    return n;
  }

  /** The square and the pid of the JVM that computed it, after about {@code millis} of work. */
  static String squareSlowly(int n, long millis) {
    LockSupport.parkNanos(millis * 1_000_000L);
    return n + "=" + (n * n) + "@" + ProcessHandle.current().pid();
  }

  static String squareIn20ms(int n) {
    return squareSlowly(n, 20);
  }

  static String squareIn50ms(int n) {
    return squareSlowly(n, 50);
  }

  /** {@link #squareIn50ms}, padded to about 1 KB, so that results load a slow link. */
  static String squareIn50msPadded(int n) {
    return squareIn50ms(n) + "#" + "x".repeat(1000);
  }
}
