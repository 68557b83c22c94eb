package dev.conclab.fetch;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * A ring of {@code capacity} row slots that turns completions in any order into rows in input
 * order. The producer reserves an index (blocking while {@code capacity} rows are held: in flight
 * or finished but waiting for an earlier one); any thread completes an index; one consumer takes
 * rows in index order. Thread-safe.
 */
final class ReorderWindow {
  private final @Nullable FetchResult[] slots;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition room = lock.newCondition();
  private final Condition ready = lock.newCondition();
  private long next;
  private long reserved;
  private boolean inputDone;
  private @Nullable Throwable inputError;
  private int maxHeld;

  ReorderWindow(int capacity) {
    this.slots = new FetchResult[capacity];
  }

  /** Reserves the next index. Blocks while the window is full. */
  long reserve() throws InterruptedException {
    lock.lock();
    try {
      while (reserved - next >= slots.length) {
        room.await();
      }
      long i = reserved++;
      maxHeld = (int) Math.max(maxHeld, reserved - next);
      return i;
    } finally {
      lock.unlock();
    }
  }

  /** Stores the row for a reserved index. Does not block (beyond the lock). */
  void complete(long index, FetchResult row) {
    lock.lock();
    try {
      slots[(int) (index % slots.length)] = row;
      if (index == next) {
        ready.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Marks the end of the input; {@code error} is why it ended early, if it did. */
  void inputDone(@Nullable Throwable error) {
    lock.lock();
    try {
      inputDone = true;
      inputError = error;
      ready.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The next row in input order, or {@code null} once the input has ended and every row was
   * taken. Blocks until that row is complete.
   */
  @Nullable FetchResult take() throws InterruptedException {
    lock.lock();
    try {
      while (true) {
        int slot = (int) (next % slots.length);
        FetchResult r = slots[slot];
        if (r != null && next < reserved) {
          slots[slot] = null;
          next++;
          room.signalAll();
          return r;
        }
        if (inputDone && next == reserved) {
          return null;
        }
        ready.await();
      }
    } finally {
      lock.unlock();
    }
  }

  @Nullable Throwable inputError() {
    lock.lock();
    try {
      return inputError;
    } finally {
      lock.unlock();
    }
  }

  /** The most rows held at once so far. */
  int maxHeld() {
    lock.lock();
    try {
      return maxHeld;
    } finally {
      lock.unlock();
    }
  }
}
