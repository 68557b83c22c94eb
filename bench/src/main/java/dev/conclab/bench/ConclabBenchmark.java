package dev.conclab.bench;

import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The JMH settings conclab's benchmarks share, inherited by their subclasses: average time per
 * operation, 3 warm-up and 5 measured iterations of 2 s each, one fork. A subclass states its
 * output unit and overrides any of these with its own annotation.
 */
@BenchmarkMode(Mode.AverageTime)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public abstract class ConclabBenchmark {}
