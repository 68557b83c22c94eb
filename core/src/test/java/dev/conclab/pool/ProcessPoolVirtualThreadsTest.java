package dev.conclab.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * An open pool leaves this JVM's virtual threads their carriers: its threads that copy the
 * workers' output block in pipe reads all the time, and as virtual threads they held carriers, so
 * that with two workers the JVM's virtual threads ran one at a time.
 */
class ProcessPoolVirtualThreadsTest {

  @Test
  void openPool_virtualThreadsStillRunTogether() throws Exception {
    try (ProcessPool pool = ProcessPool.builder().workers(2).name("vt").build()) {
      pool.map(PoolTasks::square, java.util.List.of(1, 2, 3, 4));
      int carriers = Math.min(2, Runtime.getRuntime().availableProcessors());
      AtomicInteger started = new AtomicInteger();
      AtomicInteger together = new AtomicInteger();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      Thread[] ts = new Thread[carriers];
      for (int i = 0; i < ts.length; i++) {
        ts[i] = Thread.ofVirtual().start(() -> {
          started.incrementAndGet();
          // spin without parking: only as many of these run at once as there are free carriers
          while (started.get() < carriers && System.nanoTime() < deadline) {
            Thread.onSpinWait();
          }
          if (started.get() >= carriers) {
            together.incrementAndGet();
          }
        });
      }
      for (Thread t : ts) {
        assertThat(t.join(java.time.Duration.ofSeconds(30))).isTrue();
      }
      assertThat(together.get()).as("virtual threads that ran while %d others did", carriers - 1).isEqualTo(carriers);
    }
  }
}
