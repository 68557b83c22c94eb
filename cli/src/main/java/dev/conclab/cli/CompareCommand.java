package dev.conclab.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code conclab compare}: Measure every model on CPU and I/O work and print the seed's comparison table. */
@Command(name = "compare", mixinStandardHelpOptions = true, description = "Measure every model on CPU and I/O work and print the seed's comparison table.")
final class CompareCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UnsupportedOperationException("conclab compare is not available yet");
  }
}
