/** The workloads the lab measures: {@link dev.conclab.lab.workload.Workload}, the registry {@link dev.conclab.lab.workload.Workloads} and per-task probes. */
@NullMarked
package dev.conclab.lab.workload;

import org.jspecify.annotations.NullMarked;
