/** conclab pool. */
@NullMarked
package dev.conclab.pool;

import org.jspecify.annotations.NullMarked;
