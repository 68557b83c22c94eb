package dev.conclab.bench.pool;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
import java.util.Locale;
import java.util.function.Function;

/**
 * A cold JVM's first decode of a serializable method reference, the two ways a pool's worker can
 * do it: by {@code ObjectInputStream} ({@code ois}, Java serialization) or from the lambda's parts
 * through its class's {@code $deserializeLambda$} ({@code parts}, what the pool's {@code
 * FunctionCodec} does). Prints the one decode's time; run it in fresh JVMs, each variant with an
 * AOT cache of its own as a worker has:
 *
 * <pre>
 * cp=bench/target/benchmarks.jar; main=dev.conclab.bench.pool.LambdaDecodeProbe
 * for v in ois parts; do java -XX:AOTCacheOutput=/tmp/probe-$v.aot -cp $cp $main $v; done
 * for i in 1 2 3 4 5; do for v in ois parts; do
 *   java -XX:AOTCache=/tmp/probe-$v.aot -XX:TieredStopAtLevel=1 -cp $cp $main $v; done; done
 * </pre>
 */
public final class LambdaDecodeProbe {
  private LambdaDecodeProbe() {}

  /** A serializable function, as the pool's are. */
  interface SerialFn<T, R> extends Function<T, R>, Serializable {}

  static Integer square(Integer n) {
    return n * n;
  }

  @SuppressWarnings("unchecked")
  public static void main(String[] args) throws Exception {
    if (args.length != 1 || !(args[0].equals("ois") || args[0].equals("parts"))) {
      System.err.println("usage: LambdaDecodeProbe ois|parts");
      System.exit(2);
    }
    SerialFn<Integer, Integer> f = LambdaDecodeProbe::square;
    // the sending side's work, not timed
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream o = new ObjectOutputStream(bytes)) {
      o.writeObject(f);
    }
    Method writeReplace = f.getClass().getDeclaredMethod("writeReplace");
    writeReplace.setAccessible(true);
    SerializedLambda sent = (SerializedLambda) writeReplace.invoke(f);

    long t0 = System.nanoTime();
    Object g;
    if (args[0].equals("ois")) {
      try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
        in.setObjectInputFilter(info -> ObjectInputFilter.Status.ALLOWED);
        g = in.readObject();
      }
    } else {
      Class<?> c = Class.forName(sent.getCapturingClass().replace('/', '.'));
      SerializedLambda parts = new SerializedLambda(c, sent.getFunctionalInterfaceClass(),
          sent.getFunctionalInterfaceMethodName(), sent.getFunctionalInterfaceMethodSignature(),
          sent.getImplMethodKind(), sent.getImplClass(), sent.getImplMethodName(),
          sent.getImplMethodSignature(), sent.getInstantiatedMethodType(), new Object[0]);
      Method m = c.getDeclaredMethod("$deserializeLambda$", SerializedLambda.class);
      m.setAccessible(true);
      g = m.invoke(null, parts);
    }
    long t1 = System.nanoTime();
    int check = ((Function<Integer, Integer>) g).apply(7);
    System.out.printf(Locale.ROOT, "%s: first decode %.2f ms (f(7) = %d)%n", args[0], (t1 - t0) / 1e6, check);
  }
}
