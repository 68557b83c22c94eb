package dev.conclab.lab.advise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conclab.lab.Cell;
import dev.conclab.pool.SerializableFunction;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A fault inside one candidate (an out-of-memory error, a stack overflow, a worker JVM that dies)
 * becomes that candidate's error, through the lab's runner; the other candidates are measured and
 * one of them recommended.
 */
class AdvisorFaultsTest {
  private static int recurse(int depth) {
    return depth == Integer.MIN_VALUE ? depth : recurse(depth + 1) + 1;
  }

  /**
   * CPU time each healthy task burns. Long enough that the profile's fixed costs per task (about
   * a millisecond of wall time on a loaded 2-core machine) leave its CPU share above the 0.8 of
   * "cpu-bound": with 2 ms it measured 0.63 once under a full test run.
   */
  private static final double CPU_MS = 8;

  /**
   * Burns {@link #CPU_MS} of CPU where the profile and the sequential model run it (the profile's and the
   * runner's threads); on a virtual thread it overflows the stack, in a worker JVM (not
   * {@code parent}) input 0 kills the worker, and on any other thread (the {@code threads} model's) it asks for an array beyond the
   * VM's limit, a real {@link OutOfMemoryError} that leaves the heap alone.
   */
  static int faulty(int i, long parent) {
    Thread t = Thread.currentThread();
    if (ProcessHandle.current().pid() != parent) {
      if (i == 0) {
        Runtime.getRuntime().halt(3);
      }
      return AdvisorTest.spinThenSleep(i, CPU_MS, 0);
    }
    if (t.isVirtual()) {
      return recurse(i);
    }
    if (!t.getName().startsWith("conclab-advise-profile") && !t.getName().startsWith("conclab-bench-run")) {
      long[] huge = new long[Integer.MAX_VALUE];
      return huge.length;
    }
    return AdvisorTest.spinThenSleep(i, CPU_MS, 0);
  }

  @Test
  void outOfMemory_stackOverflow_andACrashedWorker_areTheirCandidatesErrors_andTheRunGoesOn()
      throws InterruptedException {
    long parent = ProcessHandle.current().pid();
    SerializableFunction<Integer, Integer> task = i -> faulty(i, parent);
    AdviceReport r = Advisor.builder("faulty", task, IntStream.range(0, 8).boxed().toList())
        .budget(Duration.ofSeconds(10)).build().run();
    assertThat(r.classification()).as(r.profile().toString()).isEqualTo("cpu-bound");
    assertThat(error(r, "threads")).contains("OutOfMemoryError");
    assertThat(error(r, "virtual")).contains("StackOverflowError");
    assertThat(error(r, "processes")).containsAnyOf("crash", "exit", "died", "Crashed");
    Cell seq = r.cells().stream().filter(c -> c.modelKind().equals("sequential")).findFirst().orElseThrow();
    assertThat(seq.ok()).as(seq + " " + r.leftOut()).isTrue();
    assertThat(seq.speedup()).isEqualTo(1.0);
    assertThat(r.recommended()).isEqualTo("sequential");
    assertThat(r.rejected().get(r.cells().stream().filter(c -> c.modelKind().equals("virtual")).findFirst()
        .orElseThrow().model())).startsWith("could not be measured: ").contains("StackOverflowError");
  }

  private static String error(AdviceReport r, String kind) {
    Cell c = r.cells().stream().filter(x -> x.modelKind().equals(kind)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " cell in " + r.cells() + "; left out: " + r.leftOut()));
    assertThat(c.ok()).isFalse();
    return String.valueOf(c.error());
  }
}
