/** conclab server. */
@NullMarked
package dev.conclab.server;

import org.jspecify.annotations.NullMarked;
