/** conclab fetch. */
@NullMarked
package dev.conclab.fetch;

import org.jspecify.annotations.NullMarked;
