package dev.conclab.lab.advise;

import java.io.Serial;

/**
 * The user's task failed while being advised: it threw, or it did not finish within the budget.
 * The message is one line naming the task and the input.
 */
public final class AdviseException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  AdviseException(String message, Throwable cause) {
    super(message, cause);
  }

  AdviseException(String message) {
    super(message);
  }
}
