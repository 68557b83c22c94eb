package dev.conclab.pool.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How results reach the caller ({@code map}, {@code imap}, {@code imapUnordered}, {@code apply}),
 * without a worker JVM: a fake queue "runs" each chunk by squaring its items, when and in the
 * order each test says.
 */
@Timeout(30)
class DeliveryTest {
  /** A queue whose worker squares integers; chunks are completed by {@link #onSubmit}. */
  static final class FakeQueue implements ChunkQueue {
    final List<Chunk> submitted = new ArrayList<>();
    final List<List<?>> items = new ArrayList<>();
    int finished;
    int cancelled;
    int maxInFlight = 100;
    Consumer<FakeQueue> onSubmit = q -> {};
    private long ids;
    private int completed;

    @Override
    public Chunk encode(Job job, int index, List<?> chunkItems) {
      for (int i = 0; i < chunkItems.size(); i++) {
        if ("unsendable".equals(chunkItems.get(i))) {
          throw new IllegalArgumentException("cannot send item " + (index + i) + " to a worker");
        }
      }
      items.add(new ArrayList<>(chunkItems));
      return new Chunk(job, ids++, index, chunkItems.size(), new byte[0]);
    }

    @Override
    public void submit(List<Chunk> chunks) {
      submitted.addAll(chunks);
      onSubmit.accept(this);
    }

    @Override
    public void finish(Job job) {
      finished++;
    }

    @Override
    public void cancel(Job job) {
      job.cancelled = true;
      cancelled++;
    }

    @Override
    public int maxInFlight() {
      return maxInFlight;
    }

    /** Completes a chunk as the worker would: each item squared. */
    void complete(Chunk c) {
      @Nullable Object[] rs = new Object[c.count];
      List<?> in = items.get((int) c.id);
      for (int i = 0; i < c.count; i++) {
        int n = (Integer) in.get(i);
        rs[i] = n * n;
      }
      c.job.chunkDone(c, rs);
    }

    /** Completes every chunk submitted since the last call, in order. */
    static void completeNew(FakeQueue q) {
      while (q.completed < q.submitted.size()) {
        q.complete(q.submitted.get(q.completed++));
      }
    }

    /** Once {@code total} chunks are in, completes them all, the last first. */
    static Consumer<FakeQueue> completeInReverseAfter(int total) {
      return q -> {
        if (q.submitted.size() == total) {
          List<Chunk> reversed = new ArrayList<>(q.submitted);
          Collections.reverse(reversed);
          reversed.forEach(q::complete);
        }
      };
    }
  }

  private final FakeQueue queue = new FakeQueue();

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  private static List<Integer> range(int n) {
    return IntStream.range(0, n).boxed().toList();
  }

