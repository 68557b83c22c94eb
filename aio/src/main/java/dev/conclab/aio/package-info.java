/** conclab aio. */
@NullMarked
package dev.conclab.aio;

import org.jspecify.annotations.NullMarked;
