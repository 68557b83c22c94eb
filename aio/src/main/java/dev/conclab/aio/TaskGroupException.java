package dev.conclab.aio;

import java.util.List;

/**
 * Thrown by {@link Aio#taskGroup} when the body or any task of the group failed: the Java form of
 * the {@code ExceptionGroup} raised by {@code asyncio.TaskGroup}. The first failure is the cause;
 * every failure is in {@link #exceptions()} (and attached as suppressed exceptions).
 */
public final class TaskGroupException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient List<Throwable> exceptions;

  TaskGroupException(List<Throwable> exceptions) {
    super("unhandled errors in a TaskGroup (" + exceptions.size() + " sub-exception"
        + (exceptions.size() == 1 ? "" : "s") + ")", exceptions.get(0));
    this.exceptions = List.copyOf(exceptions);
    for (Throwable t : exceptions.subList(1, exceptions.size())) {
      addSuppressed(t);
    }
  }

  /** Every failure of the group, in the order they happened. */
  public List<Throwable> exceptions() {
    return exceptions;
  }
}
