package dev.conclab.pool.internal;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.jspecify.annotations.Nullable;

/**
 * A pool's function on the wire. A serializable lambda or method reference of a class on the
 * class path, capturing nothing or only nulls, Integers, Longs, Doubles, Strings and Booleans
 * (the note's {@code compute}, {@code Squares::compute}, {@code n -> n * k}), travels as the
 * parts of its {@link SerializedLambda}, and the worker rebuilds it the way Java serialization
 * does, through its capturing class's {@code $deserializeLambda$}, which accepts only the
 * lambdas that class really has. Anything else travels by Java serialization, filtered.
 *
 * <p>Why: a cold worker JVM spends about 7 ms in {@code ObjectInputStream} on its first
 * function, against about 2 ms this way, and every pool's first map waits for it (docs/pool.md,
 * "Start-up"). The first byte tells the forms apart: a Java serialization stream starts with
 * {@code 0xAC}.
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
    Wire.Buf b = new Wire.Buf(256);
    DataOutputStream out = b.data;
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
    out.writeByte(sl.getCapturedArgCount());
    for (int i = 0; i < sl.getCapturedArgCount(); i++) {
      Codec.writeValue(out, sl.getCapturedArg(i), null);
    }
    out.flush();
    return b.toByteArray();
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
      captured[i] = Codec.readValue(in, filter);
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
   * Whether the lambda can travel as its parts: its class is in the unnamed module (so that the
   * worker may call its {@code $deserializeLambda$}) and it captures only compact scalars.
   */
  private static boolean compact(Object fn, SerializedLambda sl) {
    if (fn.getClass().getModule().isNamed() || sl.getCapturedArgCount() > MAX_CAPTURED) {
      return false;
    }
    for (int i = 0; i < sl.getCapturedArgCount(); i++) {
      Object a = sl.getCapturedArg(i);
      if (!(a == null || a instanceof Integer || a instanceof Long || a instanceof Double
          || a instanceof String || a instanceof Boolean)) {
        return false;
      }
    }
    return true;
  }
}
