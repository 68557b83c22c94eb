package fuzzcanary;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A serializable class outside every allowlist of the worker link's filter (not JDK, not
 * {@code dev.conclab.*}, not from a code source the parent sent): counts each instance the
 * deserializer creates, so a fuzz test can prove that none ever is.
 */
public final class Canary extends CanaryBase implements Serializable {
  @Serial private static final long serialVersionUID = 1L;

  /** Instances created so far, by deserialization or otherwise. */
  public static final AtomicInteger CREATED = new AtomicInteger();

  public final String text;

  public Canary(String text) {
    this.text = text;
  }

  @Serial
  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    CREATED.incrementAndGet();
    in.defaultReadObject();
  }

  /** A canary exception, for the failure path of a result frame. */
  public static final class Boom extends RuntimeException {
    @Serial private static final long serialVersionUID = 1L;

    public Boom(String message) {
      super(message);
      CREATED.incrementAndGet();
    }

    @Serial
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      CREATED.incrementAndGet();
      in.defaultReadObject();
    }
  }
}
