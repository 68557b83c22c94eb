package dev.conclab.pool.internal;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.invoke.SerializedLambda;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Values on the wire: a compact form for the common types (null, Integer, Long, Double, String,
 * Boolean, byte[], starmap pairs, and records of these: see {@link RecordShape}) and Java
 * serialization, filtered, for everything else.
 */
final class Codec {
  private static final byte NULL = 0;
  private static final byte INT = 1;
  private static final byte LONG = 2;
  private static final byte DOUBLE = 3;
  private static final byte STRING = 4;
  private static final byte BOOL = 5;
  private static final byte PAIR = 6;
  private static final byte SERIAL = 7;
  private static final byte BYTES = 8;
  static final byte RECORD = 9;

  /**
   * How deeply starmap pairs and compact records may nest on the wire (deeper input would
   * overflow the stack); a record nested deeper travels by Java serialization.
   */
  static final int MAX_PAIR_DEPTH = 64;

  private Codec() {}

  /**
   * Writes a value; classes sent by Java serialization have their code source added to {@code
   * locations} (when not null) so that the other end's filter accepts them.
   *
   * @throws NotSerializableException naming the class when the value cannot be serialized
   */
  static void writeValue(DataOutputStream out, @Nullable Object v, @Nullable Set<String> locations)
      throws IOException {
    writeValue(out, v, locations, 0);
  }

  private static void writeValue(DataOutputStream out, @Nullable Object v, @Nullable Set<String> locations, int depth)
      throws IOException {
    RecordShape shape;
    if (v == null) {
      out.writeByte(NULL);
    } else if (v instanceof Integer i) {
      out.writeByte(INT);
      out.writeInt(i);
    } else if (v instanceof Long l) {
      out.writeByte(LONG);
      out.writeLong(l);
    } else if (v instanceof Double d) {
      out.writeByte(DOUBLE);
      out.writeDouble(d);
    } else if (v instanceof String s) {
      out.writeByte(STRING);
      writeString(out, s);
    } else if (v instanceof Boolean b) {
      out.writeByte(BOOL);
      out.writeBoolean(b);
    } else if (v instanceof Pair p) {
      out.writeByte(PAIR);
      writeValue(out, p.first(), locations, depth + 1);
      writeValue(out, p.second(), locations, depth + 1);
    } else if (v instanceof byte[] b) {
      out.writeByte(BYTES);
      out.writeInt(b.length);
      out.write(b);
    } else if (depth < MAX_PAIR_DEPTH && (shape = RecordShape.of(v.getClass())) != null) {
      out.writeByte(RECORD);
      writeString(out, v.getClass().getName());
      out.writeByte(shape.size());
      for (int i = 0; i < shape.size(); i++) {
        writeValue(out, shape.component(v, i), locations, depth + 1);
      }
      addLocation(v.getClass(), locations);
    } else {
      byte[] bytes = serialize(v);
      addLocation(v.getClass(), locations);
      out.writeByte(SERIAL);
      out.writeInt(bytes.length);
      out.write(bytes);
    }
  }

  private static void addLocation(Class<?> c, @Nullable Set<String> locations) {
    if (locations != null) {
      String loc = SerialFilter.location(c);
      if (loc != null) {
        locations.add(loc);
      }
    }
  }

  /**
   * Reads a value written by {@link #writeValue} from a frame's payload ({@code in} must be one,
   * so that {@code available()} is the bytes left in the frame). Malformed input ends in an
   * {@link IOException} (or a {@link ClassNotFoundException} or {@link
   * java.io.InvalidClassException} for a class the filter rejects), never in an {@link Error}.
   */
  static @Nullable Object readValue(DataInputStream in, SerialFilter filter)
      throws IOException, ClassNotFoundException {
    return readValue(in, filter, 0);
  }

