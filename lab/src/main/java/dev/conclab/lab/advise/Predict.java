package dev.conclab.lab.advise;

/**
 * Predicted speedups over sequential from a task's profile. Stateless.
 *
 * <p>Implementation notes: with {@code C} tasks in flight on {@code P} cores, a task of wall time
 * {@code t} and CPU time {@code c} is limited twice. Little's law for the waiting part: at most
 * {@code C / t} tasks finish per unit of time. Amdahl over the cores for the CPU part: the CPU
 * work runs on at most {@code min(C, P)} cores, so at most {@code min(C, P) / c} tasks finish per
 * unit of time (the tasks are independent, so the serial part is the dispatch, which the profile
 * cannot see). Speedup is the smaller limit times {@code t}. A process-based model adds the
 * per-task transfer cost {@code x} (serializing the argument and the result, and reading them
 * back) to both {@code t} and {@code c}.
 */
final class Predict {
  private Predict() {}

  /** {@code cpu-bound}, {@code io-bound} or {@code mixed} for a CPU share of wall time. */
  static String classify(double cpuFraction) {
    if (cpuFraction >= 0.8) {
      return "cpu-bound";
    }
    return cpuFraction <= 0.2 ? "io-bound" : "mixed";
  }

  /** Tasks per second with {@code inFlight} tasks at once in this JVM (threads, virtual threads). */
  static double throughput(Profile p, int inFlight, int cores) {
    return throughput(p.wallMsPerTask(), p.cpuMsPerTask(), inFlight, cores);
  }

  /** Tasks per second on {@code workers} worker processes, each paying {@code transferMs} per task. */
  static double processThroughput(Profile p, int workers, int cores, double transferMs) {
    return throughput(p.wallMsPerTask() + transferMs, p.cpuMsPerTask() + transferMs, workers, cores);
  }

  /** Speedup over sequential of a throughput. */
  static double speedup(Profile p, double tasksPerSec) {
    return tasksPerSec * Math.max(p.wallMsPerTask(), 1e-6) / 1000;
  }

  private static double throughput(double wallMs, double cpuMs, int inFlight, int cores) {
    double t = Math.max(wallMs, 1e-6);
    double c = Math.max(cpuMs, 1e-6);
    int n = Math.max(1, inFlight);
    double little = n / t;
    double amdahl = Math.min(n, cores) / c;
    return Math.min(little, amdahl) * 1000;
  }
}
