package dev.conclab.aio;

import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;

/**
 * A FIFO queue for the tasks of one loop ({@code asyncio.Queue}), with Python 3.13's
 * {@link #shutdown}: {@link #put} suspends while the queue is full, {@link #get} while it is
 * empty; the {@code Nowait} forms never suspend.
 *
 * <p>Not thread-safe, and needs no locks: use it only from tasks of one loop, which never run at
 * the same time.
 *
 * @param <E> the element type
 */
public final class Queue<E> {
  private final int maxSize;
  private final ArrayDeque<E> items = new ArrayDeque<>();
  private final ArrayDeque<Waiter<Void>> getters = new ArrayDeque<>();
  private final ArrayDeque<Waiter<Void>> putters = new ArrayDeque<>();
  private final ArrayDeque<Waiter<Void>> joiners = new ArrayDeque<>();
  private int unfinished;
  private boolean shutDown;

  /** An unbounded queue. */
  public Queue() {
    this(0);
  }

  /**
   * A queue holding at most {@code maxSize} items; 0 means unbounded.
   *
   * @throws IllegalArgumentException if {@code maxSize < 0}
   */
  public Queue(int maxSize) {
    if (maxSize < 0) {
      throw new IllegalArgumentException("maxSize must be >= 0 (0 = unbounded), got " + maxSize);
    }
    this.maxSize = maxSize;
  }

  /**
   * Adds an item, suspending the calling task while the queue is full.
   *
   * @throws QueueShutDownException if the queue is shut down (also when that happens while waiting)
   * @throws CancellationException if cancelled while waiting
   */
  public void put(E item) {
    TaskImpl<?> me = Loop.currentTask("Queue.put");
    while (true) {
      if (shutDown) {
        throw new QueueShutDownException("put on a shut-down queue");
      }
      if (!full()) {
        break;
      }
      Waiter<Void> w = new Waiter<>(me);
      me.suspend(w, putters::addLast);
    }
    add(item);
  }

  /**
   * Adds an item without suspending.
   *
   * @throws QueueFullException if the queue is full
   * @throws QueueShutDownException if the queue is shut down
   */
  public void putNowait(E item) {
    if (shutDown) {
      throw new QueueShutDownException("put on a shut-down queue");
    }
    if (full()) {
      throw new QueueFullException("queue is full (" + maxSize + " items)");
    }
    add(item);
  }

  /**
   * Removes and returns the first item, suspending the calling task while the queue is empty.
   * After {@link #shutdown()} the remaining items can still be taken.
   *
   * @throws QueueShutDownException if the queue is shut down and empty
   * @throws CancellationException if cancelled while waiting
   */
  public E get() {
    TaskImpl<?> me = Loop.currentTask("Queue.get");
    while (items.isEmpty()) {
      if (shutDown) {
        throw new QueueShutDownException("get on a shut-down, empty queue");
      }
      Waiter<Void> w = new Waiter<>(me);
      me.suspend(w, getters::addLast);
    }
    return take();
  }

  /**
   * Removes and returns the first item without suspending.
   *
   * @throws QueueEmptyException if the queue is empty and not shut down
   * @throws QueueShutDownException if the queue is shut down and empty
   */
  public E getNowait() {
    if (items.isEmpty()) {
      if (shutDown) {
        throw new QueueShutDownException("get on a shut-down, empty queue");
      }
      throw new QueueEmptyException("queue is empty");
    }
    return take();
  }

  /**
   * Shuts the queue down ({@code Queue.shutdown(immediate=False)}): {@code put} fails from now on,
   * {@code get} fails once the queue is empty; tasks waiting in either are woken to see it.
   */
  public void shutdown() {
    shutdown(false);
  }

  /**
   * Shuts the queue down; with {@code immediate} also discards the items still queued (counting
   * them as done for {@link #join()}), so every {@code get} fails at once.
   */
  public void shutdown(boolean immediate) {
    shutDown = true;
    if (immediate) {
      unfinished -= items.size();
      items.clear();
      if (unfinished <= 0) {
        unfinished = 0;
        wakeAll(joiners);
      }
    }
    wakeAll(getters);
    wakeAll(putters);
  }

  /**
   * Marks one taken item as processed ({@code task_done()}).
   *
   * @throws IllegalStateException if called more times than there were items
   */
  public void taskDone() {
    if (unfinished <= 0) {
      throw new IllegalStateException("taskDone() called too many times");
    }
    if (--unfinished == 0) {
      wakeAll(joiners);
    }
  }

  /** Suspends until every item put has been marked done with {@link #taskDone()}. */
  public void join() {
    TaskImpl<?> me = Loop.currentTask("Queue.join");
    while (unfinished > 0) {
      Waiter<Void> w = new Waiter<>(me);
      me.suspend(w, joiners::addLast);
    }
  }

  public int size() {
    return items.size();
  }

  public boolean isEmpty() {
    return items.isEmpty();
  }

  public boolean full() {
    return maxSize > 0 && items.size() >= maxSize;
  }

  public int maxSize() {
    return maxSize;
  }

  public boolean isShutDown() {
    return shutDown;
  }

  private void add(E item) {
    items.addLast(item);
    unfinished++;
    wakeOne(getters);
  }

  private E take() {
    E item = items.removeFirst();
    wakeOne(putters);
    return item;
  }

  private static void wakeOne(ArrayDeque<Waiter<Void>> waiters) {
    Waiter<Void> w;
    while ((w = waiters.pollFirst()) != null) {
      if (w.wake(null)) {
        return;
      }
    }
  }

  private static void wakeAll(ArrayDeque<Waiter<Void>> waiters) {
    Waiter<Void> w;
    while ((w = waiters.pollFirst()) != null) {
      w.wake(null);
    }
  }
}
