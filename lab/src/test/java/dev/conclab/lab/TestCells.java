package dev.conclab.lab;

import dev.conclab.lab.measure.Bootstrap;
import dev.conclab.lab.measure.Interval;
import dev.conclab.lab.measure.Stats;
import dev.conclab.lab.workload.WorkloadKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/** Synthetic cells for tests: a median batch time with seeded multiplicative noise on its runs. */
public final class TestCells {
  private final String model;
  private final String workload;
  private final String kind;
  private double medianMs = 100;
  private double noisePct;
  private long seed = 1;
  private int runs = 5;
  private int tasks = 48;
  private int threads = 20;
  private @Nullable Integer inFlight = 1;
  private @Nullable String error;
  private double background;

  private TestCells(String model, String workload, String kind) {
    this.model = model;
    this.workload = workload;
    this.kind = kind;
  }

  /** A cell of {@code model} (its kind too) on {@code workload} of kind {@code cpu} or {@code io}. */
  public static TestCells cell(String model, String workload, String kind) {
    return new TestCells(model, workload, kind);
  }

  public TestCells ms(double v) {
    medianMs = v;
    return this;
  }

  /** Each run is the median times a factor drawn from a normal distribution of this many percent. */
  public TestCells noise(double pct, long newSeed) {
    noisePct = pct;
    seed = newSeed;
    return this;
  }

  public TestCells runs(int n) {
    runs = n;
    return this;
  }

  public TestCells tasks(int n) {
    tasks = n;
    return this;
  }

  public TestCells threads(int n) {
    threads = n;
    return this;
  }

  public TestCells inFlight(@Nullable Integer n) {
    inFlight = n;
    return this;
  }

  /** Cores that other processes and the hypervisor took during the cell's runs. */
  public TestCells background(double cores) {
    background = cores;
    return this;
  }

  public TestCells error(String why) {
    error = why;
    return this;
  }

  /** The cell, without a speedup. */
  public Cell build() {
    Random rnd = new Random(seed);
    List<Double> rs = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      rs.add(Math.max(1e-3, medianMs * (1 + rnd.nextGaussian() * noisePct / 100)));
    }
    double[] a = rs.stream().mapToDouble(Double::doubleValue).toArray();
    double med = Stats.median(a);
    Interval ci = Bootstrap.median(a);
    boolean io = kind.equals("io");
    String modelKind = model.startsWith("py:") ? model : model.split(":")[0];
    Measurement m = new Measurement(
        new Measurement.Timing(1, tasks, 3, med, ci, Stats.spreadPercent(a), runs, rs, tasks / (med / 1000), false),
        new Measurement.Resources(med, 0.5, 50, 20, threads, 1, inFlight, background),
        io ? new Measurement.Latency(10.0, 20.0) : null, null);
    Cell c = new MeasuredCell(model, modelKind, workload, io ? WorkloadKind.IO : WorkloadKind.CPU, tasks, 1, m,
        List.of(), null);
    return error == null ? c : c.withError(error);
  }

  /** The cells with their speedups over the sequential cell of the same workload. */
  public static List<Cell> withSpeedups(List<Cell> cells) {
    List<Cell> out = new ArrayList<>();
    for (Cell c : cells) {
      String prefix = c.modelKind().startsWith("py:") ? "py:" : "";
      Cell base = cells.stream().filter(b -> b.modelKind().equals(prefix + "sequential")
          && b.workload().equals(c.workload())).findFirst().orElse(null);
      out.add(base == null ? c : c == base ? c.withSpeedup(1.0, null) : Cells.withSpeedup(c, base));
    }
    return out;
  }
}
