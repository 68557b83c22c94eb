package dev.conclab.aio;

/** Thrown by {@link Aio#timeout} and {@link Aio#waitFor} when the deadline passes (asyncio's {@code TimeoutError}). */
public final class AioTimeoutException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public AioTimeoutException(String message) {
    super(message);
  }
}
