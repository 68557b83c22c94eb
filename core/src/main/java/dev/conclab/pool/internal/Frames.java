package dev.conclab.pool.internal;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The worker protocol's messages: one record per frame kind, each holding its encode and decode
 * pair, used by both ends (the parent's {@link Workers}, {@link Dispatcher}, {@link LinkReader},
 * {@link OneShot}, and {@link WorkerMain}). {@link Wire} does the framing ({@code length, type,
 * payload}); the results frame, which the worker writes value by value, is {@link ResultFrame}.
 *
 * <p>Thread-safety: the records are immutable values (their byte arrays are not copied and must
 * not be changed, and compare by identity: tests compare them field by field); encode and decode
 * are pure functions.
 *
 * <table>
 *   <caption>Frames</caption>
 *   <tr><th>frame</th><th>direction</th><th>payload</th></tr>
 *   <tr><td>{@link Hello}</td><td>worker to parent</td><td>token, pid</td></tr>
 *   <tr><td>{@link Init}</td><td>parent to worker</td><td>mode, pool name, filter limits and
 *       patterns, initializer (locations, bytes or -1)</td></tr>
 *   <tr><td>READY</td><td>worker to parent</td><td>empty</td></tr>
 *   <tr><td>{@link InitFailed}</td><td>worker to parent</td><td>the initializer's error</td></tr>
 *   <tr><td>{@link Fn}</td><td>parent to worker</td><td>fnId, locations, function bytes</td></tr>
 *   <tr><td>{@link Task}</td><td>parent to worker</td><td>chunkId, fnId, locations, count,
 *       values</td></tr>
 *   <tr><td>{@link ResultFrame}</td><td>worker to parent</td><td>chunkId, count, (status,
 *       value or error)*</td></tr>
 *   <tr><td>{@link Forget}</td><td>parent to worker</td><td>fnId</td></tr>
 *   <tr><td>SHUTDOWN</td><td>parent to worker</td><td>empty: finish queued frames, exit</td></tr>
 *   <tr><td>{@link Run}</td><td>parent to worker (one-shot)</td><td>locations, runnable
 *       bytes</td></tr>
 * </table>
 */
@SuppressWarnings("ArrayRecordComponent") // frames carry bytes; see the note on thread-safety
final class Frames {
  private Frames() {}

  /** The READY frame: the worker ran its initializer and takes tasks. */
  static byte[] ready() {
    return Wire.frame(Wire.READY, new byte[0]);
  }

  /** The SHUTDOWN frame: the worker finishes the frames it holds, then exits normally. */
  static byte[] shutdown() {
    return Wire.frame(Wire.SHUTDOWN, new byte[0]);
  }

  /** The worker's first frame: the token from its environment and its own pid. */
  record Hello(byte[] token, long pid) {
    byte[] encode() {
      return frame(Wire.HELLO, Wire.TOKEN_BYTES + 8, d -> {
        d.write(token);
        d.writeLong(pid);
      });
    }

    static Hello decode(Wire.Frame f) throws IOException {
      DataInputStream d = expect(f, Wire.HELLO);
      byte[] token = Wire.readToken(d);
      return new Hello(token, d.readLong());
    }

    /** Whether this is the worker started with {@code token} as process {@code pid}. */
    boolean isFrom(byte[] token, long pid) {
      return Wire.sameToken(this.token, token) && this.pid == pid;
    }
  }

  /** What a worker is for, and its byte on the wire. */
  enum Mode {
    /** A pool worker that takes tasks at once. */
    POOL(0),
    /** A {@code ProcessTask}: one {@link Run}, then exit. */
    ONESHOT(1),
    /** A pool worker that starts idle (a spare or a replacement): it warms up after READY. */
    POOL_WARM(2);

    final byte code;

    Mode(int code) {
      this.code = (byte) code;
    }

    static Mode of(byte code) throws IOException {
      for (Mode m : values()) {
        if (m.code == code) {
          return m;
        }
      }
      throw new IOException("bad worker mode " + code);
    }
  }

