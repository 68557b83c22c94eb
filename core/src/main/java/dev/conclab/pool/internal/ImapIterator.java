package dev.conclab.pool.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * A lazy iteration over a function's results ({@code imap}, {@code imapUnordered}) with bounded
 * memory: it reads its source one chunk at a time and keeps at most {@link ChunkQueue#maxInFlight}
 * chunks submitted whose results the consumer has not taken. The subclasses decide the order in
 * which finished chunks are handed out: {@link OrderedImap} by input position, {@link
 * UnorderedImap} by completion.
 *
 * <p>Threads: one consumer thread calls {@link #hasNext}/{@link #next} (and so reads the source
 * and submits chunks); link readers, or the lifecycle's stop, call {@link #chunkDone}. The
 * consumer-side fields ({@code current}, {@code pos}, {@code nextIndex}, {@code exhausted}) are
 * the consumer's alone; the finished chunks and {@code inFlight} are guarded by {@code ilock}.
 * Invariant: {@code inFlight} counts chunks submitted (or failed before sending) and not yet
 * taken by {@link #takeLocked}.
 */
abstract class ImapIterator extends Job implements Iterator<@Nullable Object> {
  private final ChunkQueue queue;
  private final Iterator<?> source;
  private final int chunksize;
  private final int maxInFlight;
  private final ReentrantLock ilock = new ReentrantLock();
  private final Condition arrived = ilock.newCondition();
  private int inFlight; // guarded by ilock
  private int nextIndex; // next input index to encode
  private @Nullable Object[] current = new Object[0];
  private int pos;
  private boolean exhausted;
  private boolean finished;

  ImapIterator(ChunkQueue queue, long fnId, byte[] fnFrame, Iterator<?> source, int chunksize) {
    super(fnId, fnFrame);
    this.queue = queue;
    this.source = source;
    this.chunksize = chunksize;
    this.maxInFlight = queue.maxInFlight();
  }

  /** Keeps a finished chunk's results until {@link #takeLocked} hands them out. Lock held. */
  abstract void storeLocked(Chunk c, @Nullable Object[] results);

  /** The next results to hand out, or null if they have not arrived. Lock held. */
  abstract @Nullable Object @Nullable [] takeLocked();

  @Override
  final void chunkDone(Chunk c, @Nullable Object[] results) {
    ilock.lock();
    try {
      storeLocked(c, results);
      arrived.signalAll();
    } finally {
      ilock.unlock();
    }
  }

  /** Reads and submits chunks from the source until {@code maxInFlight} are out or it ends. */
  private void fill() {
    while (!exhausted) {
      ilock.lock();
      try {
        if (inFlight >= maxInFlight) {
          return;
        }
      } finally {
        ilock.unlock();
      }
      List<Object> batch = new ArrayList<>(chunksize);
      while (batch.size() < chunksize && source.hasNext()) {
        batch.add(source.next());
      }
      if (batch.size() < chunksize) {
        exhausted = true;
      }
      if (batch.isEmpty()) {
        return;
      }
      int start = nextIndex;
      nextIndex += batch.size();
      List<Chunk> chunks = new ArrayList<>(1);
      List<Chunk> unsendable = new ArrayList<>(0);
      List<RuntimeException> reasons = new ArrayList<>(0);
      encode(start, batch, chunks, unsendable, reasons);
      ilock.lock();
      try {
        inFlight += chunks.size() + unsendable.size();
      } finally {
        ilock.unlock();
      }
      // an item that cannot be sent fails at its position, like a task that failed remotely
      for (int i = 0; i < unsendable.size(); i++) {
        chunkDone(unsendable.get(i), new Object[] {new Failure(reasons.get(i))});
      }
      if (chunks.isEmpty()) {
        continue;
      }
      try {
        queue.submit(chunks);
      } catch (RuntimeException e) {
        ilock.lock();
        try {
          inFlight -= chunks.size();
        } finally {
          ilock.unlock();
        }
        throw e;
      }
    }
  }

  /**
   * Encodes items {@code start..} as one chunk; if that fails, halves the range and retries
   * each half, so only the items that cannot be sent (not serializable, over the message limit)
   * fail, each with its reason, while the others still go in as few chunks as possible.
   */
  private void encode(
      int start, List<Object> batch, List<Chunk> chunks, List<Chunk> unsendable, List<RuntimeException> reasons) {
    try {
      chunks.add(queue.encode(this, start, batch));
      return;
    } catch (RuntimeException e) {
      if (batch.size() == 1) {
        unsendable.add(new Chunk(this, 0, start, 1, new byte[0]));
        reasons.add(e);
        return;
      }
    }
    int half = batch.size() / 2;
    encode(start, batch.subList(0, half), chunks, unsendable, reasons);
    encode(start + half, batch.subList(half, batch.size()), chunks, unsendable, reasons);
  }

  /**
   * Blocks until the next result has arrived or the iteration is over.
   *
   * @throws CancellationException if interrupted while waiting (the interrupt is kept), and on
   *     every later call
   */
  @Override
  public final boolean hasNext() {
    if (pos < current.length) {
      return true;
    }
    if (cancelled) {
      throw new CancellationException("the iteration was cancelled by an interrupt");
    }
    fill();
    ilock.lock();
    try {
      while (true) {
        @Nullable Object[] next = takeLocked();
        if (next != null) {
          inFlight--;
          current = next;
          pos = 0;
          ilock.unlock();
          try {
            fill();
          } finally {
            ilock.lock();
          }
          return true;
        }
        if (inFlight == 0 && exhausted) {
          if (!finished) {
            finished = true;
            ilock.unlock();
            try {
              queue.finish(this);
            } finally {
              ilock.lock();
            }
          }
          return false;
        }
        try {
          arrived.await();
        } catch (InterruptedException e) {
          finished = true;
          ilock.unlock();
          try {
            queue.cancel(this);
            queue.finish(this);
          } finally {
            ilock.lock();
          }
          Thread.currentThread().interrupt();
          CancellationException ce = new CancellationException("interrupted while waiting for imap");
          ce.initCause(e);
          throw ce;
        }
      }
    } finally {
      ilock.unlock();
    }
  }

  /**
   * Blocks like {@link #hasNext}, then returns the next result.
   *
   * @throws RuntimeException that task's failure
   */
  @Override
  public final @Nullable Object next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Object r = current[pos];
    current[pos++] = null;
    if (r instanceof Failure f) {
      throw f.error();
    }
    return r;
  }
}
