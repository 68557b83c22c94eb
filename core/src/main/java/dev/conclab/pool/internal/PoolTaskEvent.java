package dev.conclab.pool.internal;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A JDK Flight Recorder event per task chunk run by a process pool (a chunk is one task with
 * chunksize 1): which pool, which worker, how many tasks, how long, and how it ended. Recorded in
 * the parent JVM; see it with {@code jfr print --events dev.conclab.PoolTask rec.jfr} or JDK
 * Mission Control.
 */
@Name("dev.conclab.PoolTask")
@Label("Process Pool Task")
@Category({"conclab", "Process Pool"})
@Description("A chunk of tasks run by a conclab ProcessPool worker JVM")
@StackTrace(false)
public final class PoolTaskEvent extends Event {
  @Label("Pool")
  String pool = "";

  @Label("Worker PID")
  long workerPid;

  @Label("Tasks")
  int tasks;

  @Label("Outcome")
  @Description("ok, failed (a task threw), crashed, timeout or cancelled")
  String outcome = "";
}
