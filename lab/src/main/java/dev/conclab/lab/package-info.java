/** conclab lab. */
@NullMarked
package dev.conclab.lab;

import org.jspecify.annotations.NullMarked;
