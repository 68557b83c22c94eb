/** Measurement: wall and CPU time, RSS, threads and processes of this JVM and its children, latency percentiles. */
@NullMarked
package dev.conclab.lab.measure;

import org.jspecify.annotations.NullMarked;
