package dev.conclab.pool.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jspecify.annotations.Nullable;

/**
 * The parent's end of one worker, like {@code ThreadPoolExecutor.Worker}: its process, its
 * channel, the chunks it holds and where it is in its lifecycle (connected, ready, maybe a spare,
 * maybe retiring, then dead). Frames are queued in an outbox and written by whoever flushes, one
 * writer at a time; the first I/O error marks the link broken and closes the channel, which ends
 * the reader and reports the loss.
 *
 * <p>Threads: its reader thread ({@link LinkReader}) reads {@link #in}; any thread may {@link
 * #enqueue} and {@link #flush}; the fields below the marker are guarded by {@link PoolState#lock}
 * and changed by the dispatcher, the reader, the failure handler and the lifecycle. Invariants:
 * {@link #outstanding} is in the order the chunks were sent, so its first chunk is the one the
 * worker runs; a dead link holds no chunks and is in no list of the pool.
 */
final class Link {
  final Process process;
  final long pid;
  final SocketChannel ch;
  final List<String> command;
  final DataInputStream in;
  private final DataOutputStream out;
  private final Object writeLock = new Object();
  private final ConcurrentLinkedQueue<byte[]> outbox = new ConcurrentLinkedQueue<>();

  // Guarded by the engine's lock.
  final ArrayDeque<Chunk> outstanding = new ArrayDeque<>();
  final Set<Long> fns = new HashSet<>();
  int sent;
  boolean ready;
  boolean spare; // ready, but held back as the pool's reserve: gets no tasks
  boolean retiring;
  boolean dead;
  long headStart;
  long avgChunkNanos;
  boolean fast;
  @Nullable Chunk timedOut;
  @Nullable PoolTaskEvent headEvent;

  volatile boolean broken;

  Link(Process process, SocketChannel ch, List<String> command, DataInputStream in) {
    this.process = process;
    this.pid = process.pid();
    this.ch = ch;
    this.command = command;
    this.in = in;
    this.out = new DataOutputStream(new BufferedOutputStream(new Wire.ChannelOut(ch), 1 << 16));
  }

  static DataInputStream input(SocketChannel ch) {
    return new DataInputStream(new BufferedInputStream(new Wire.ChannelIn(ch), 1 << 16));
  }

  void enqueue(byte[] frame) {
    outbox.add(frame);
  }

  /** Writes every queued frame. Never throws: an I/O error breaks the link. */
  void flush() {
    synchronized (writeLock) {
      if (broken) {
        outbox.clear();
        return;
      }
      try {
        boolean any = false;
        byte[] f;
        while ((f = outbox.poll()) != null) {
          out.write(f);
          any = true;
        }
        if (any) {
          out.flush();
        }
      } catch (IOException e) {
        breakLink();
      }
    }
  }

  void breakLink() {
    broken = true;
    try {
      ch.close();
    } catch (IOException e) {
      // already broken
    }
  }

  /** Whether the dispatcher may give this link tasks (ready, not spare, not leaving). Lock held. */
  boolean takesTasks() {
    return ready && !spare && !dead && !retiring;
  }

  boolean hasBufferedInput() throws IOException {
    return in.available() > 0;
  }
}
