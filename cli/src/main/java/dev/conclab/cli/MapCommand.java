package dev.conclab.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code conclab map}: Run the seed's Pool.map on a model and print the result and the time. */
@Command(name = "map", mixinStandardHelpOptions = true, description = "Run the seed's Pool.map on a model and print the result and the time.")
final class MapCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UnsupportedOperationException("conclab map is not available yet");
  }
}
