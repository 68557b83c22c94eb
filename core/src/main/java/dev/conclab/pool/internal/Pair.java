package dev.conclab.pool.internal;

import java.io.Serializable;
import org.jspecify.annotations.Nullable;

/** Two arguments of a {@code starmap} task. */
public record Pair(@Nullable Object first, @Nullable Object second) implements Serializable {
  private static final long serialVersionUID = 1L;
}
