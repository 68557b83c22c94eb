/** The note's comparison columns (parallel? GIL-affected? best for) derived from measured cells. */
@NullMarked
package dev.conclab.lab.verdict;

import org.jspecify.annotations.NullMarked;
