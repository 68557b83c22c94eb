/** Benchmarks of the asyncio-style event loop ({@code aio}) and the {@code async} model. */
@NullMarked
package dev.conclab.bench.aio;

import org.jspecify.annotations.NullMarked;
