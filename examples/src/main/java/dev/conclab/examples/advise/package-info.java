/**
 * Tasks to try {@code conclab advise} on: plain static methods with no dependency on conclab, one
 * per kind of work (CPU-bound, I/O-bound, mixed, and one whose result is not serializable).
 */
@NullMarked
package dev.conclab.examples.advise;

import org.jspecify.annotations.NullMarked;