  private static @Nullable Object readValue(DataInputStream in, SerialFilter filter, int depth)
      throws IOException, ClassNotFoundException {
    byte tag = in.readByte();
    switch (tag) {
      case PAIR:
        {
          if (depth >= MAX_PAIR_DEPTH) {
            throw new IOException("pairs nested deeper than " + MAX_PAIR_DEPTH);
          }
          Object a = readValue(in, filter, depth + 1);
          Object b = readValue(in, filter, depth + 1);
          return new Pair(a, b);
        }
      case BYTES:
        {
          byte[] b = new byte[checkedRemaining(in, checkedLength(in.readInt(), filter), "byte array")];
          in.readFully(b);
          return b;
        }
      case RECORD:
        return readRecord(in, filter, depth);
      case SERIAL:
        {
          byte[] b = new byte[checkedRemaining(in, checkedLength(in.readInt(), filter), "serialized value")];
          in.readFully(b);
          return deserialize(b, filter);
        }
      default:
        return readScalar(tag, in, false);
    }
  }

  /**
   * Reads a value that {@link #writeValue} wrote in one of the scalar forms (null, Integer, Long,
   * Double, String, Boolean); any other tag is an {@link IOException}.
   */
  static @Nullable Object readScalar(DataInputStream in) throws IOException {
    byte tag = in.readByte();
    return readScalar(tag, in, true);
  }

  /**
   * The scalar value of {@code tag}, read from {@code in}; any other tag is an {@link
   * IOException}, one that says a scalar was expected when {@code scalarOnly}.
   */
  private static @Nullable Object readScalar(byte tag, DataInputStream in, boolean scalarOnly) throws IOException {
    return switch (tag) {
      case NULL -> null;
      case INT -> in.readInt();
      case LONG -> in.readLong();
      case DOUBLE -> in.readDouble();
      case STRING -> readString(in);
      case BOOL -> in.readBoolean();
      default -> throw new IOException(
          scalarOnly ? "value tag " + tag + " where a scalar was expected" : "unknown value tag " + tag);
    };
  }

  private static Object readRecord(DataInputStream in, SerialFilter filter, int depth)
      throws IOException, ClassNotFoundException {
    if (depth >= MAX_PAIR_DEPTH) {
      throw new IOException("records nested deeper than " + MAX_PAIR_DEPTH);
    }
    String name = readString(in);
    Class<?> c;
    try {
      c = Class.forName(name, false, ClassLoader.getSystemClassLoader());
    } catch (LinkageError e) {
      throw new IOException("cannot load record class " + name + ": " + e, e);
    }
    if (!filter.allowed(c)) {
      throw new InvalidClassException(SerialFilter.notAllowed(c));
    }
    RecordShape shape = RecordShape.of(c);
    int n = in.readUnsignedByte();
    if (shape == null || shape.size() != n) {
      throw new IOException("class " + name + " is not a record of " + n + " components sent in compact form");
    }
    @Nullable Object[] components = new Object[n];
    for (int i = 0; i < n; i++) {
      components[i] = readValue(in, filter, depth + 1);
    }
    try {
      return shape.create(components);
    } catch (IllegalArgumentException e) {
      throw new IOException("cannot rebuild a " + name + ": " + e.getMessage(), e);
    }
  }

  static int checkedLength(int n, SerialFilter filter) throws IOException {
    if (n < 0 || n > filter.maxBytes()) {
      throw new IOException("bad value length " + n);
    }
    return n;
  }

  /**
   * Checks that a length read from a frame fits in what is left of it, before anything of that
   * size is allocated.
   */
  static int checkedRemaining(DataInputStream in, int n, String what) throws IOException {
    if (n < 0 || n > in.available()) {
      throw new IOException("bad " + what + " length " + n + " (" + in.available() + " bytes left in the frame)");
    }
    return n;
  }

