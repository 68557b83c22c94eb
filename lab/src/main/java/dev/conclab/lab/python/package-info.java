/**
 * CPython beside the JVM: the note's own Python runs the lab's workloads through small twin
 * scripts (standard library only), one cell at a time ({@link dev.conclab.lab.python.PythonCell}),
 * measured with the lab's sampler; and the GIL's hand-off interval measured on CPython and on the
 * emulated {@code Gil} ({@link dev.conclab.lab.python.GilFidelity}).
 */
@NullMarked
package dev.conclab.lab.python;

import org.jspecify.annotations.NullMarked;
