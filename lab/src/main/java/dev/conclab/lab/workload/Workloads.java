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
import java.util.List;

/** The registry of workloads, by name. Immutable and thread-safe. */
public final class Workloads {
  private static final List<Workload> ALL = List.of(
      new Squares(), new Primes(), new Sha256(), new HashBig(), new Blur(), new KMeans(),
      new Http(), new Sleep(), new FileIo(), new Sql());

  private Workloads() {}

  /** Every workload: the CPU ones, then the I/O ones. */
  public static List<Workload> all() {
    return ALL;
  }

  /** Every workload's name, in {@link #all()} order. */
  public static List<String> names() {
    return ALL.stream().map(Workload::name).toList();
  }

  /** The representative pair {@code conclab compare} runs by default: primes (CPU) and http (I/O). */
  public static List<String> defaults() {
    return List.of("primes", "http");
  }

  /**
   * The workload with this name.
   *
   * @throws IllegalArgumentException naming the unknown name and listing the known ones
   */
  public static Workload byName(String name) {
    for (Workload w : ALL) {
      if (w.name().equals(name)) {
        return w;
      }
    }
    throw new IllegalArgumentException(
        "unknown workload '" + name + "'; known workloads: " + String.join(", ", names()));
  }
}
