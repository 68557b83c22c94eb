package dev.conclab.pool.internal;

/**
 * A chunk of consecutive tasks of one {@link Job}: its id, the index of its first task in the
 * job's input, how many tasks it holds, and its encoded TASK frame. Immutable once built; it sits
 * in the {@link Dispatcher}'s queue, then in one {@link Link}'s outstanding chunks, until its
 * results or its failure reach {@link Job#chunkDone}.
 */
final class Chunk {
  final Job job;
  final long id;
  final int index;
  final int count;
  final byte[] frame;

  Chunk(Job job, long id, int index, int count, byte[] frame) {
    this.job = job;
    this.id = id;
    this.index = index;
    this.count = count;
    this.frame = frame;
  }
}
