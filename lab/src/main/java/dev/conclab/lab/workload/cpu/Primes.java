package dev.conclab.lab.workload.cpu;

import dev.conclab.lab.workload.GilPoint;
import dev.conclab.lab.workload.Outcome;
import dev.conclab.lab.workload.Probe;
import dev.conclab.lab.workload.Size;
import dev.conclab.lab.workload.Trial;
import dev.conclab.lab.workload.Workload;
import dev.conclab.lab.workload.WorkloadKind;
import dev.conclab.model.Work;
import dev.conclab.pool.SerializableFunction;

/** {@code primes}: each task counts the primes in its own block of numbers by trial division. */
public final class Primes implements Workload {
  static final long BASE = 1_000_000L;

  @Override
  public String name() {
    return "primes";
  }

  @Override
  public WorkloadKind kind() {
    return WorkloadKind.CPU;
  }

  @Override
  public String description() {
    return "count primes in a block of numbers by trial division";
  }

  @Override
  public String unitName() {
    return "numbers per task";
  }

  @Override
  public Size quickSize() {
    return new Size(48, 40_000);
  }

  @Override
  public Size fullSize() {
    return new Size(192, 100_000);
  }

  @Override
  public Trial open(Size size) {
    return Trial.of(Work.of(name(), new Task(size.unit())), size);
  }

  /** True if {@code n} is prime; calls the GIL check once per candidate divisor block. */
  static boolean isPrime(long n) {
    if (n < 2) {
      return false;
    }
    if (n % 2 == 0) {
      return n == 2;
    }
    for (long d = 3; d * d <= n; d += 2) {
      if ((d & 63) == 3) {
        GilPoint.check();
      }
      if (n % d == 0) {
        return false;
      }
    }
    return true;
  }

  /** Counts primes in {@code [BASE + item * block, BASE + (item + 1) * block)}. */
  record Task(int block) implements SerializableFunction<Integer, Outcome> {
    private static final long serialVersionUID = 1L;

    @Override
    public Outcome apply(Integer item) {
      return Probe.measure(() -> count(item, block));
    }
  }

  /** The number of primes in item {@code item}'s block of {@code block} numbers. */
  static long count(int item, int block) {
    long from = BASE + (long) item * block;
    long count = 0;
    for (long n = from; n < from + block; n++) {
      GilPoint.check();
      if (isPrime(n)) {
        count++;
      }
    }
    return count;
  }
}
