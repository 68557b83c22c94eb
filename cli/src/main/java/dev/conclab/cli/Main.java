package dev.conclab.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code conclab} command: parses the command line into specs and hands them to the lab,
 * the pool, the server or the fetcher. It holds no logic of its own.
 *
 * <p>Exit codes: 0 success, 1 failure, 2 usage error.
 */
@Command(
    name = "conclab",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Concurrency models of Python (multiprocessing, threading, async/await, the GIL) "
        + "as Java tools, measured on this machine.",
    subcommands = {
      CompareCommand.class,
      AdviseCommand.class,
      MapCommand.class,
      ServeCommand.class,
      LoadCommand.class,
      FetchCommand.class,
      MemberCommand.class,
      AutoComplete.GenerateCompletion.class
    })
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
  }

  /** Builds the command line with conclab's error handlers; tests use it to run commands in-process. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler(new OneLineErrors());
    cl.setParameterExceptionHandler(new OneLineErrors());
    CommandLine gen = cl.getSubcommands().get("generate-completion");
    if (gen != null) {
      gen.getCommandSpec().usageMessage().hidden(false);
    }
    return cl;
  }

  public static void main(String[] args) {
    int code = commandLine().execute(args);
    System.exit(code);
  }
}
