package dev.conclab.cli;

import dev.conclab.lab.Cell;
import dev.conclab.lab.Lab;

/**
 * {@code conclab compare}'s progress bar on stderr: one step per cell, the cell being measured
 * as its message. Called on the lab's thread; not thread-safe.
 */
final class CompareProgress implements Lab.Listener, AutoCloseable {
  private final boolean draw;
  private final Bars.Slot bar = new Bars.Slot();

  /** A listener that draws the bar only if {@code draw} (stderr is a terminal and the user wants it). */
  CompareProgress(boolean draw) {
    this.draw = draw;
  }

  @Override
  public void begin(int cells) {
    if (draw) {
      bar.set(Bars.start("compare", cells, 250));
    }
  }

  @Override
  public void cellStarted(String model, String workload) {
    bar.message(model + " / " + workload);
  }

  @Override
  public void cellDone(Cell cell) {
    bar.step();
  }

  @Override
  public void close() {
    bar.close();
  }
}
