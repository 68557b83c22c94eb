package dev.conclab.cli;

import dev.conclab.fetch.FetchResult;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ProgressBar;

/**
 * {@code conclab fetch}'s progress bar on stderr, created only once the list is known to be
 * long (at least {@link #THRESHOLD} URLs). Not thread-safe: rows arrive on one thread.
 */
final class FetchProgress implements Consumer<FetchResult>, AutoCloseable {
  /** Lists at least this long get a progress bar (when stderr is a terminal). */
  static final long THRESHOLD = 100;

  private final boolean terminal;
  private final long known;
  private long done;
  private final Bars.Slot bar = new Bars.Slot();

  /** A bar for a list of {@code count} URLs (-1: unknown), counted only on a terminal. */
  FetchProgress(boolean terminal, LongSupplier count) {
    this.terminal = terminal;
    this.known = terminal ? count.getAsLong() : -1;
  }

  /** Whether to show a bar for a list of {@code known} URLs (-1 when unknown) so far {@code done}. */
  static boolean wanted(boolean terminal, long known, long done) {
    if (!terminal) {
      return false;
    }
    return known >= THRESHOLD || (known < 0 && done >= THRESHOLD);
  }

  @Override
  public void accept(FetchResult r) {
    done++;
    if (bar.isEmpty() && wanted(terminal, known, done)) {
      ProgressBar b = Bars.builder("fetch", known, 200).showSpeed().clearDisplayOnFinish().build();
      b.stepTo(done);
      bar.set(b);
      return;
    }
    bar.step();
  }

  @Override
  public void close() {
    bar.close();
  }
}
