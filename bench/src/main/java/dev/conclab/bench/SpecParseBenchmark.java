package dev.conclab.bench;

import dev.conclab.model.ModelSpec;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/** Smoke benchmark that keeps the JMH build honest: cost of parsing a model spec. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SpecParseBenchmark {
  @Benchmark
  public ModelSpec parse() {
    return ModelSpec.parse("processes:workers=2,chunksize=1");
  }
}
