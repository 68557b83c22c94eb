package dev.conclab.aio;

/** Thrown by {@link Queue} operations after {@link Queue#shutdown} (Python 3.13's {@code QueueShutDown}). */
public final class QueueShutDownException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public QueueShutDownException(String message) {
    super(message);
  }
}