  /**
   * The parent's answer to {@link Hello}: the worker's mode, the deserialization filter it must
   * apply, and the pool's initializer (serialized, or null for none) with the class locations it
   * needs.
   */
  record Init(
      Mode mode,
      String pool,
      long maxDepth,
      long maxRefs,
      long maxArray,
      long maxBytes,
      List<String> patterns,
      List<String> locations,
      byte @Nullable [] initializer) {

    Init {
      patterns = List.copyOf(patterns);
      locations = List.copyOf(locations);
    }

    /**
     * The INIT of a pool's workers; lets {@code filter} read classes from the initializer's
     * locations.
     *
     * @throws IllegalArgumentException if the initializer cannot be serialized
     */
    static Init of(PoolConfig cfg, SerialFilter filter, Mode mode) {
      Object init = cfg.initializer();
      List<String> locs = List.of();
      byte[] bytes = null;
      if (init != null) {
        try {
          bytes = FunctionCodec.encode(init);
        } catch (IOException e) {
          throw new IllegalArgumentException("cannot send the initializer to workers: " + e.getMessage(), e);
        }
        locs = List.copyOf(Codec.locationsOf(init));
        filter.allowLocations(locs);
      }
      return new Init(
          mode, cfg.name(), filter.maxDepth(), filter.maxRefs(), filter.maxArray(), filter.maxBytes(),
          filter.patterns(), locs, bytes);
    }

    Init withMode(Mode m) {
      return new Init(m, pool, maxDepth, maxRefs, maxArray, maxBytes, patterns, locations, initializer);
    }

    /** The worker's filter: the parent's limits and patterns, and the initializer's locations. */
    SerialFilter newFilter() {
      SerialFilter f = new SerialFilter(maxDepth, maxRefs, maxArray, maxBytes, patterns);
      f.allowLocations(locations);
      return f;
    }

    byte[] encode() {
      return frame(Wire.INIT, 256, d -> {
        d.writeByte(mode.code);
        Codec.writeString(d, pool);
        d.writeLong(maxDepth);
        d.writeLong(maxRefs);
        d.writeLong(maxArray);
        d.writeLong(maxBytes);
        writeStrings(d, patterns);
        writeStrings(d, locations);
        writeBytes(d, initializer);
      });
    }

    static Init decode(Wire.Frame f) throws IOException {
      DataInputStream d = expect(f, Wire.INIT);
      Mode mode = Mode.of(d.readByte());
      return new Init(
          mode, Codec.readString(d), d.readLong(), d.readLong(), d.readLong(), d.readLong(),
          readStrings(d), readStrings(d), readBytes(d));
    }
  }

  /** The error the pool's initializer threw in a worker, which then halts. */
  static final class InitFailed {
    private InitFailed() {}

    static byte[] encode(Throwable error) throws IOException {
      Wire.Buf b = new Wire.Buf(512);
      ErrorCodec.writeError(b.data, error);
      return Wire.frame(Wire.INIT_FAILED, b);
    }

    static ErrorCodec.RemoteError decode(Wire.Frame f, SerialFilter filter) throws IOException {
      return ErrorCodec.readError(expect(f, Wire.INIT_FAILED), filter);
    }
  }

  /** A function sent once to each worker that runs its tasks, until {@link Forget}. */
  record Fn(long fnId, List<String> locations, byte[] function) {
    Fn {
      locations = List.copyOf(locations);
    }

    byte[] encode() {
      return frame(Wire.FN, function.length + 64, d -> {
        d.writeLong(fnId);
        writeStrings(d, locations);
        writeBytes(d, function);
      });
    }

    static Fn decode(Wire.Frame f) throws IOException {
      DataInputStream d = expect(f, Wire.FN);
      long id = d.readLong();
      List<String> locs = readStrings(d);
      return new Fn(id, locs, readRequiredBytes(d, "function"));
    }
  }

  /**
   * A chunk of tasks: {@code count} values (each written by {@link Codec#writeValue}) for the
   * function {@code fnId}, and the class locations those values need.
   */
  record Task(long chunkId, long fnId, List<String> locations, int count, byte[] values) {
    Task {
      locations = List.copyOf(locations);
    }

    /** Encodes a chunk whose values are already written to {@code values}, without copying them twice. */
    static byte[] encode(long chunkId, long fnId, Collection<String> locations, int count, Wire.Buf values) {
      return frame(Wire.TASK, 32 + values.size(), d -> {
        d.writeLong(chunkId);
        d.writeLong(fnId);
        writeStrings(d, locations);
        d.writeInt(count);
        d.write(values.array(), 0, values.size());
      });
    }

