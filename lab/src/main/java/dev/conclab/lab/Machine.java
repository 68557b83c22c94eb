package dev.conclab.lab;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;

/**
 * The machine a comparison ran on.
 *
 * @param cores available processors
 * @param memoryMb physical memory
 * @param maxHeapMb this JVM's maximum heap
 * @param jdk vendor and version of the running JDK
 * @param os operating system name, version and architecture
 */
public record Machine(int cores, long memoryMb, long maxHeapMb, String jdk, String os) {

  /** This machine. */
  public static Machine current() {
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    return new Machine(
        Runtime.getRuntime().availableProcessors(),
        os.getTotalMemorySize() / (1024 * 1024),
        Runtime.getRuntime().maxMemory() / (1024 * 1024),
        System.getProperty("java.vendor", "?") + " " + Runtime.version(),
        System.getProperty("os.name", "?") + " " + System.getProperty("os.version", "") + " "
            + System.getProperty("os.arch", ""));
  }
}
