/**
 * {@code conclab load}: an open-loop HTTP load generator in the spirit of wrk2. Latency is
 * measured from each request's intended send time, so a slow server cannot hide its queueing
 * (no coordinated omission). Entry points: {@link dev.conclab.lab.load.LoadSpec} and
 * {@link dev.conclab.lab.load.LoadGenerator}.
 */
@NullMarked
package dev.conclab.lab.load;

import org.jspecify.annotations.NullMarked;
