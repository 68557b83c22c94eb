package dev.conclab.aio;

import static dev.conclab.aio.AioTest.sleepThen;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

class SyncPrimitivesTest {

  @Test
  void semaphore_limitsHowManyTasksAreInside() {
    int[] inside = new int[1];
    int[] maxInside = new int[1];

    Aio.run(() -> {
      Semaphore sem = new Semaphore(3);
      List<Task<Integer>> tasks = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        tasks.add(Aio.createTask(() -> sem.withPermit(() -> {
          inside[0]++;
          maxInside[0] = Math.max(maxInside[0], inside[0]);
          Aio.sleep(Duration.ofMillis(5));
          inside[0]--;
          return 1;
        })));
      }
      Aio.gather(tasks);
      assertThat(sem.availablePermits()).isEqualTo(3);
    });

    assertThat(maxInside[0]).isEqualTo(3);
  }

  @Test
  void semaphore_waiterCancelled_doesNotTakeAPermit() {
    Aio.run(() -> {
      Semaphore sem = new Semaphore(1);
      sem.acquire();
      Task<Void> waiter = Aio.createTask(sem::acquire);
      Aio.yieldNow();
      assertThat(sem.locked()).isTrue();
      waiter.cancel();
      assertThatThrownBy(waiter::await).isInstanceOf(CancellationException.class);
      sem.release();
      assertThat(sem.tryAcquire()).isTrue();
    });
  }

  @Test
  void semaphore_negativePermits_isRejected() {
    assertThatThrownBy(() -> new Semaphore(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
  }

  @Test
  void queue_producerAndConsumer_passItemsInOrder() {
    List<Integer> got = Aio.run(() -> {
      Queue<Integer> q = new Queue<>(2);
      Task<Void> producer = Aio.createTask(() -> {
        for (int i = 0; i < 10; i++) {
          q.put(i);
        }
        q.shutdown();
      });
      List<Integer> out = new ArrayList<>();
      try {
        while (true) {
          out.add(q.get());
        }
      } catch (QueueShutDownException e) {
        producer.await();
      }
      return out;
    });

    assertThat(got).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
  }

  @Test
  void queue_bounded_putSuspendsUntilAGetMakesRoom() {
    List<String> log = Aio.run(() -> {
      List<String> l = new ArrayList<>();
      Queue<String> q = new Queue<>(1);
      q.put("a");
      Task<Void> putter = Aio.createTask(() -> {
        q.put("b");
        l.add("put b");
      });
      Aio.yieldNow();
      l.add("full=" + q.full());
      l.add("got " + q.get());
      putter.await();
      l.add("got " + q.get());
      return l;
    });

    assertThat(log).containsExactly("full=true", "got a", "put b", "got b");
  }

  @Test
  void queue_shutdown_getDrainsRemainingItemsThenThrows_andPutThrows() {
    Aio.run(() -> {
      Queue<Integer> q = new Queue<>();
      q.put(1);
      q.put(2);
      q.shutdown();
      assertThatThrownBy(() -> q.put(3)).isInstanceOf(QueueShutDownException.class);
      assertThat(q.get()).isEqualTo(1);
      assertThat(q.getNowait()).isEqualTo(2);
      assertThatThrownBy(q::get).isInstanceOf(QueueShutDownException.class);
    });
  }

  @Test
  void queue_shutdownImmediate_discardsItems_andWakesWaitingGetters() {
    Aio.run(() -> {
      Queue<Integer> q = new Queue<>();
      Queue<Integer> empty = new Queue<>();
      q.put(1);
      Task<Integer> getter = Aio.createTask(empty::get);
      Aio.yieldNow();
      q.shutdown(true);
      empty.shutdown(true);
      assertThat(q.isEmpty()).isTrue();
      assertThatThrownBy(q::get).isInstanceOf(QueueShutDownException.class);
      assertThatThrownBy(getter::await).isInstanceOf(QueueShutDownException.class);
      q.join();
    });
  }

  @Test
  void queue_nowaitForms_failWithoutSuspending() {
    Aio.run(() -> {
      Queue<Integer> q = new Queue<>(1);
      assertThatThrownBy(q::getNowait).isInstanceOf(QueueEmptyException.class);
      q.putNowait(1);
      assertThatThrownBy(() -> q.putNowait(2)).isInstanceOf(QueueFullException.class);
    });
  }

  @Test
  void queue_join_waitsUntilEveryItemIsMarkedDone() {
    List<String> log = Aio.run(() -> {
      List<String> l = new ArrayList<>();
      Queue<Integer> q = new Queue<>();
      for (int i = 0; i < 3; i++) {
        q.put(i);
      }
      Aio.createTask(() -> {
        while (true) {
          int item = q.get();
          sleepThen(5, item);
          l.add("done " + item);
          q.taskDone();
        }
      });
      q.join();
      l.add("joined");
      return l;
    });

    assertThat(log).containsExactly("done 0", "done 1", "done 2", "joined");
  }
}
