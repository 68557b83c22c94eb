/** I/O-bound workloads (http, sleep, file, sql) and the fixtures they talk to, run in a child JVM. */
@NullMarked
package dev.conclab.lab.workload.io;

import org.jspecify.annotations.NullMarked;
