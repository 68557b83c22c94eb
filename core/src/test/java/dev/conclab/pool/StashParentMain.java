package dev.conclab.pool;

import static org.awaitility.Awaitility.await;

import dev.conclab.pool.internal.WorkerStash;
import java.time.Duration;

/**
 * A parent JVM for {@link ProcessPoolStashTest}: runs and closes a pool that fills the warm
 * stash, prints the stashed workers' pids on one line and returns from {@code main}, so the JVM
 * exits with the stash still full. With the argument {@code kill} it waits to be killed instead.
 */
public final class StashParentMain {
  private StashParentMain() {}

  public static void main(String[] args) throws InterruptedException {
    try (ProcessPool pool = ProcessPool.builder().workers(2).warmStash(true).build()) {
      var unused = pool.map(PoolTasks::square, java.util.List.of(1, 2, 3));
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> WorkerStash.pids().size() >= 2);
    StringBuilder sb = new StringBuilder("PIDS");
    for (long pid : WorkerStash.pids()) {
      sb.append(' ').append(pid);
    }
    System.out.println(sb);
    System.out.flush();
    if (args.length > 0 && args[0].equals("kill")) {
      new java.util.concurrent.CountDownLatch(1).await();
    }
  }
}
