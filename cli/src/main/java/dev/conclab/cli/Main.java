package dev.conclab.cli;

import java.io.PrintStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The {@code conclab} command: parses the command line into specs and hands them to the lab,
 * the pool, the server or the fetcher. It holds no logic of its own.
 *
 * <p>Exit codes: 0 success, 1 failure, 2 usage error.
 *
 * <p>Start-up: picocli reads every option of every command it is given by reflection, which
 * costs more than a JVM's own start. {@link #main} therefore builds only what the arguments
 * need: the one subcommand named first, only the command list (each command's name and
 * description) for the top-level {@code --help}, and nothing for {@code --version}.
 */
@Command(
    name = "conclab",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Concurrency models of Python (multiprocessing, threading, async/await, the GIL) "
        + "as Java tools, measured on this machine.")
public final class Main implements Runnable {
  /**
   * Every subcommand's class, in the order {@code --help} lists them; by name, so that a call
   * loads only the command it runs.
   */
  private static final Map<String, String> COMMANDS = new LinkedHashMap<>();

  static {
    String pkg = Main.class.getPackageName() + ".";
    COMMANDS.put("compare", pkg + "CompareCommand");
    COMMANDS.put("advise", pkg + "AdviseCommand");
    COMMANDS.put("map", pkg + "MapCommand");
    COMMANDS.put("serve", pkg + "ServeCommand");
    COMMANDS.put("load", pkg + "LoadCommand");
    COMMANDS.put("fetch", pkg + "FetchCommand");
    COMMANDS.put("member", pkg + "MemberCommand");
    COMMANDS.put("generate-completion", AutoComplete.class.getName() + "$GenerateCompletion");
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
  }

  /**
   * Builds the whole command line (every subcommand) with conclab's error handlers; tests use it
   * to run commands in-process.
   */
  public static CommandLine commandLine() {
    CommandLine cl = root();
    for (Map.Entry<String, String> e : COMMANDS.entrySet()) {
      cl.addSubcommand(e.getKey(), newCommand(e.getValue()));
    }
    CommandLine gen = cl.getSubcommands().get("generate-completion");
    if (gen != null) {
      gen.getCommandSpec().usageMessage().hidden(false);
    }
    return withConverters(cl);
  }

  /**
   * Builds as much of the command line as {@code args} need: the named subcommand alone, the
   * command list for a top-level help request, or (for anything else, e.g. a mistyped command
   * that should get picocli's suggestions) the whole command line.
   */
  static CommandLine commandLine(String... args) {
    if (args.length > 0 && COMMANDS.containsKey(args[0]) && !args[0].equals("generate-completion")) {
      CommandLine cl = root();
      cl.addSubcommand(args[0], newCommand(COMMANDS.getOrDefault(args[0], "")));
      return withConverters(cl);
    }
    if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
      CommandLine cl = root();
      for (Map.Entry<String, String> e : COMMANDS.entrySet()) {
        cl.addSubcommand(e.getKey(), listing(e.getKey(), e.getValue()));
      }
      return cl;
    }
    return commandLine();
  }

  /** Registers conclab's type converters on the command and every subcommand it has now. */
  private static CommandLine withConverters(CommandLine cl) {
    cl.registerConverter(Path.class, Main::path);
    return cl;
  }

  /** A path option's value; a path the file system cannot have is a usage error naming why. */
  static Path path(String value) {
    try {
      return Path.of(value);
    } catch (InvalidPathException e) {
      throw new CommandLine.TypeConversionException("bad path '" + value + "': " + e.getReason());
    }
  }

  private static CommandLine root() {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler(new OneLineErrors());
    cl.setParameterExceptionHandler(new OneLineErrors());
    return cl;
  }

  private static Class<?> load(String className) {
    try {
      return Class.forName(className, false, Main.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("missing command class " + className, e);
    }
  }

  private static Object newCommand(String className) {
    try {
      var ctor = load(className).getDeclaredConstructor();
      ctor.setAccessible(true);
      return ctor.newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot create command " + className, e);
    }
  }

  /** A command reduced to what the top-level help lists: its name and its description. */
  private static CommandSpec listing(String name, String className) {
    CommandSpec s = CommandSpec.create().name(name);
    Command c = load(className).getAnnotation(Command.class);
    if (c != null) {
      s.usageMessage().description(c.description());
    }
    return s;
  }

  /**
   * Whether the arguments only ask for the top-level help, which is printed from {@link
   * #HELP_RESOURCE} without picocli: picocli's classes are Java 5 class files, which the JVM's
   * class-data archive and AOT cache cannot hold, so building the command list and rendering it
   * cost several times a JVM's own start.
   */
  static boolean helpOnly(String... args) {
    return args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"));
  }

  /**
   * The top-level help exactly as picocli renders it without colours; {@code MainTest} checks
   * that it still is.
   */
  static final String HELP_RESOURCE = "help.txt";

  /** The top-level help text, or null if the resource is missing. */
  static byte @Nullable [] helpText() {
    try (java.io.InputStream in = Main.class.getResourceAsStream(HELP_RESOURCE)) {
      return in == null ? null : in.readAllBytes();
    } catch (java.io.IOException e) {
      return null;
    }
  }

  /** Whether the arguments only ask for the version, which needs no command line at all. */
  static boolean versionOnly(String... args) {
    return args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"));
  }

  /**
   * Renders the top-level help and {@code map}'s help into nothing. The launcher's background
   * run that records the CLI's AOT cache sets {@code -Dconclab.train=true}, so that the classes
   * of a help request are in the cache along with those of a {@code map}.
   */
  static void train() {
    java.io.PrintWriter sink = new java.io.PrintWriter(java.io.Writer.nullWriter());
    for (String[] a : new String[][] {{"--help"}, {"map", "--help"}}) {
      CommandLine cl = commandLine(a);
      cl.setOut(sink);
      cl.setErr(sink);
      var unused = cl.execute(a);
    }
  }

  public static void main(String[] args) {
    if (Boolean.getBoolean("conclab.train")) {
      train();
    }
    if (versionOnly(args)) {
      PrintStream out = System.out;
      for (String line : new VersionProvider().getVersion()) {
        out.println(line);
      }
      out.flush();
      System.exit(0);
    }
    byte[] help = helpOnly(args) ? helpText() : null;
    if (help != null) {
      System.out.write(help, 0, help.length);
      System.out.flush();
      System.exit(0);
    }
    int code = commandLine(args).execute(args);
    System.exit(code);
  }
}
