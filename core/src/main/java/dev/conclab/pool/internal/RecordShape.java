package dev.conclab.pool.internal;

import java.io.Serializable;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import org.jspecify.annotations.Nullable;

/**
 * How {@link Codec} sends a record in its compact form: the class name, then each component's
 * field as a value of its own, rebuilt on the other side through the canonical constructor, which
 * is what Java serialization does for a record too, without the stream header and class descriptor it
 * writes for every value (a task's result of three longs cost about 30 µs across the link, and a
 * 2-worker map of 32 such results 1 ms).
 *
 * <p>Only records the compact form rebuilds exactly as serialization would take it: public and
 * {@link Serializable}, loaded by the application class loader (so the other side finds them by
 * name), with a public canonical constructor and no {@code writeReplace} or {@code readResolve}.
 * Any other record travels by Java serialization. Immutable and thread-safe; shapes are cached
 * per class.
 */
final class RecordShape {
  private static final ClassValue<@Nullable RecordShape> SHAPES =
      new ClassValue<>() {
        @Override
        protected @Nullable RecordShape computeValue(Class<?> type) {
          return shapeOf(type);
        }
      };

  private final MethodHandle[] accessors;
  private final Class<?>[] types;
  private final MethodHandle constructor;

  private RecordShape(MethodHandle[] accessors, Class<?>[] types, MethodHandle constructor) {
    this.accessors = accessors;
    this.types = types;
    this.constructor = constructor;
  }

  /** The shape of {@code c}, or null when it travels by Java serialization. */
  static @Nullable RecordShape of(Class<?> c) {
    return SHAPES.get(c);
  }

  private static @Nullable RecordShape shapeOf(Class<?> c) {
    if (!c.isRecord() || !Serializable.class.isAssignableFrom(c) || !Modifier.isPublic(c.getModifiers())
        || c.getClassLoader() != ClassLoader.getSystemClassLoader() || declares(c, "writeReplace")
        || declares(c, "readResolve")) {
      return null;
    }
    try {
      RecordComponent[] rc = c.getRecordComponents();
      MethodHandle[] accessors = new MethodHandle[rc.length];
      Class<?>[] types = new Class<?>[rc.length];
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      for (int i = 0; i < rc.length; i++) {
        types[i] = rc[i].getType();
        // the component's field, as serialization writes it, not its accessor (which a record
        // may override to return something else)
        java.lang.reflect.Field f = c.getDeclaredField(rc[i].getName());
        f.setAccessible(true);
        accessors[i] = MethodHandles.lookup().unreflectGetter(f)
            .asType(MethodType.methodType(Object.class, Object.class));
      }
      MethodHandle ctor = lookup.findConstructor(c, MethodType.methodType(void.class, types))
          .asSpreader(Object[].class, rc.length)
          .asType(MethodType.methodType(Object.class, Object[].class));
      return new RecordShape(accessors, types, ctor);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null; // not accessible (a module that does not open it), not public enough
    }
  }

  private static boolean declares(Class<?> c, String method) {
    for (java.lang.reflect.Method m : c.getDeclaredMethods()) {
      if (m.getName().equals(method) && m.getParameterCount() == 0) {
        return true;
      }
    }
    return false;
  }

  int size() {
    return types.length;
  }

  /** The value of component {@code i} of {@code record}: its field, as serialization reads it. */
  @Nullable Object component(Object record, int i) {
    try {
      return accessors[i].invokeExact(record);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /**
   * A new record from its components, as the canonical constructor builds it.
   *
   * @throws IllegalArgumentException if a component does not fit its type (a null for a
   *     primitive, a value of another class), or the constructor rejected them
   */
  Object create(@Nullable Object[] components) {
    for (int i = 0; i < types.length; i++) {
      Object v = components[i];
      if (types[i].isPrimitive() ? v == null || !MethodType.methodType(types[i]).wrap().returnType().isInstance(v)
          : v != null && !types[i].isInstance(v)) {
        throw new IllegalArgumentException("component " + i + " is not a " + types[i].getName());
      }
    }
    try {
      return (Object) constructor.invokeExact(components);
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable t) { // an exception of its own, or a failed static initializer
      throw new IllegalArgumentException("the canonical constructor rejected the components: " + t, t);
    }
  }
}
