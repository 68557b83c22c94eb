package dev.conclab.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The tasks {@link ExecutionModelContract} runs. They are static methods, so method references
 * to them are serializable and also run in worker JVMs or on cluster members; their only side
 * effects are files, visible from every process on the machine.
 */
public final class ContractTasks {
  private ContractTasks() {}

  public static Integer square(Integer n) {
    return n * n;
  }

  /** Squares n after a short pause that is longer for smaller n, so later items finish first. */
  public static Integer squareSlowFirst(Integer n) {
    sleep(Math.max(0, 20 - n));
    return n * n;
  }

  /** Fails for the items 3 and 7 ("boom 3", "boom 7"); squares the others. */
  public static Integer failOnThreeAndSeven(Integer n) {
    if (n == 3 || n == 7) {
      throw new IllegalArgumentException("boom " + n);
    }
    return n * n;
  }

  /** Creates the file named by the item, or fails if its name ends with {@code -3}. */
  public static String touchUnlessThree(String path) {
    if (path.endsWith("-3")) {
      throw new IllegalArgumentException("boom " + path);
    }
    sleep(20);
    try {
      Files.createFile(Path.of(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return path;
  }

  /** Sleeps the given number of milliseconds; on interrupt, keeps the flag set and fails. */
  public static Integer sleepMillis(Integer millis) {
    sleep(millis);
    return millis;
  }

  public static String blockingForm(Integer n) {
    return "blocking";
  }

  public static CompletionStage<String> nonBlockingForm(Integer n, EventLoop loop) {
    return CompletableFuture.completedFuture("non-blocking");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
