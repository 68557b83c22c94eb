/** The conclab command line (picocli). */
@NullMarked
package dev.conclab.cli;

import org.jspecify.annotations.NullMarked;
