package dev.conclab.aio;

/** Thrown by {@link Queue#getNowait()} on an empty queue ({@code asyncio.QueueEmpty}). */
public final class QueueEmptyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public QueueEmptyException(String message) {
    super(message);
  }
}
