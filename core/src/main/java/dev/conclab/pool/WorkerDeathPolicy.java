package dev.conclab.pool;

/** What a {@link ProcessPool} does when one of its workers dies unexpectedly. */
public enum WorkerDeathPolicy {
  /**
   * Fail only the tasks the dead worker held, with {@link WorkerCrashedException}, start a
   * replacement and keep serving (the default).
   */
  REPLACE,
  /**
   * Fail every pending task with {@link WorkerCrashedException} and terminate the pool, like
   * {@code concurrent.futures.ProcessPoolExecutor}'s {@code BrokenProcessPool}.
   */
  TERMINATE_POOL
}