  static void writeString(DataOutputStream out, @Nullable String s) throws IOException {
    if (s == null) {
      out.writeInt(-1);
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  static @Nullable String readNullableString(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    byte[] b = new byte[checkedRemaining(in, n, "string")];
    in.readFully(b);
    return new String(b, StandardCharsets.UTF_8);
  }

  static String readString(DataInputStream in) throws IOException {
    String s = readNullableString(in);
    if (s == null) {
      throw new IOException("unexpected null string");
    }
    return s;
  }

  static byte[] serialize(Object o) throws IOException {
    Wire.Buf b = new Wire.Buf(256);
    try (ObjectOutputStream oos = new ObjectOutputStream(b)) {
      oos.writeObject(o);
    } catch (NotSerializableException e) {
      throw new NotSerializableException(
          "class " + e.getMessage() + " is not serializable (it is reachable from a "
              + o.getClass().getName() + ")");
    }
    return b.toByteArray();
  }

  /**
   * Runs a cold JVM's first function encoding and, with {@code deserialize}, its first decoding
   * ({@link FunctionCodec}'s path, the lambda's hidden class) on a function of conclab's own, so
   * that the first real function costs less. Best effort: never throws. Pools call it
   * while they wait: the parent while its workers boot, and a worker that starts idle (a spare,
   * or a replacement in a pool with a reserve) once it is ready. The pool's first workers skip
   * it: on a 2-core machine the extra CPU outweighed the earlier first task. {@code
   * -Dconclab.pool.warmUp=false} (in the parent and as a worker JVM option) turns it off.
   */
  @SuppressWarnings("unchecked")
  static void warmUp(boolean deserialize) {
    if ("false".equals(System.getProperty("conclab.pool.warmUp"))) {
      return; // for measuring what it saves
    }
    try {
      dev.conclab.pool.SerializableFunction<Integer, Integer> f = Codec::warmUpTask;
      byte[] bytes = FunctionCodec.encode(f);
      if (deserialize) {
        SerialFilter filter = new SerialFilter(16, 1_000, 1_000, 1 << 20, java.util.List.of());
        Object g = FunctionCodec.decode(bytes, filter);
        var unused = ((dev.conclab.pool.SerializableFunction<Integer, Integer>) g).apply(1);
      }
    } catch (IOException | ClassNotFoundException | RuntimeException e) {
      // best effort: the real function will pay the cost instead
    }
  }

  private static Integer warmUpTask(Integer n) {
    return n + 1;
  }

  static Object deserialize(byte[] bytes, SerialFilter filter)
      throws IOException, ClassNotFoundException {
    try (ObjectInputStream ois = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
      ois.setObjectInputFilter(filter);
      return ois.readObject();
    } catch (InvalidClassException e) {
      String why = SerialFilter.takeLastRejection();
      if (why != null) {
        InvalidClassException r = new InvalidClassException(why);
        r.initCause(e);
        throw r;
      }
      throw e;
    }
  }

  /**
   * The code source locations a function needs on the other side: its own class or, for a
   * serializable lambda or method reference, its capturing class and captured arguments.
   */
  static Set<String> locationsOf(Object fn) {
    Set<String> out = new LinkedHashSet<>();
    addLocations(fn, out, 0);
    return out;
  }

  private static void addLocations(@Nullable Object o, Set<String> out, int depth) {
    if (o == null || depth > 4) {
      return;
    }
    Class<?> c = o.getClass();
    SerializedLambda sl = FunctionCodec.serializedLambda(o);
    if (sl != null) {
      try {
        Class<?> capturing =
            Class.forName(sl.getCapturingClass().replace('/', '.'), false, c.getClassLoader());
        String loc = SerialFilter.location(capturing);
        if (loc != null) {
          out.add(loc);
        }
      } catch (ClassNotFoundException | LinkageError e) {
        // the filter will name the class if it is rejected
      }
      for (int i = 0; i < sl.getCapturedArgCount(); i++) {
        addLocations(sl.getCapturedArg(i), out, depth + 1);
      }
      return;
    }
    String loc = SerialFilter.location(c);
    if (loc != null) {
      out.add(loc);
    }
    if (o instanceof Adapters.CallFn cf) {
      addLocations(cf.callable(), out, depth + 1);
    } else if (o instanceof Adapters.StarFn sf) {
      addLocations(sf.fn(), out, depth + 1);
    }
  }
}
