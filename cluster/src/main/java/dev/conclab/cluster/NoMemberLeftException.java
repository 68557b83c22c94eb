package dev.conclab.cluster;

import dev.conclab.pool.TaskException;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when a batch cannot finish because no cluster member that runs tasks is left (or a
 * chunk of tasks has lost its member too many times). The message names the lost members and
 * how many tasks were unfinished. A {@link TaskException}: the tasks it names did not run.
 */
public final class NoMemberLeftException extends TaskException {
  private static final long serialVersionUID = 1L;

  public NoMemberLeftException(String message) {
    super(message, null);
  }

  public NoMemberLeftException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
