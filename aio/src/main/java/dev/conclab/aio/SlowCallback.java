package dev.conclab.aio;

import java.time.Duration;
import java.util.List;

/**
 * A report of asyncio-debug-mode's "Executing ... took N seconds": a task held the event loop
 * for longer than the configured threshold without reaching an await. The stack is the task's
 * stack at the moment the detector noticed, so it shows the code that blocks the loop.
 *
 * @param taskName the task's name
 * @param elapsed how long the task had held the loop when it was noticed
 * @param threshold the configured threshold
 * @param stack the task's stack at that moment, innermost frame first
 */
public record SlowCallback(String taskName, Duration elapsed, Duration threshold, List<StackTraceElement> stack) {

  public SlowCallback {
    stack = List.copyOf(stack);
  }

  /** The report as text: a headline and the stack, one frame a line. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder()
        .append("Executing <Task ").append(taskName).append("> has blocked the event loop for ")
        .append(elapsed.toMillis()).append(" ms (slow callback threshold ").append(threshold.toMillis())
        .append(" ms)");
    for (StackTraceElement e : stack) {
      sb.append(System.lineSeparator()).append("\tat ").append(e);
    }
    return sb.toString();
  }
}
