package dev.conclab.lab.measure;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Measures this JVM and its child processes while a batch runs: CPU time (this JVM's from the
 * {@code OperatingSystemMXBean}, children's from {@link ProcessHandle.Info#totalCpuDuration()}),
 * peak resident memory (sum of {@code VmRSS} in {@code /proc/<pid>/status}), peak heap, peak
 * threads (this JVM's exact peak plus the children's sampled {@code Threads}) and peak processes.
 * Fixture processes (and their children) are left out. Peaks of children are sampled every
 * {@code period}; on systems without {@code /proc}, RSS and child threads read as 0.
 *
 * <p>Sampling must cost the measured work little: finding the children walks all of
 * {@code /proc}, and a child's CPU time comes from {@link ProcessHandle#info()}, which reads
 * several files, so both are refreshed every {@value #FULL_EVERY}th sample (and at stop) rather
 * than every sample; memory and threads are read from one {@code status} file per process. So a
 * child that starts and exits between two refreshes is not seen at all, and a child's CPU time
 * after its last refresh is lost; the pools and fixtures measured here live for the whole run.
 *
 * <p>Not thread-safe: one thread starts and stops a sampler. {@link #stop()} blocks until the
 * sampling thread has ended.
 */
public final class Sampler {
  private static final OperatingSystemMXBean OS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final Set<Long> excluded;
  private final Duration period;
  private final Map<Long, Long> firstCpu = new HashMap<>();
  private final Map<Long, Long> lastCpu = new HashMap<>();
  private final long startCpu;
  private final long startNanos;
  private final Thread thread;
  private volatile boolean running = true;
  private long peakRss;
  private long peakHeap;
  private int peakChildThreads;
  private int peakProcesses = 1;
  /** Refresh the list of children and their CPU times once in this many samples. */
  static final int FULL_EVERY = 5;

  private List<ProcessHandle> kids = List.of();
  private int samples;

  private Sampler(Set<Long> excluded, Duration period) {
    this.excluded = excluded;
    this.period = period;
    THREADS.resetPeakThreadCount();
    for (ProcessHandle p : children()) {
      p.info().totalCpuDuration().ifPresent(d -> firstCpu.put(p.pid(), d.toNanos()));
    }
    startCpu = OS.getProcessCpuTime();
    startNanos = System.nanoTime();
    sample(true);
    thread = Thread.ofPlatform().daemon(true).name("conclab-lab-sampler").start(this::loop);
  }

  private int skipped;

  /** Starts sampling, leaving out the given fixture processes. */
  public static Sampler start(List<Long> fixturePids, Duration period) {
    return new Sampler(new HashSet<>(fixturePids), period);
  }

  private void loop() {
    while (running) {
      try {
        Thread.sleep(period);
      } catch (InterruptedException e) {
        return;
      }
      sample(false);
    }
  }

  private List<ProcessHandle> children() {
    Set<Long> skip = new HashSet<>(excluded);
    for (long pid : excluded) {
      ProcessHandle.of(pid).ifPresent(h -> h.descendants().forEach(d -> skip.add(d.pid())));
    }
    return ProcessHandle.current().descendants()
        .filter(p -> !skip.contains(p.pid()))
        .collect(Collectors.toList());
  }

  /**
   * Takes one sample. A sample that cannot be taken (for example no file descriptor is left to
   * read /proc while the workload holds thousands of sockets) is skipped: the peaks keep the
   * samples that were taken, and the workload is not disturbed.
   */
  private synchronized void sample(boolean full) {
    boolean refresh = full || samples % FULL_EVERY == 0;
    samples++;
    try {
      sampleOnce(refresh);
    } catch (RuntimeException e) {
      skipped++;
    }
  }

  /** Samples that could not be taken. */
  public synchronized int skippedSamples() {
    return skipped;
  }

  private void sampleOnce(boolean full) {
    long rss = statusFields("self", "VmRSS:")[0] * 1024;
    int childThreads = 0;
    if (full) {
      kids = children();
    }
    for (ProcessHandle p : kids) {
      long[] f = statusFields(Long.toString(p.pid()), "VmRSS:", "Threads:");
      rss += f[0] * 1024;
      childThreads += (int) f[1];
      if (full) {
        p.info().totalCpuDuration().ifPresent(d -> lastCpu.put(p.pid(), d.toNanos()));
      }
    }
    peakRss = Math.max(peakRss, rss);
    peakHeap = Math.max(peakHeap, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    peakChildThreads = Math.max(peakChildThreads, childThreads);
    peakProcesses = Math.max(peakProcesses, 1 + kids.size());
  }

  /**
   * Numeric fields of {@code /proc/<pid>/status} (kB for memory), from one read of the file; a
   * field reads 0 when the file or the field cannot be read.
   */
  static long[] statusFields(String pid, String... fields) {
    long[] values = new long[fields.length];
    String status;
    try {
      status = Files.readString(Path.of("/proc", pid, "status"));
    } catch (IOException | RuntimeException e) {
      return values; // the process ended, or there is no /proc here
    }
    for (int i = 0; i < fields.length; i++) {
      int at;
      if (status.startsWith(fields[i])) {
        at = 0;
      } else {
        int nl = status.indexOf("\n" + fields[i]);
        if (nl < 0) {
          continue;
        }
        at = nl + 1;
      }
      long v = 0;
      for (int j = at + fields[i].length(); j < status.length() && status.charAt(j) != '\n'; j++) {
        char c = status.charAt(j);
        if (c >= '0' && c <= '9') {
          v = v * 10 + (c - '0');
        }
      }
      values[i] = v;
    }
    return values;
  }

  /** Stops sampling and returns what was measured. Blocks until the sampling thread ends. */
  public Usage stop() throws InterruptedException {
    long wall = System.nanoTime() - startNanos;
    long parentCpu = OS.getProcessCpuTime() - startCpu;
    running = false;
    thread.interrupt();
    thread.join();
    sample(true);
    synchronized (this) {
      long childCpu = 0;
      for (Map.Entry<Long, Long> e : lastCpu.entrySet()) {
        childCpu += e.getValue() - firstCpu.getOrDefault(e.getKey(), 0L);
      }
      return new Usage(wall, Math.max(0, parentCpu), Math.max(0, childCpu), peakRss, peakHeap,
          THREADS.getPeakThreadCount() + peakChildThreads, peakProcesses);
    }
  }

  /**
   * What a sampler measured.
   *
   * @param wallNanos elapsed time between start and stop
   * @param parentCpuNanos CPU time of this JVM
   * @param childCpuNanos CPU time of child processes (not fixtures)
   * @param peakRssBytes peak resident memory of this JVM plus its children
   * @param peakHeapBytes peak used heap of this JVM
   * @param peakThreads peak threads of this JVM plus its children's (platform threads only)
   * @param peakProcesses peak number of processes: this JVM plus its children
   */
  public record Usage(long wallNanos, long parentCpuNanos, long childCpuNanos, long peakRssBytes,
      long peakHeapBytes, int peakThreads, int peakProcesses) {

    /** CPU time of this JVM and its children. */
    public long cpuNanos() {
      return parentCpuNanos + childCpuNanos;
    }
  }
}
