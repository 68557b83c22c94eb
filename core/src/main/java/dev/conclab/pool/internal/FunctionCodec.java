package dev.conclab.pool.internal;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * A pool's function on the wire. A serializable lambda or method reference of a class on the
 * application class path, capturing nothing or only nulls, Integers, Longs, Doubles, Booleans
 * and Strings that UTF-8 can hold (the note's {@code compute}, {@code Squares::compute}, {@code
 * n -> n * k}), travels as the parts of its {@link SerializedLambda}. The worker rebuilds it the
 * way Java serialization does: the capturing class must pass the deserialization filter, and its
 * {@code $deserializeLambda$} accepts only the lambdas that class really has. Anything else
 * travels by Java serialization, filtered.
 *
 * <p>Why: on a cold worker JVM {@code ObjectInputStream}'s first read costs several times this
 * path, and every pool's first map waits for it (figures in docs/pool.md, "Start-up"). The first
 * byte tells the forms apart: a Java serialization stream starts with {@code 0xAC}.
 */
final class FunctionCodec {
  /** First byte of a function sent as its lambda's parts. */
  static final byte LAMBDA = 'L';

  private static final int MAX_CAPTURED = 255;

  private FunctionCodec() {}

  /**
   * The bytes of a function for {@link #decode}.
   *
   * @throws java.io.NotSerializableException naming the class when it cannot be serialized
   */
  static byte[] encode(Object fn) throws IOException {
    SerializedLambda sl = serializedLambda(fn);
    if (sl == null || !compact(fn, sl)) {
      return Codec.serialize(fn);
    }
    @Nullable Object[] captured = new Object[sl.getCapturedArgCount()];
    for (int i = 0; i < captured.length; i++) {
      captured[i] = sl.getCapturedArg(i);
    }
    Wire.Buf b = new Wire.Buf(256);
    writeParts(b.data, sl, captured);
    b.data.flush();
    return b.toByteArray();
  }

  /**
   * Writes the form {@link #decode} reads: {@code sl}'s parts, with {@code captured} (at most
   * 255 scalars) as its captured values.
   */
  static void writeParts(DataOutputStream out, SerializedLambda sl, @Nullable Object[] captured)
      throws IOException {
    out.writeByte(LAMBDA);
    Codec.writeString(out, sl.getCapturingClass());
    Codec.writeString(out, sl.getFunctionalInterfaceClass());
    Codec.writeString(out, sl.getFunctionalInterfaceMethodName());
    Codec.writeString(out, sl.getFunctionalInterfaceMethodSignature());
    out.writeInt(sl.getImplMethodKind());
    Codec.writeString(out, sl.getImplClass());
    Codec.writeString(out, sl.getImplMethodName());
    Codec.writeString(out, sl.getImplMethodSignature());
    Codec.writeString(out, sl.getInstantiatedMethodType());
    out.writeByte(captured.length);
    for (Object c : captured) {
      Codec.writeValue(out, c, null);
    }
  }

  /**
   * The function {@link #encode} wrote. Malformed input, or a lambda its class does not have,
   * ends in an {@link IOException}; a class the filter rejects in a {@link
   * java.io.InvalidClassException} or {@link ClassNotFoundException}.
   */
  static Object decode(byte[] bytes, SerialFilter filter) throws IOException, ClassNotFoundException {
    if (bytes.length == 0 || bytes[0] != LAMBDA) {
      return Codec.deserialize(bytes, filter);
    }
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 1, bytes.length - 1));
    String capturing = Codec.readString(in);
    String fi = Codec.readString(in);
    String fiMethod = Codec.readString(in);
    String fiSignature = Codec.readString(in);
    int implKind = in.readInt();
    String implClass = Codec.readString(in);
    String implMethod = Codec.readString(in);
    String implSignature = Codec.readString(in);
    String instantiated = Codec.readString(in);
    int n = in.readUnsignedByte();
    @Nullable Object[] captured = new Object[n];
    for (int i = 0; i < n; i++) {
      captured[i] = Codec.readScalar(in);
    }
    if (in.available() != 0) {
      throw new IOException("bytes left after a lambda's parts");
    }
    Class<?> c;
    try {
      c = Class.forName(capturing.replace('/', '.'), false, ClassLoader.getSystemClassLoader());
    } catch (LinkageError e) {
      throw new IOException("cannot load the function's class " + capturing + ": " + e, e);
    }
    if (!filter.allowed(c)) {
      throw new InvalidClassException(SerialFilter.notAllowed(c)); // as the stream's class would be
    }
    SerializedLambda sl = new SerializedLambda(
        c, fi, fiMethod, fiSignature, implKind, implClass, implMethod, implSignature, instantiated, captured);
    try {
      Method m = c.getDeclaredMethod("$deserializeLambda$", SerializedLambda.class);
      m.setAccessible(true);
      Object fn = m.invoke(null, sl);
      if (fn == null) {
        throw new IOException("class " + c.getName() + " rebuilt no lambda");
      }
      return fn;
    } catch (InvocationTargetException e) {
      Throwable t = e.getCause() != null ? e.getCause() : e;
      if (t instanceof VirtualMachineError vme) {
        throw vme;
      }
      throw new IOException("class " + c.getName() + " cannot rebuild the lambda " + implClass + "::"
          + implMethod + ": " + t, t);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      // LinkageError: the class's static initializer failed
      throw new IOException("class " + c.getName() + " cannot rebuild its lambdas: " + e, e);
    }
  }

  /** The {@link SerializedLambda} of a serializable lambda or method reference, else null. */
  static @Nullable SerializedLambda serializedLambda(Object fn) {
    Class<?> c = fn.getClass();
    if (!c.isSynthetic() && !c.isHidden()) {
      return null;
    }
    try {
      Method m = c.getDeclaredMethod("writeReplace");
      m.setAccessible(true);
      return m.invoke(fn) instanceof SerializedLambda sl ? sl : null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null; // not a serializable lambda
    }
  }

  /**
   * Whether the lambda can travel as its parts: its class is on the application class path and
   * in the unnamed module (where the worker finds it and may call its {@code
   * $deserializeLambda$}), and it captures only scalars that the compact form keeps exactly (a
   * String with a lone surrogate would not survive UTF-8).
   */
  private static boolean compact(Object fn, SerializedLambda sl) {
    Class<?> c = fn.getClass();
    if (c.getModule().isNamed() || c.getClassLoader() != ClassLoader.getSystemClassLoader()
        || sl.getCapturedArgCount() > MAX_CAPTURED) {
      return false;
    }
    for (int i = 0; i < sl.getCapturedArgCount(); i++) {
      Object a = sl.getCapturedArg(i);
      boolean exact = a == null || a instanceof Integer || a instanceof Long || a instanceof Double
          || a instanceof Boolean || (a instanceof String s && StandardCharsets.UTF_8.newEncoder().canEncode(s));
      if (!exact) {
        return false;
      }
    }
    return true;
  }
}
