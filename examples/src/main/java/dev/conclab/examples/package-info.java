/** conclab examples. */
@NullMarked
package dev.conclab.examples;

import org.jspecify.annotations.NullMarked;
