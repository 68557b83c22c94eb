package dev.conclab.pool.internal;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * A task's failure on the wire: its class name, message and stack trace, then the exception
 * itself by Java serialization, filtered; the reader gets a stand-in with the same name, message
 * and stack when the exception cannot be deserialized.
 */
final class ErrorCodec {
  private ErrorCodec() {}

  /** Writes a task's failure: class name, message, stack trace, and the exception serialized. */
  static void writeError(DataOutputStream out, Throwable t) throws IOException {
    Codec.writeString(out, t.getClass().getName());
    Codec.writeString(out, t.getMessage());
    StackTraceElement[] st = t.getStackTrace();
    out.writeInt(st.length);
    for (StackTraceElement e : st) {
      Codec.writeString(out, e.getClassName());
      Codec.writeString(out, e.getMethodName());
      Codec.writeString(out, e.getFileName());
      out.writeInt(e.getLineNumber());
    }
    byte[] bytes;
    try {
      bytes = Codec.serialize(t);
    } catch (IOException | RuntimeException e) {
      bytes = new byte[0];
    }
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  /** A failure read back from the wire. */
  record RemoteError(String className, @Nullable String message, Throwable cause) {}

  static RemoteError readError(DataInputStream in, SerialFilter filter) throws IOException {
    String className = Codec.readString(in);
    String message = Codec.readNullableString(in);
    int n = in.readInt();
    if (n < 0 || n > 100_000 || n > in.available() / 16) {
      throw new IOException("bad stack trace length " + n);
    }
    StackTraceElement[] st = new StackTraceElement[n];
    for (int i = 0; i < n; i++) {
      String cls = Codec.readString(in);
      String method = Codec.readString(in);
      String file = Codec.readNullableString(in);
      int line = in.readInt();
      st[i] = new StackTraceElement(cls, method, file, line);
    }
    byte[] bytes = new byte[Codec.checkedRemaining(in, Codec.checkedLength(in.readInt(), filter), "serialized error")];
    in.readFully(bytes);
    Throwable cause = null;
    if (bytes.length > 0) {
      try {
        Object o = Codec.deserialize(bytes, filter);
        if (o instanceof Throwable t) {
          cause = t;
        }
      } catch (IOException | ClassNotFoundException | RuntimeException e) {
        cause = null;
      }
    }
    if (cause == null) {
      cause = new RemoteThrowable(className, message, st);
    }
    return new RemoteError(className, message, cause);
  }

  /** Stands in for a worker's exception that could not be deserialized. */
  static final class RemoteThrowable extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String className;

    RemoteThrowable(String className, @Nullable String message, StackTraceElement[] st) {
      super(message, null, false, true);
      this.className = className;
      setStackTrace(st);
    }

    @Override
    public String toString() {
      String m = getLocalizedMessage();
      return m == null ? className : className + ": " + m;
    }
  }
}
