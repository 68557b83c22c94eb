package dev.conclab.pool.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conclab.pool.WorkerDeathPolicy;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dispatch windows and the chunk queue, without a worker JVM: each link is the parent's end of a
 * local socket whose other end the test reads as the worker would.
 */
@Timeout(30)
class DispatcherTest {
  @TempDir Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();
  private final PoolState st = new PoolState();
  private final Dispatcher d = new Dispatcher(config(0), filter(), st);
  private int sockets;

  /** A worker's end of a link: what the parent sent. */
  record Peer(Link link, DataInputStream in) {
    byte nextType() throws IOException {
      return Wire.read(in, 1 << 20).type();
    }
  }

  @AfterEach
  void closeSockets() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  /** Runs {@code body} with the pool's lock held, as the engine's threads do. */
  private void locked(Body body) throws IOException {
    st.lock.lock();
    try {
      body.run();
    } finally {
      st.lock.unlock();
    }
  }

  @FunctionalInterface
  private interface Body {
    void run() throws IOException;
  }

  private static PoolConfig config(int maxTasksPerChild) {
    return new PoolConfig(
        "test", 2, null, maxTasksPerChild, List.of(), null, WorkerDeathPolicy.REPLACE, "", List.of(),
        1 << 20, line -> {}, Duration.ofSeconds(30), true, 0);
  }

  private Peer peer() throws IOException {
    UnixDomainSocketAddress addr = UnixDomainSocketAddress.of(dir.resolve("s" + sockets++));
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(addr);
    open.add(server);
    SocketChannel worker = SocketChannel.open(addr);
    open.add(worker);
    SocketChannel parent = server.accept();
    open.add(parent);
    Link l = new Link(Workers.placeholderProcess(), parent, List.of(), Link.input(parent));
    l.ready = true;
    st.links.add(l);
    return new Peer(l, Link.input(worker));
  }

  private static final class TestJob extends Job {
    final List<Chunk> done = new ArrayList<>();

    TestJob(Dispatcher d) {
      super(d.newId(), new Frames.Fn(1, List.of(), new byte[] {1}).encode());
    }

    @Override
    void chunkDone(Chunk c, @Nullable Object[] results) {
      done.add(c);
    }
  }

  /** A job of {@code n} one-item chunks, submitted. */
  private TestJob submitted(int n) {
    TestJob job = new TestJob(d);
    d.submit(chunks(d, job, n));
    return job;
  }

  private static List<Chunk> chunks(Dispatcher d, Job job, int n) {
    return IntStream.range(0, n).mapToObj(i -> d.encode(job, i, List.of(i))).toList();
  }

  @Test
  void aNewWorker_holdsWindowChunks_andGetsTheFunctionOnceBeforeItsFirstTask() throws IOException {
    Peer p = peer();
    TestJob job = new TestJob(d);
    d.submit(chunks(d, job, 5));
    assertThat(p.link().outstanding).hasSize(Dispatcher.WINDOW);
    assertThat(List.of(p.nextType(), p.nextType(), p.nextType())).containsExactly(Wire.FN, Wire.TASK, Wire.TASK);
    assertThat(job.holders).containsExactly(p.link());
  }

  @Test
  void aFastWorker_holdsTheFastWindow_aSlowOneOnlyTheChunkItRuns() throws IOException {
    Peer fast = peer();
    fast.link().fast = true;
    Peer slow = peer();
    slow.link().avgChunkNanos = Dispatcher.SLOW_CHUNK_NANOS + 1;
    d.submit(chunks(d, new TestJob(d), 40));
    assertThat(fast.link().outstanding).hasSize(Dispatcher.FAST_WINDOW);
    assertThat(slow.link().outstanding).hasSize(1);
    locked(
        () -> {
          assertThat(d.hasWorkLocked()).isTrue();
          assertThat(d.drainLocked()).hasSize(40);
          assertThat(d.hasWorkLocked()).isFalse();
        });
  }

