/** Benchmarks of the process pool: dispatch cost per task, start-up, CPU speedup. */
@NullMarked
package dev.conclab.bench.pool;

import org.jspecify.annotations.NullMarked;
