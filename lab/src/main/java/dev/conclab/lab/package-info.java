/**
 * The lab: measures every execution model on CPU and I/O workloads ({@link dev.conclab.lab.Lab},
 * driven by a {@link dev.conclab.lab.CompareSpec}) and derives the note's comparison table.
 */
@NullMarked
package dev.conclab.lab;

import org.jspecify.annotations.NullMarked;
