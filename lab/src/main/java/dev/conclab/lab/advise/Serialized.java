package dev.conclab.lab.advise;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.UncheckedIOException;
import org.jspecify.annotations.Nullable;

/** Java serialization to and from byte arrays, as the process-based models use it. Stateless. */
final class Serialized {
  private Serialized() {}

  /**
   * The value's serialized form.
   *
   * @throws NotSerializable naming the class that is not serializable
   */
  static byte[] bytes(@Nullable Object value) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(buf)) {
      out.writeObject(value);
    } catch (NotSerializableException e) {
      throw new NotSerializable(String.valueOf(e.getMessage()));
    } catch (InvalidClassException e) {
      throw new NotSerializable(e.classname == null ? String.valueOf(e.getMessage()) : e.classname);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buf.toByteArray();
  }

  /** Reads a value back, resolving classes through {@code loader} first. */
  static @Nullable Object read(byte[] bytes, @Nullable ClassLoader loader) throws IOException, ClassNotFoundException {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes)) {
      @Override
      protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
        if (loader != null) {
          try {
            return Class.forName(desc.getName(), false, loader);
          } catch (ClassNotFoundException e) {
            // fall back to the default resolution
          }
        }
        return super.resolveClass(desc);
      }
    }) {
      return in.readObject();
    }
  }

  /** A value, or something it holds, is not serializable; the message is the class's name. */
  static final class NotSerializable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotSerializable(String className) {
      super(className);
    }
  }
}
