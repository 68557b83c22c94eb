package dev.conclab.fetch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jetbrains.lincheck.Lincheck;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link ReorderWindow} under Lincheck's model checker, which runs the scenario's threads in
 * every interleaving it can reach (switching at each lock, condition and shared-memory access):
 * rows come out in input order, each exactly once, whatever order they complete in, and the
 * producer, the completers and the consumer all finish (no lost wake-up).
 *
 * <p>{@code bench/scripts/concurrency-check.sh} runs these with many more invocations.
 */
// Lincheck bounds each invocation itself and reports a hang; the long runs of
// concurrency-check.sh need more than the build's 2-minute default per test.
@Timeout(value = 60, unit = TimeUnit.MINUTES)
class ReorderWindowLincheckTest {
  private static final int INVOCATIONS = Integer.getInteger("conclab.lincheck.invocations", 100);

  private static FetchResult row(long index) {
    return FetchResult.failure(index, "http://x/" + index, Duration.ZERO, ErrorKind.values()[0], "row " + index);
  }

  /**
   * A producer reserves four indexes through a window of two; two completers finish them in
   * opposite orders; the consumer takes rows until the end.
   */
  @Test
  void rowsComeOutInInputOrder_underEveryInterleaving() {
    Lincheck.runConcurrentTest(
        INVOCATIONS,
        () -> {
          ReorderWindow w = new ReorderWindow(2);
          List<Long> taken = new ArrayList<>();
          Thread consumer =
              new Thread(
                  () -> {
                    try {
                      @Nullable FetchResult r;
                      while ((r = w.take()) != null) {
                        taken.add(r.index());
                      }
                    } catch (InterruptedException e) {
                      throw new IllegalStateException(e);
                    }
                  });
          consumer.start();
          Thread completer;
          try {
            long i0 = w.reserve();
            long i1 = w.reserve();
            completer = new Thread(() -> w.complete(i1, row(i1)));
            completer.start();
            w.complete(i0, row(i0));
            long i2 = w.reserve(); // waits for the consumer to take row 0
            long i3 = w.reserve();
            w.complete(i3, row(i3));
            w.complete(i2, row(i2));
            w.inputDone(null);
            completer.join();
            consumer.join();
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
          // plain checks: Lincheck traces the objects AssertJ would create here
          if (!taken.equals(List.of(0L, 1L, 2L, 3L))) {
            throw new AssertionError("rows taken in the order " + taken);
          }
          if (w.maxHeld() > 2) {
            throw new AssertionError("held " + w.maxHeld() + " rows in a window of 2");
          }
        });
  }
}
