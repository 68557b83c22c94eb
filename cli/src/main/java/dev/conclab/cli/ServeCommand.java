package dev.conclab.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code conclab serve}: Serve GET /items from a database on Vert.x. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Serve GET /items from a database on Vert.x.")
final class ServeCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UnsupportedOperationException("conclab serve is not available yet");
  }
}
