package dev.conclab.aio;

/** A task body with no result that may throw, the Java shape of {@code async def f() -> None}. */
@FunctionalInterface
public interface CheckedRunnable {
  void run() throws Exception;
}
