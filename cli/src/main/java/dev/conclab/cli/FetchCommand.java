package dev.conclab.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code conclab fetch}: Fetch many URLs concurrently and print each status. */
@Command(name = "fetch", mixinStandardHelpOptions = true, description = "Fetch many URLs concurrently and print each status.")
final class FetchCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UnsupportedOperationException("conclab fetch is not available yet");
  }
}
