/** conclab cluster. */
@NullMarked
package dev.conclab.cluster;

import org.jspecify.annotations.NullMarked;