  @Test
  void slowResults_narrowTheWindowToOne_andAResultForAnotherChunkBreaksTheProtocol() throws IOException {
    Peer p = peer();
    d.submit(chunks(d, new TestJob(d), 4));
    Link l = p.link();
    Chunk head = l.outstanding.getFirst();
    locked(
        () -> {
          assertThatThrownBy(() -> d.completeHeadLocked(l, head.id + 1, "ok"))
              .isInstanceOf(IOException.class)
              .hasMessageContaining("unknown chunk");
          l.headStart = System.nanoTime() - 2 * Dispatcher.SLOW_CHUNK_NANOS;
          assertThat(d.completeHeadLocked(l, head.id, "ok")).isSameAs(head);
          assertThat(l.avgChunkNanos).isGreaterThan(Dispatcher.SLOW_CHUNK_NANOS);
          assertThat(l.fast).isFalse();
          assertThat(Dispatcher.window(l)).isEqualTo(1);
          assertThat(d.dispatchLocked()).as("it still holds one chunk: no room").isEmpty();
          assertThat(l.outstanding).hasSize(1);
        });
  }

  @Test
  void sparesAndWorkersNotReady_getNoTasks_andReadyWorkersShareTheQueue() throws IOException {
    Peer spare = peer();
    spare.link().spare = true;
    Peer booting = peer();
    booting.link().ready = false;
    Peer a = peer();
    Peer b = peer();
    d.submit(chunks(d, new TestJob(d), 4));
    assertThat(spare.link().outstanding).isEmpty();
    assertThat(booting.link().outstanding).isEmpty();
    assertThat(a.link().outstanding).hasSize(2);
    assertThat(b.link().outstanding).hasSize(2);
  }

  @Test
  void maxTasksPerChild_capsWhatAWorkerIsSent() throws IOException {
    Dispatcher capped = new Dispatcher(config(3), filter(), st);
    Peer p = peer();
    p.link().fast = true;
    capped.submit(chunks(capped, new TestJob(capped), 5));
    assertThat(p.link().outstanding).hasSize(3);
    assertThat(p.link().sent).isEqualTo(3);
  }

  @Test
  void aLostWorkersQueuedChunks_goBackToTheFrontOfTheQueue_inOrder() throws IOException {
    Peer lost = peer();
    lost.link().fast = true;
    TestJob job = new TestJob(d);
    List<Chunk> cs = chunks(d, job, 4);
    d.submit(cs);
    Peer next = peer();
    locked(
        () -> {
          st.links.remove(lost.link());
          assertThat(d.takeHeadAndRequeueLocked(lost.link(), "crashed")).isSameAs(cs.get(0));
          assertThat(lost.link().outstanding).isEmpty();
          d.dispatchLocked();
        });
    assertThat(next.link().outstanding).containsExactly(cs.get(1), cs.get(2));
  }

  @Test
  void aCancelledJobsQueuedChunks_areDropped() throws IOException {
    Peer p = peer();
    TestJob job = submitted(4);
    d.cancel(job);
    List<Chunk> held = new ArrayList<>(p.link().outstanding);
    Peer later = peer();
    locked(
        () -> {
          d.dispatchLocked();
          assertThat(later.link().outstanding).isEmpty();
          assertThat(d.drainLocked()).as("only the chunks already sent are left").containsExactlyElementsOf(held);
        });
  }

  @Test
  void finish_sendsForgetToEachWorkerHoldingTheFunction() throws IOException {
    Peer p = peer();
    TestJob job = submitted(1);
    d.finish(job);
    assertThat(List.of(p.nextType(), p.nextType(), p.nextType())).containsExactly(Wire.FN, Wire.TASK, Wire.FORGET);
    assertThat(job.holders).isEmpty();
    assertThat(p.link().fns).isEmpty();
  }

  @Test
  void submit_onceThePoolIsClosed_isRefused_namingWhy() throws IOException {
    List<Chunk> cs = chunks(d, new TestJob(d), 1);
    st.state = PoolState.SHUTDOWN;
    assertThatThrownBy(() -> d.submit(cs)).isInstanceOf(IllegalStateException.class).hasMessage("the pool is closed");
    st.brokenReason = new IllegalStateException("no workers");
    assertThatThrownBy(() -> d.submit(cs)).hasMessage("the pool is broken: no workers");
  }

  @Test
  void encode_overTheMessageLimit_failsNamingTheItems() {
    byte[] big = new byte[(1 << 20) + 1];
    assertThatThrownBy(() -> d.encode(new TestJob(d), 4, List.of(big)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("items 4..4 encode to")
        .hasMessageContaining("message limit of " + (1 << 20));
  }

  private static SerialFilter filter() {
    return config(0).newFilter();
  }
}
