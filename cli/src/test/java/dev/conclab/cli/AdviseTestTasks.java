package dev.conclab.cli;

import java.util.concurrent.CountDownLatch;

/** Tasks that misbehave, for {@link AdviseCommandTest}; loaded by the command from the test classes folder. */
public final class AdviseTestTasks {
  private AdviseTestTasks() {}

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
