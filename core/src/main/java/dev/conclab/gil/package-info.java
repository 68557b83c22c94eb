/** An emulation of CPython's global interpreter lock ("new GIL", 3.2+): {@code Gil} and {@code GilExecutor}. */
@NullMarked
package dev.conclab.gil;

import org.jspecify.annotations.NullMarked;
