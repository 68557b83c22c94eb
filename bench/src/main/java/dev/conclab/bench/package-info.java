/** conclab bench. */
@NullMarked
package dev.conclab.bench;

import org.jspecify.annotations.NullMarked;
