package dev.conclab.aio;

/** Thrown by {@link Queue#putNowait} on a full queue ({@code asyncio.QueueFull}). */
public final class QueueFullException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public QueueFullException(String message) {
    super(message);
  }
}
