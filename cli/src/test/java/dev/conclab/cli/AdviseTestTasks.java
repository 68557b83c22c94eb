package dev.conclab.cli;

import java.util.concurrent.CountDownLatch;

/**
 * Tasks for {@link AdviseCommandTest} whose behaviour does not depend on the machine's disk, and
 * tasks that misbehave; loaded by the command from the test classes folder.
 */
public final class AdviseTestTasks {
  private AdviseTestTasks() {}

  /**
   * Mixed work with a fixed wait: about 2 ms of arithmetic, then a 2 ms sleep. Its CPU fraction
   * stays inside the mixed band (0.2 to 0.8) for any arithmetic between about 0.5 and 8 ms,
   * whereas the example {@code ParseAndWrite}'s wait is its fsync, whose time depends on the disk
   * (0.5 ms of a 2.7 ms task on the CI machine, which made it cpu-bound there).
   */
  public static long computeThenSleep(int i) throws InterruptedException {
    long v = i + 1;
    for (int k = 0; k < 2_000_000; k++) {
      v = v * 6364136223846793005L + 1442695040888963407L;
      v ^= v >>> 29;
    }
    Thread.sleep(2);
    return v;
  }

  /** Throws on input 3. */
  public static int failsOn3(int i) {
    if (i == 3) {
      throw new IllegalStateException("bad block " + i);
    }
    return i;
  }

  /** Never returns unless interrupted. */
  public static int neverEnds(int i) throws InterruptedException {
    new CountDownLatch(1).await();
    return i;
  }

  /** Two parameters: not a task. */
  public static int twoArgs(int a, int b) {
    return a + b;
  }

  /** An instance method: not a task. */
  public int notStatic(int a) {
    return a;
  }
}