  private static List<@Nullable Object> drain(Iterator<@Nullable Object> it) {
    List<@Nullable Object> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  @Test
  void orderedImap_returnsResultsInInputOrder_whenChunksFinishInReverse() {
    queue.onSubmit = FakeQueue.completeInReverseAfter(5);
    Iterator<@Nullable Object> it = new OrderedImap(queue, 1, new byte[0], range(10).iterator(), 2);
    assertThat(drain(it)).containsExactly(0, 1, 4, 9, 16, 25, 36, 49, 64, 81);
    assertThat(queue.finished).as("the function is forgotten once, at the end").isEqualTo(1);
    assertThat(it.hasNext()).isFalse();
    assertThat(queue.finished).isEqualTo(1);
  }

  @Test
  void unorderedImap_returnsChunksInCompletionOrder_eachChunkInInputOrder() {
    queue.onSubmit = FakeQueue.completeInReverseAfter(5);
    Iterator<@Nullable Object> it = new UnorderedImap(queue, 1, new byte[0], range(10).iterator(), 2);
    assertThat(drain(it)).containsExactly(64, 81, 36, 49, 16, 25, 4, 9, 0, 1);
    assertThat(queue.finished).isEqualTo(1);
  }

  @Test
  void imap_onAnInfiniteSource_keepsAtMostMaxInFlightChunksAheadOfTheConsumer() {
    queue.maxInFlight = 3;
    queue.onSubmit = FakeQueue::completeNew;
    Iterator<Integer> naturals = IntStream.iterate(0, i -> i + 1).iterator();
    Iterator<@Nullable Object> it = new OrderedImap(queue, 1, new byte[0], naturals, 1);
    for (int i = 0; i < 10; i++) {
      assertThat(it.next()).isEqualTo(i * i);
    }
    assertThat(queue.submitted).hasSize(10 + 3);
  }

  @Test
  void imap_anItemThatCannotBeSent_failsAtItsPosition_whileTheOthersStillRun() {
    queue.onSubmit = FakeQueue::completeNew;
    List<Object> items = List.of(0, 1, "unsendable", 3);
    Iterator<@Nullable Object> it = new OrderedImap(queue, 1, new byte[0], items.iterator(), 4);
    assertThat(it.next()).isEqualTo(0);
    assertThat(it.next()).isEqualTo(1);
    assertThatThrownBy(it::next).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("item 2");
    assertThat(it.next()).isEqualTo(9);
    assertThat(it.hasNext()).isFalse();
    assertThat(queue.items).as("the sendable items still travel in as few chunks as possible")
        .containsExactly(List.of(0, 1), List.of(3));
  }

  @Test
  void imap_interruptedWhileWaiting_cancelsTheJob_keepsTheInterrupt_andLaterCallsThrow() {
    Iterator<@Nullable Object> it = new OrderedImap(queue, 1, new byte[0], range(4).iterator(), 1);
    Thread.currentThread().interrupt();
    assertThatThrownBy(it::hasNext).isInstanceOf(CancellationException.class).hasMessageContaining("interrupted");
    assertThat(Thread.interrupted()).isTrue();
    assertThat(queue.cancelled).isEqualTo(1);
    assertThat(queue.finished).isEqualTo(1);
    assertThatThrownBy(it::hasNext).isInstanceOf(CancellationException.class).hasMessageContaining("cancelled");
  }

  @Test
  void map_returnsResultsInInputOrder_whenChunksFinishInReverse() {
    queue.onSubmit = FakeQueue.completeInReverseAfter(4);
    MapJob job = new MapJob(queue, 1, new byte[0], 7);
    assertThat(job.run(range(7), 2)).containsExactly(0, 1, 4, 9, 16, 25, 36);
    assertThat(queue.items).containsExactly(List.of(0, 1), List.of(2, 3), List.of(4, 5), List.of(6));
    assertThat(queue.finished).isEqualTo(1);
  }

  @Test
  void map_throwsTheFirstFailureInInputOrder_afterEveryChunkEnded() {
    IllegalStateException first = new IllegalStateException("first");
    queue.onSubmit =
        q -> {
          Chunk a = q.submitted.get(0);
          Chunk b = q.submitted.get(1);
          Chunk c = q.submitted.get(2);
          c.job.chunkDone(c, new Object[] {new Failure(new IllegalStateException("later"))});
          q.complete(a);
          b.job.chunkDone(b, new Object[] {new Failure(first)});
        };
    MapJob job = new MapJob(queue, 1, new byte[0], 3);
    assertThatThrownBy(() -> job.run(range(3), 1)).isSameAs(first);
  }

  @Test
  void map_interrupted_cancelsItsQueuedChunks_andKeepsTheInterrupt() {
    MapJob job = new MapJob(queue, 1, new byte[0], 3);
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> job.run(range(3), 1)).isInstanceOf(CancellationException.class);
    assertThat(Thread.interrupted()).isTrue();
    assertThat(job.cancelled).isTrue();
    assertThat(queue.finished).isEqualTo(1);
  }

  @Test
  void map_ofNothing_sendsNothing() {
    assertThat(new MapJob(queue, 1, new byte[0], 0).run(List.of(), 1)).isEmpty();
    assertThat(queue.submitted).isEmpty();
  }

  @Test
  void apply_completesItsFutureWithTheValue_onTheCompleter_andForgetsTheFunction() throws Exception {
    List<Runnable> completions = new ArrayList<>();
    queue.onSubmit = q -> q.submitted.get(0).job.chunkDone(q.submitted.get(0), new Object[] {"done"});
    CompletableFuture<@Nullable Object> f = new ApplyJob(queue, 1, new byte[0], completions::add).submit();
    assertThat(f).as("not completed on the reader's thread").isNotDone();
    assertThat(queue.finished).isEqualTo(1);
    completions.forEach(Runnable::run);
    assertThat(f.get()).isEqualTo("done");
  }

  @Test
  void apply_aFailedTask_failsItsFutureWithTheTasksException() {
    IllegalStateException boom = new IllegalStateException("boom");
    queue.onSubmit = q -> q.submitted.get(0).job.chunkDone(q.submitted.get(0), new Object[] {new Failure(boom)});
    CompletableFuture<@Nullable Object> f = new ApplyJob(queue, 1, new byte[0], Runnable::run).submit();
    assertThatThrownBy(f::get).isInstanceOf(ExecutionException.class).hasCause(boom);
  }
}
