package dev.conclab.lab.workload;

import dev.conclab.gil.Gil;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Where workloads meet the emulated GIL: {@link #check()} is the eval loop's periodic check that
 * CPU workloads call in their inner loops, and {@link #released} runs a blocking I/O call with the
 * lock released, as CPython does around system calls. Outside the {@code gil} model both cost
 * next to nothing.
 *
 * <p>Thread-safe.
 */
public final class GilPoint {
  private GilPoint() {}

  /** A blocking call that may throw an I/O error or be interrupted. */
  @FunctionalInterface
  public interface BlockingCall<V> {
    V call() throws IOException, InterruptedException;
  }

  /** Gives the GIL away if another thread asked for it and the switch interval has passed. */
  public static void check() {
    Gil.check();
  }

  /**
   * Runs {@code call} with the GIL released (when the calling thread holds it) and returns its
   * value. Blocks for as long as the call does.
   *
   * @throws UncheckedIOException if the call threw an {@link IOException}
   * @throws IllegalStateException if the call was interrupted; the interrupt flag is set again
   */
  public static <V> V released(BlockingCall<V> call) {
    try {
      return Gil.<V, Exception>released(call::call);
    } catch (RuntimeException e) {
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
