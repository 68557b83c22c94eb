package dev.conclab.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code conclab load}: Open-loop HTTP load generator (latency from intended send time). */
@Command(name = "load", mixinStandardHelpOptions = true, description = "Open-loop HTTP load generator (latency from intended send time).")
final class LoadCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UnsupportedOperationException("conclab load is not available yet");
  }
}
