package dev.conclab.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.jspecify.annotations.Nullable;

/**
 * The progress bars the long commands draw on stderr, all alike: ASCII, redrawn at most every
 * {@code updateMillis}. Draw one only when stderr is a terminal ({@link Terminals}): a bar
 * redrawn with carriage returns only garbles a file or a pipe.
 */
final class Bars {
  private Bars() {}

  /** A builder for a bar named {@code task} of {@code max} steps (-1: unknown). */
  static ProgressBarBuilder builder(String task, long max, int updateMillis) {
    return new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setStyle(ProgressBarStyle.ASCII)
        .setConsumer(new ConsoleProgressBarConsumer(System.err)).setUpdateIntervalMillis(updateMillis);
  }

  /** A bar named {@code task} of {@code max} steps, started now. */
  static ProgressBar start(String task, long max, int updateMillis) {
    return builder(task, max, updateMillis).build();
  }

  /** A place for a bar that may never be drawn: every call does nothing until {@link #set}. Not thread-safe. */
  static final class Slot implements AutoCloseable {
    private @Nullable ProgressBar bar;

    void set(ProgressBar b) {
      bar = b;
    }

    boolean isEmpty() {
      return bar == null;
    }

    void step() {
      ProgressBar b = bar;
      if (b != null) {
        b.step();
      }
    }

    void message(String text) {
      ProgressBar b = bar;
      if (b != null) {
        b.setExtraMessage(text);
      }
    }

    /** Fills the bar to its end, then closes it. */
    void finish() {
      ProgressBar b = bar;
      if (b != null) {
        b.stepTo(b.getMax());
      }
      close();
    }

    @Override
    public void close() {
      ProgressBar b = bar;
      if (b != null) {
        b.close();
      }
    }
  }
}
