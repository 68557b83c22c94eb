/** JMH benchmarks of the emulated GIL: {@code Gil.check()} cost and hand-off latency. */
@NullMarked
package dev.conclab.bench.gil;

import org.jspecify.annotations.NullMarked;