    byte[] encode() {
      Wire.Buf v = new Wire.Buf(values.length);
      v.write(values, 0, values.length);
      return encode(chunkId, fnId, locations, count, v);
    }

    static Task decode(Wire.Frame f) throws IOException {
      DataInputStream d = expect(f, Wire.TASK);
      long chunkId = d.readLong();
      long fnId = d.readLong();
      List<String> locs = readStrings(d);
      int count = d.readInt();
      if (count < 0) {
        throw new IOException("bad task count " + count);
      }
      return new Task(chunkId, fnId, locs, count, d.readAllBytes());
    }

    /** The values, to be read one by one with {@link Codec#readValue}. */
    DataInputStream valuesIn() {
      return new DataInputStream(new ByteArrayInputStream(values));
    }
  }

  /** Tells a worker it may drop a function: no more of its tasks will come. */
  record Forget(long fnId) {
    byte[] encode() {
      return frame(Wire.FORGET, 8, d -> d.writeLong(fnId));
    }

    static Forget decode(Wire.Frame f) throws IOException {
      return new Forget(expect(f, Wire.FORGET).readLong());
    }
  }

  /** A one-shot worker's task: a serialized runnable and the class locations it needs. */
  record Run(List<String> locations, byte[] task) {
    Run {
      locations = List.copyOf(locations);
    }

    /**
     * The RUN frame for {@code task}.
     *
     * @throws IllegalArgumentException if the task cannot be serialized
     */
    static Run of(Object task) {
      try {
        return new Run(List.copyOf(Codec.locationsOf(task)), FunctionCodec.encode(task));
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot send the task to a worker: " + e.getMessage(), e);
      }
    }

    byte[] encode() {
      return frame(Wire.RUN, task.length + 64, d -> {
        writeStrings(d, locations);
        writeBytes(d, task);
      });
    }

    static Run decode(Wire.Frame f) throws IOException {
      DataInputStream d = expect(f, Wire.RUN);
      List<String> locs = readStrings(d);
      return new Run(locs, readRequiredBytes(d, "task"));
    }
  }

  /** Writes a frame's payload. */
  @FunctionalInterface
  private interface Payload {
    void write(DataOutputStream d) throws IOException;
  }

  /** Encodes one frame (header included); {@code size} is a first guess of the payload's size. */
  private static byte[] frame(byte type, int size, Payload payload) {
    Wire.Buf b = new Wire.Buf(size);
    try {
      payload.write(b.data);
    } catch (IOException e) {
      throw new IllegalStateException(e); // a byte array does not fail
    }
    return Wire.frame(type, b);
  }

  /** The payload of {@code f}, after checking that it is a frame of {@code type}. */
  static DataInputStream expect(Wire.Frame f, byte type) throws IOException {
    if (f.type() != type) {
      throw new IOException("expected frame type " + type + ", got " + f.type());
    }
    return f.data();
  }

  static void writeStrings(DataOutputStream d, Collection<String> strings) throws IOException {
    d.writeInt(strings.size());
    for (String s : strings) {
      Codec.writeString(d, s);
    }
  }

  static List<String> readStrings(DataInputStream d) throws IOException {
    // every string takes at least four bytes
    int n = d.readInt();
    if (n < 0 || n > d.available() / 4) {
      throw new IOException("bad string count " + n);
    }
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(Codec.readString(d));
    }
    return out;
  }

  /** Writes a length (-1 for null) and the bytes. */
  private static void writeBytes(DataOutputStream d, byte @Nullable [] bytes) throws IOException {
    if (bytes == null) {
      d.writeInt(-1);
      return;
    }
    d.writeInt(bytes.length);
    d.write(bytes);
  }

  private static byte[] readRequiredBytes(DataInputStream d, String what) throws IOException {
    byte[] b = readBytes(d);
    if (b == null) {
      throw new IOException("a frame without its " + what);
    }
    return b;
  }

  private static byte @Nullable [] readBytes(DataInputStream d) throws IOException {
    int n = d.readInt();
    if (n < 0) {
      return null;
    }
    byte[] b = new byte[Codec.checkedRemaining(d, n, "byte array")];
    d.readFully(b);
    return b;
  }
}
