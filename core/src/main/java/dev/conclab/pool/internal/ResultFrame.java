package dev.conclab.pool.internal;

import dev.conclab.pool.RemoteTaskException;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import org.jspecify.annotations.Nullable;

/**
 * The RESULT frame: a chunk's id and, per task in input order, a status byte (0 value, 1 error)
 * and the value or error. The worker writes it task by task with a {@link Writer}; the parent
 * decodes it whole with {@link #decode}, each failed task becoming a {@link Failure}.
 *
 * @param chunkId the chunk these are the results of
 * @param results per task, the value or a {@link Failure}
 */
@SuppressWarnings("ArrayRecordComponent") // one slot per task; never compared
record ResultFrame(long chunkId, @Nullable Object[] results) {

  /**
   * Decodes a RESULT frame from worker {@code pid}.
   *
   * @throws IOException if the frame is malformed, which breaks the link
   */
  static ResultFrame decode(Wire.Frame f, SerialFilter filter, long pid) throws IOException {
    DataInputStream d = Frames.expect(f, Wire.RESULT);
    long chunkId = d.readLong();
    return new ResultFrame(chunkId, readResults(d, filter, pid));
  }

  /**
   * Decodes a RESULT frame's values (after its chunk id): each a value or a {@link Failure}. A
   * value whose class the filter rejects becomes that task's failure; any other malformed input
   * throws {@link IOException}, which breaks the link.
   */
  static @Nullable Object[] readResults(DataInputStream d, SerialFilter filter, long pid)
      throws IOException {
    int count = d.readInt();
    // every result takes at least two bytes, so a count beyond that is a corrupt frame
    if (count < 0 || count > d.available() / 2) {
      throw new IOException("bad result count " + count);
    }
    @Nullable Object[] results = new Object[count];
    for (int i = 0; i < count; i++) {
      byte status = d.readByte();
      if (status == 0) {
        try {
          results[i] = Codec.readValue(d, filter);
        } catch (ClassNotFoundException | java.io.InvalidClassException e) {
          results[i] =
              new Failure(
                  new RemoteTaskException(
                      "the result from worker pid " + pid + " could not be read: " + e,
                      e.getClass().getName(), pid, e));
        }
      } else {
        ErrorCodec.RemoteError err = ErrorCodec.readError(d, filter);
        results[i] =
            new Failure(
                new RemoteTaskException(
                    "task failed in worker pid " + pid + ": " + err.cause(),
                    err.className(), pid, err.cause()));
      }
    }
    return results;
  }

  /** Whether any task of the chunk failed. */
  boolean anyFailed() {
    for (Object r : results) {
      if (r instanceof Failure) {
        return true;
      }
    }
    return false;
  }

  /**
   * The worker's side: builds one RESULT frame at a time in a buffer it reuses. Not thread-safe:
   * the worker's one task thread owns it.
   */
  static final class Writer {
    private final Wire.Buf buf = new Wire.Buf(1 << 12);

    /** Starts the results of chunk {@code chunkId}, which has {@code count} tasks. */
    void begin(long chunkId, int count) throws IOException {
      buf.reset();
      buf.data.writeLong(chunkId);
      buf.data.writeInt(count);
    }

    /**
     * Appends a task's value. If the value cannot be encoded nothing is appended and the
     * exception is thrown, so that the caller can append it as that task's {@link #error}.
     */
    void value(@Nullable Object v) throws IOException {
      int mark = buf.size();
      try {
        buf.data.writeByte(0);
        Codec.writeValue(buf.data, v, null);
      } catch (NotSerializableException e) {
        buf.truncate(mark);
        throw new NotSerializableException("the task's result cannot be sent back: " + e.getMessage());
      } catch (Throwable t) {
        buf.truncate(mark);
        throw t;
      }
    }

    /** Appends a task's error; one that cannot be encoded becomes an exception naming it. */
    void error(Throwable t) throws IOException {
      int mark = buf.size();
      buf.data.writeByte(1);
      try {
        ErrorCodec.writeError(buf.data, t);
      } catch (IOException | RuntimeException e) {
        buf.truncate(mark);
        buf.data.writeByte(1);
        ErrorCodec.writeError(buf.data, new IllegalStateException(String.valueOf(t)));
      }
    }

    /** Writes the frame built since {@link #begin} (the caller flushes). */
    void writeTo(DataOutputStream out) throws IOException {
      Wire.write(out, Wire.RESULT, buf.array(), 0, buf.size());
    }
  }
}
