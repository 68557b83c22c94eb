package dev.conclab.lab.workload;

import dev.conclab.lab.workload.cpu.Blur;
import dev.conclab.lab.workload.cpu.HashBig;
import dev.conclab.lab.workload.cpu.KMeans;
import dev.conclab.lab.workload.cpu.Primes;
import dev.conclab.lab.workload.cpu.Sha256;
import dev.conclab.lab.workload.cpu.Squares;
import dev.conclab.lab.workload.io.FileIo;
import dev.conclab.lab.workload.io.Http;
import dev.conclab.lab.workload.io.Sleep;
import dev.conclab.lab.workload.io.Sql;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The registry of workloads, by name: the built-in ones, then any that a {@link ServiceLoader} finds
 * through the thread's context class loader (a {@code META-INF/services/dev.conclab.lab.workload.Workload}
 * file), so that a program or a test can measure its own work with the lab. Thread-safe.
 */
public final class Workloads {
  private static final List<Workload> BUILT_IN = List.of(
      new Squares(), new Primes(), new Sha256(), new HashBig(), new Blur(), new KMeans(),
      new Http(), new Sleep(), new FileIo(), new Sql());

  private Workloads() {}

  /** The built-in workloads: the CPU ones, then the I/O ones. */
  public static List<Workload> all() {
    return BUILT_IN;
  }

  /** The built-in workloads, then those the context class loader provides (a name already taken is ignored). */
  static List<Workload> withProvided() {
    List<Workload> out = new ArrayList<>(BUILT_IN);
    Set<String> names = new HashSet<>(names());
    for (Workload w : ServiceLoader.load(Workload.class, Thread.currentThread().getContextClassLoader())) {
      if (names.add(w.name())) {
        out.add(w);
      }
    }
    return out;
  }

  /** Every built-in workload's name, in {@link #all()} order. */
  public static List<String> names() {
    return BUILT_IN.stream().map(Workload::name).toList();
  }

  /** The representative pair {@code conclab compare} runs by default: primes (CPU) and http (I/O). */
  public static List<String> defaults() {
    return List.of("primes", "http");
  }

  /** Whether the workload with this name exists and {@linkplain Workload#releasesGil() releases the GIL}. */
  public static boolean releasesGil(String name) {
    return withProvided().stream().anyMatch(w -> w.name().equals(name) && w.releasesGil());
  }

  /**
   * The workload with this name.
   *
   * @throws IllegalArgumentException naming the unknown name and listing the known ones
   */
  public static Workload byName(String name) {
    for (Workload w : withProvided()) {
      if (w.name().equals(name)) {
        return w;
      }
    }
    throw new IllegalArgumentException(
        "unknown workload '" + name + "'; known workloads: " + String.join(", ", names()));
  }
}
