/** JMH benchmarks of the execution models: the cost to run one trivial task on each. */
@NullMarked
package dev.conclab.bench.model;

import org.jspecify.annotations.NullMarked;
