package dev.conclab.pool.internal;

import java.util.ArrayDeque;
import java.util.Iterator;
import org.jspecify.annotations.Nullable;

/**
 * {@code imapUnordered}: results in completion order, chunk by chunk (a chunk's own results stay
 * in input order). Threads and locking as in {@link ImapIterator}.
 */
final class UnorderedImap extends ImapIterator {
  private final ArrayDeque<@Nullable Object[]> done = new ArrayDeque<>();

  UnorderedImap(ChunkQueue queue, long fnId, byte[] fnFrame, Iterator<?> source, int chunksize) {
    super(queue, fnId, fnFrame, source, chunksize);
  }

  @Override
  void storeLocked(Chunk c, @Nullable Object[] results) {
    done.add(results);
  }

  @Override
  @Nullable Object @Nullable [] takeLocked() {
    return done.poll();
  }
}
