package dev.conclab.pool.internal;

import java.util.Iterator;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * {@code imap}: results in input order. A chunk that finishes early waits, keyed by its first
 * index, until every chunk before it has been handed out. Threads and locking as in {@link
 * ImapIterator}; invariant: {@code nextOut} is the input index of the next result to hand out.
 */
final class OrderedImap extends ImapIterator {
  private final TreeMap<Integer, @Nullable Object[]> done = new TreeMap<>();
  private int nextOut;

  OrderedImap(ChunkQueue queue, long fnId, byte[] fnFrame, Iterator<?> source, int chunksize) {
    super(queue, fnId, fnFrame, source, chunksize);
  }

  @Override
  void storeLocked(Chunk c, @Nullable Object[] results) {
    done.put(c.index, results);
  }

  @Override
  @Nullable Object @Nullable [] takeLocked() {
    @Nullable Object[] next = done.remove(nextOut);
    if (next != null) {
      nextOut += next.length;
    }
    return next;
  }
}
