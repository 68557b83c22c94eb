package dev.conclab.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code conclab member}: Start a standalone cluster member that runs tasks. */
@Command(name = "member", mixinStandardHelpOptions = true, description = "Start a standalone cluster member that runs tasks.")
final class MemberCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UnsupportedOperationException("conclab member is not available yet");
  }
}
