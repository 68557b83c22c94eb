package dev.conclab.lab.measure;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the rest of the machine did while a run was measured, read from {@code /proc}: the CPU
 * time that processes outside this JVM's own tree (this JVM, its workers and its fixtures) and
 * outside the kernel's threads (which work for the measured workload: page writeback, network) used,
 * the time the hypervisor stole, and the load average. A benchmark on a busy machine measures the
 * other work too; the lab writes these figures into its report and warns when they are high.
 *
 * <p>On a system without {@code /proc} every figure reads as 0. Not thread-safe: one thread
 * starts and stops a measurement.
 */
public final class MachineLoad {
  /** Clock ticks per second of {@code /proc/stat} and {@code /proc/<pid>/stat} (USER_HZ). */
  private static final double TICKS_PER_SECOND = 100.0;

  private final long startNanos;
  private final long[] startStat;
  private final long startOwnTicks;
  private final double startLoad;

  private MachineLoad() {
    startNanos = System.nanoTime();
    startStat = cpuLine();
    startOwnTicks = ownTreeTicks();
    startLoad = loadAverage();
  }

  /** Starts measuring. */
  public static MachineLoad start() {
    return new MachineLoad();
  }

  /** Stops measuring and returns what the rest of the machine did meanwhile. */
  public Load stop() {
    long wall = System.nanoTime() - startNanos;
    long[] end = cpuLine();
    long own = ownTreeTicks() - startOwnTicks;
    double seconds = wall / 1e9;
    if (seconds <= 0 || end.length < 8 || startStat.length < 8) {
      return new Load(0, 0, Math.max(startLoad, loadAverage()));
    }
    long busy = 0;
    for (int i : new int[] {0, 1, 2, 5, 6}) { // user, nice, system, irq, softirq
      busy += end[i] - startStat[i];
    }
    long steal = end[7] - startStat[7];
    double others = Math.max(0, busy - own) / TICKS_PER_SECOND / seconds;
    return new Load(others, steal / TICKS_PER_SECOND / seconds, Math.max(startLoad, loadAverage()));
  }

  /**
   * What the rest of the machine did during a measurement.
   *
   * @param otherCores CPU used by processes outside this JVM's tree, in cores (0.5 = half a core
   *     busy on average)
   * @param stealCores CPU time stolen by the hypervisor, in cores
   * @param loadAverage the higher of the 1-minute load averages at start and stop
   */
  public record Load(double otherCores, double stealCores, double loadAverage) {
    /** The cores taken from this measurement: by other processes and by the hypervisor. */
    public double takenCores() {
      return otherCores + stealCores;
    }
  }

  private static long[] cpuLine() {
    String stat = read(Path.of("/proc/stat"));
    int nl = stat.indexOf('\n');
    String line = nl < 0 ? stat : stat.substring(0, nl);
    if (!line.startsWith("cpu ")) {
      return new long[0];
    }
    String[] f = line.substring(4).strip().split("\\s+");
    long[] v = new long[f.length];
    for (int i = 0; i < f.length; i++) {
      v[i] = parse(f[i]);
    }
    return v;
  }

  /**
   * User plus system ticks of this JVM and of every process below it, fixtures included, and of
   * the kernel's threads: their work (writing back the {@code file} workload's pages, loopback
   * network processing) is done for the measured workload.
   */
  private static long ownTreeTicks() {
    long[] total = {ticks(ProcessHandle.current().pid()) + kernelThreadTicks()};
    ProcessHandle.current().descendants().forEach(p -> total[0] += ticks(p.pid()));
    return total[0];
  }

  /** Ticks of kthreadd (pid 2) and its children, the kernel's threads. */
  private static long kernelThreadTicks() {
    long total = 0;
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path p : procs) {
        total += kernelTicks(p.getFileName().toString(), read(p.resolve("stat")));
      }
    } catch (IOException | RuntimeException e) {
      return total; // no /proc here
    }
    return total;
  }

  /** The CPU ticks in the stat line of process {@code pid} if it is one of the kernel's threads, else 0. */
  static long kernelTicks(String pid, String stat) {
    String[] f = statFields(stat);
    return f.length > 12 && (pid.equals("2") || f[1].equals("2")) ? parse(f[11]) + parse(f[12]) : 0;
  }

  private static long ticks(long pid) {
    String[] f = statFields(read(Path.of("/proc", Long.toString(pid), "stat")));
    return f.length > 12 ? parse(f[11]) + parse(f[12]) : 0;
  }

  /**
   * The fields of a {@code /proc/<pid>/stat} line after the command name: state (field 3 of the
   * line) first, then the parent's pid; utime and stime (fields 14 and 15) at indexes 11 and 12.
   */
  static String[] statFields(String stat) {
    int close = stat.lastIndexOf(')');
    return close < 0 || close + 2 > stat.length() ? new String[0] : stat.substring(close + 2).split(" ");
  }

  /**
   * This process's age in ms, from the kernel's clock: its start (starttime, field 22 of {@code
   * /proc/self/stat}, index 19 of {@link #statFields}) and the time now ({@code /proc/uptime}),
   * both since boot, so no step of the wall clock moves it. 10 ms resolution; -1 without
   * {@code /proc}.
   */
  public static double ownAgeMs() {
    String[] f = statFields(read(Path.of("/proc/self/stat")));
    String up = read(Path.of("/proc/uptime"));
    int sp = up.indexOf(' ');
    if (f.length < 20 || sp < 0) {
      return -1;
    }
    try {
      return Math.max(0, Double.parseDouble(up.substring(0, sp)) * 1000 - parse(f[19]) * 1000 / TICKS_PER_SECOND);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static double loadAverage() {
    String s = read(Path.of("/proc/loadavg")).strip();
    int sp = s.indexOf(' ');
    try {
      return sp < 0 ? 0 : Double.parseDouble(s.substring(0, sp));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException | RuntimeException e) {
      return ""; // no /proc here, or the process ended
    }
  }

  private static long parse(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
