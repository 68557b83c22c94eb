package dev.conclab.aio;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * {@link Queue} and {@link Semaphore} under any schedule of the tasks of one loop: each input is
 * a program (up to four tasks, each a list of puts, gets, their {@code Nowait} forms, yields,
 * shutdowns, cancellations of another task, and sections holding a semaphore permit), run on a
 * real loop. The primitives are not thread-safe by design (one loop's tasks never run at once),
 * so the interleavings that matter are the tasks' suspension points, and every operation takes
 * effect atomically between two of them. Each effect is checked, when it happens, against a
 * sequential model (a FIFO list, {@code maxSize}, the shutdown flag): every item comes out once,
 * in order, and every exception is the documented one for the model's state. The semaphore never
 * has more holders than permits, and loses none (cancelled waiters included). At the end the
 * queue is shut down and the permits returned, and every task must end within 5 s: a task
 * still waiting then is a lost wake-up.
 *
 * <p>The corpus ({@code QueueSemaphoreScheduleFuzzTestInputs/}) runs in every build; {@code
 * bench/scripts/fuzz.sh aio 10m} fuzzes it.
 */
class QueueSemaphoreScheduleFuzzTest {
  private static final Runner RUNNER = Aio.runner();

  @AfterAll
  static void close() {
    RUNNER.close();
  }

  /** The state the checks compare with: what the queue and the semaphore must hold. */
  private static final class Model {
    final ArrayDeque<Integer> items = new ArrayDeque<>();
    final int maxSize;
    int permits;
    boolean shutDown;
    int holders;
    int nextValue;

    Model(int maxSize, int permits) {
      this.maxSize = maxSize;
      this.permits = permits;
    }

    boolean full() {
      return maxSize > 0 && items.size() >= maxSize;
    }
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new AssertionError(what);
    }
  }

  @FuzzTest(maxDuration = "10s")
  void anySchedule_matchesTheSequentialModel_andNoTaskIsLeftWaiting(FuzzedDataProvider data) {
    int maxSize = data.consumeInt(0, 3);
    int permits = data.consumeInt(1, 2);
    int taskCount = data.consumeInt(1, 4);
    byte[][] programs = new byte[taskCount][];
    for (int i = 0; i < taskCount; i++) {
      programs[i] = data.consumeBytes(8);
    }
    runProgram(maxSize, permits, programs);
  }

  static void runProgram(int maxSize, int permits, byte[][] programs) {
    RUNNER.run(
        () -> {
          Queue<Integer> q = new Queue<>(maxSize);
          Semaphore sem = new Semaphore(permits);
          Model m = new Model(maxSize, permits);
          List<Task<Void>> tasks = new ArrayList<>();
          for (byte[] program : programs) {
            tasks.add(Aio.createTask(() -> runTask(program, q, sem, m, tasks)));
          }
          // Let the tasks run until they end or wait (each op yields at most twice).
          for (int i = 0; i < 64; i++) {
            Aio.yieldNow();
          }
          // Wake everybody still waiting: every get and put fails, every acquire gets a permit.
          q.shutdown(true);
          m.items.clear();
          m.shutDown = true;
          for (int i = 0; i < tasks.size(); i++) {
            sem.release();
            m.permits++;
          }
          List<Outcome<Void>> outcomes =
              Aio.timeout(Duration.ofSeconds(5), () -> Aio.gatherOutcomes(tasks));
          for (Outcome<Void> o : outcomes) {
            if (o instanceof Outcome.Failure<Void> f && !(f.error() instanceof CancellationException)) {
              throw new AssertionError("a task failed: " + f.error(), f.error());
            }
          }
          check(q.isEmpty(), "items left after an immediate shutdown");
          check(m.holders == 0, m.holders + " permit holders left");
          check(sem.availablePermits() == m.permits,
              "permits: " + sem.availablePermits() + ", expected " + m.permits);
          return null;
        });
  }

  /** Checks that {@code op} took the model's head, and takes it off the model. */
  private static void checkHead(Model m, String op, Integer got) {
    Integer expected = m.items.pollFirst();
    check(got.equals(expected), op + " returned " + got + ", the model's head is " + expected);
  }

  private static void runTask(byte[] program, Queue<Integer> q, Semaphore sem, Model m, List<Task<Void>> tasks) {
    for (byte b : program) {
      int op = (b & 0xff) % 10;
      switch (op) {
        case 0 -> {
          int v = m.nextValue++;
          try {
            q.put(v);
            check(!m.shutDown, "put succeeded on a shut-down queue");
            check(!m.full(), "put succeeded on a full queue");
            m.items.addLast(v);
          } catch (QueueShutDownException e) {
            check(m.shutDown, "put failed with ShutDown on an open queue");
          }
        }
        case 1 -> {
          int v = m.nextValue++;
          try {
            q.putNowait(v);
            check(!m.shutDown && !m.full(), "putNowait succeeded on a shut-down or full queue");
            m.items.addLast(v);
          } catch (QueueShutDownException e) {
            check(m.shutDown, "putNowait failed with ShutDown on an open queue");
          } catch (QueueFullException e) {
            check(!m.shutDown && m.full(), "putNowait failed with Full on a queue with room");
          }
        }
        case 2 -> {
          try {
            checkHead(m, "get", q.get());
          } catch (QueueShutDownException e) {
            check(m.shutDown && m.items.isEmpty(), "get failed with ShutDown while items remain");
          }
        }
        case 3 -> {
          try {
            checkHead(m, "getNowait", q.getNowait());
          } catch (QueueShutDownException e) {
            check(m.shutDown && m.items.isEmpty(), "getNowait failed with ShutDown while items remain");
          } catch (QueueEmptyException e) {
            check(!m.shutDown && m.items.isEmpty(), "getNowait failed with Empty on a non-empty queue");
          }
        }
        case 4 -> Aio.yieldNow();
        case 5 -> {
          q.shutdown(false);
          m.shutDown = true;
        }
        case 6 -> {
          q.shutdown(true);
          m.shutDown = true;
          m.items.clear();
        }
        case 7 -> {
          Task<Void> victim = tasks.get(((b & 0xff) / 10) % tasks.size());
          if (victim != Aio.currentTask()) {
            victim.cancel();
          }
        }
        case 8 ->
            sem.withPermit(
                () -> {
                  m.holders++;
                  try {
                    check(m.holders <= m.permits, m.holders + " holders of " + m.permits + " permits");
                    Aio.yieldNow();
                  } finally {
                    m.holders--;
                  }
                  return null;
                });
        default -> {
          if (sem.tryAcquire()) {
            m.holders++;
            m.holders--;
            sem.release();
          }
        }
      }
      check(q.size() == m.items.size(), "queue size " + q.size() + ", model " + m.items.size());
      check(m.maxSize == 0 || q.size() <= m.maxSize, "queue over maxSize");
    }
  }

  @Test
  void aGetterCancelledAfterBeingWoken_doesNotLoseTheItem() {
    // task 0: get (waits); task 1: put, cancel task 0, then get: the item goes to one of them
    runProgram(1, 1, new byte[][] {{2}, {0, 7, 2}});
  }

  @Test
  void waitersOnAFullQueueAndAnEmptyOne_allEndAtShutdown() {
    runProgram(1, 1, new byte[][] {{0, 0, 0}, {2, 2, 2, 2}, {8, 8}});
  }
}
