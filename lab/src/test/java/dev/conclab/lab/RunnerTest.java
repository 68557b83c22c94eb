package dev.conclab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class RunnerTest {
  /** Keeps the allocations below from being optimised away. */
  private static volatile @Nullable Object sink;

  private static long collections() {
    long n = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      n += Math.max(0, gc.getCollectionCount());
    }
    return n;
  }

  @Test
  void aRunStartsWithAFullCollectionOnlyWhenEarlierRunsLeftGarbage() {
    Runner.collectIfDirty(); // whatever the earlier tests left
    Runner.collectIfDirty();
    long before = collections();
    Runner.collectIfDirty();
    assertThat(collections()).as("nothing left since the last collection").isEqualTo(before);

    // Twice the threshold, held by this method until the check: a young collection on the way
    // cannot bring the heap in use back under the level after the last full collection.
    Object[] garbage = new Object[(int) (2 * Runner.GARBAGE_BYTES / (1 << 20))];
    for (int i = 0; i < garbage.length; i++) {
      garbage[i] = new byte[1 << 20];
    }
    sink = garbage;
    long held = collections();
    sink = null;
    Runner.collectIfDirty();
    assertThat(collections()).as("a collection for the garbage").isGreaterThan(held);
  }
}
