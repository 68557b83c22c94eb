package dev.conclab.gil;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The drop request with real threads, many times over, the way jcstress runs a race: Lincheck's
 * model checker cannot check it, because it replaces {@code System.nanoTime()} with a constant
 * (so no timed wait ever runs out and no waiter ever sets the request; see docs/hardening.md).
 * "Lost" here means a request that a holder spinning on {@link Gil#check()} never answers (the
 * trial then does not end, and its bounded wait fails); "stale" a request still set when nobody
 * waits any more.
 */
@Timeout(value = 120, unit = SECONDS)
class GilDropRequestTest {
  private static final int TRIALS = 200;
  private static final Duration TRIAL_BOUND = Duration.ofSeconds(20);

  private static Gil gil() {
    return Gil.builder().switchInterval(Duration.ofNanos(20_000)).build();
  }

  /**
   * A holder that never releases on its own, only spins on {@code check()} until every waiter has
   * been in: each waiter (interruptible or not) gets in through a drop request, and the holder
   * gets the GIL back.
   */
  @Test
  void holderSpinningOnCheck_letsEveryWaiterIn_andNoRequestIsLeftOver() throws Exception {
    for (int trial = 0; trial < TRIALS; trial++) {
      Gil gil = gil();
      int waiters = 1 + trial % 3;
      AtomicInteger in = new AtomicInteger();
      CompletableFuture<Void> holding = new CompletableFuture<>();
      List<CompletableFuture<Void>> done = new ArrayList<>();
      done.add(run("holder", () -> {
        gil.acquireUninterruptibly();
        holding.complete(null);
        while (in.get() < waiters) {
          Gil.check();
        }
        if (!gil.isHeldByCurrentThread()) {
          throw new AssertionError("check() returned without the GIL");
        }
        gil.release();
      }));
      holding.get(TRIAL_BOUND.toSeconds(), SECONDS);
      for (int w = 0; w < waiters; w++) {
        boolean interruptible = (trial + w) % 2 == 0;
        done.add(run("waiter-" + w, () -> {
          if (interruptible) {
            gil.acquire();
          } else {
            gil.acquireUninterruptibly();
          }
          in.incrementAndGet();
          gil.release();
        }));
      }
      awaitAll(done, "trial " + trial + " with " + waiters + " waiters");

      GilStats stats = gil.stats();
      assertThat(in.get()).isEqualTo(waiters);
      assertThat(stats.forcedDrops()).as("the holder let a waiter in only when asked").isPositive();
      assertThat(stats.dropRequests()).isGreaterThanOrEqualTo(stats.forcedDrops());
      assertThat(gil.isDropRequested()).as("a request left over after trial " + trial).isFalse();
    }
  }

  /**
   * The holder releases on its own after a random number of checks, racing with the waiter's
   * request: the release returns, the waiter gets in, and no request is left over.
   */
  @Test
  void voluntaryReleaseRacingTheRequest_neitherHangsNorLeavesTheRequestSet() throws Exception {
    for (int trial = 0; trial < TRIALS; trial++) {
      Gil gil = gil();
      int checks = ThreadLocalRandom.current().nextInt(2_000);
      CompletableFuture<Void> holding = new CompletableFuture<>();
      AtomicInteger waiterIn = new AtomicInteger();
      List<CompletableFuture<Void>> done = new ArrayList<>();
      done.add(run("holder", () -> {
        gil.acquireUninterruptibly();
        holding.complete(null);
        for (int i = 0; i < checks; i++) {
          Gil.check();
        }
        gil.release();
      }));
      holding.get(TRIAL_BOUND.toSeconds(), SECONDS);
      done.add(run("waiter", () -> {
        gil.acquire();
        waiterIn.incrementAndGet();
        gil.release();
      }));
      awaitAll(done, "trial " + trial + " with " + checks + " checks");

      assertThat(waiterIn.get()).isEqualTo(1);
      assertThat(gil.isDropRequested()).as("a request left over after trial " + trial).isFalse();
    }
  }

  /**
   * The only waiter gives up (interrupted) after it set a request: the request is withdrawn, and
   * the holder's next {@code check()} keeps the GIL instead of waiting for a waiter that is gone.
   */
  @Test
  void lastWaiterInterrupted_withdrawsItsRequest_andTheHolderKeepsTheGil() throws Exception {
    Gil gil = gil();
    gil.acquire();
    AtomicReference<Throwable> outcome = new AtomicReference<>();
    Thread waiter = Thread.ofPlatform().name("waiter").start(() -> {
      try {
        gil.acquire();
        outcome.set(new AssertionError("acquired while the holder held it"));
      } catch (Throwable t) {
        outcome.set(t);
      }
    });
    try {
      await().atMost(TRIAL_BOUND).until(gil::isDropRequested);

      waiter.interrupt();
      waiter.join(TRIAL_BOUND);

      assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
      assertThat(gil.isDropRequested()).as("the gone waiter's request").isFalse();
      Gil.check();
      assertThat(gil.isHeldByCurrentThread()).isTrue();
      assertThat(gil.stats().forcedDrops()).isZero();
    } finally {
      gil.release();
    }
  }

  private interface Body {
    void run() throws Exception;
  }

  private static CompletableFuture<Void> run(String name, Body body) {
    CompletableFuture<Void> f = new CompletableFuture<>();
    Thread.ofPlatform().name(name).start(() -> {
      try {
        body.run();
        f.complete(null);
      } catch (Throwable t) {
        f.completeExceptionally(t);
      }
    });
    return f;
  }

  private static void awaitAll(List<CompletableFuture<Void>> done, String what) throws Exception {
    try {
      CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(TRIAL_BOUND.toSeconds(), SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError(what + " did not end in " + TRIAL_BOUND + ": a drop request was lost", e);
    }
  }
}
