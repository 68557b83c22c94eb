package dev.conclab.pool;

import java.util.concurrent.CountDownLatch;

/**
 * A parent JVM for {@link ParentDeathTest}: starts a two-worker pool, prints its worker pids on
 * one line, then waits until it is killed.
 */
public final class OrphanParentMain {
  private OrphanParentMain() {}

  public static void main(String[] args) throws InterruptedException {
    ProcessPool pool = ProcessPool.create(2);
    StringBuilder sb = new StringBuilder("PIDS");
    for (long pid : pool.workerPids()) {
      sb.append(' ').append(pid);
    }
    System.out.println(sb);
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
