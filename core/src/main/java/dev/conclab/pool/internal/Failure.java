package dev.conclab.pool.internal;

/**
 * A failed task's slot in a chunk's results, where a value would otherwise be: the exception the
 * caller gets for that task. Immutable.
 */
record Failure(RuntimeException error) {}
