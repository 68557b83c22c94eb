package dev.conclab.model;

/** Thrown by {@link ExecutionModel#map} when a task failed; the cause is the task's exception. */
public final class TaskFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TaskFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
