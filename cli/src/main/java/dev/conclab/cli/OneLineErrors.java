package dev.conclab.cli;

import dev.conclab.model.ErrorText;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns every user mistake and every failure into one line on stderr and an exit code: usage
 * errors exit 2, failures exit 1. Stack traces are printed only with {@code CONCLAB_DEBUG=1}.
 * Control characters in a message (a value given with a line break, say) are printed escaped
 * ({@link ErrorText#oneLine}), so the error is always exactly one line.
 */
final class OneLineErrors implements IExecutionExceptionHandler, IParameterExceptionHandler {

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println("conclab: " + ErrorText.oneLine(ex.getMessage())
        + " (try '" + cmd.getCommandSpec().qualifiedName() + " --help')");
    err.flush();
    return CommandLine.ExitCode.USAGE;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    PrintWriter err = cmd.getErr();
    if (ex instanceof UsageException || ex instanceof IllegalArgumentException) {
      err.println("conclab: " + ErrorText.oneLine(ex.getMessage()));
      err.flush();
      return CommandLine.ExitCode.USAGE;
    }
    err.println("conclab: " + describe(ex));
    if ("1".equals(System.getenv("CONCLAB_DEBUG"))) {
      ex.printStackTrace(err);
    }
    err.flush();
    return CommandLine.ExitCode.SOFTWARE;
  }

  static String describe(Throwable t) {
    String msg = t.getMessage();
    String text = msg == null || msg.isBlank() ? t.getClass().getSimpleName() : msg;
    return ErrorText.oneLine(text);
  }
}
