package dev.conclab.lab.python;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A Python interpreter that can run the lab's twins: found on the {@code PATH} or given by path,
 * checked by running it once, and described by what it said about itself. Immutable and
 * thread-safe; the factories block while the interpreter answers (at most {@link #PROBE_TIMEOUT}).
 */
public final class PythonRuntime {
  /** The executable looked for when none is given. */
  public static final String DEFAULT_EXECUTABLE = "python3";

  /** The oldest Python the twins are written for. */
  public static final int MIN_MINOR = 9;

  /** How long the interpreter may take to describe itself. */
  public static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);

  /** The line to print when there is no Python: how to get the Python rows. */
  public static final String MISSING_HINT = "no python3 on the PATH: the Python rows need CPython 3.9 or later "
      + "(e.g. apt-get install python3), or pass --python /path/to/python";

  private static final String PROBE = String.join("\n",
      "import json, multiprocessing, os, platform, sys, sysconfig",
      "check = getattr(sys, '_is_gil_enabled', None)",
      "print(json.dumps({'version': platform.python_version(), 'major': sys.version_info[0],",
      "  'minor': sys.version_info[1], 'implementation': platform.python_implementation(),",
      "  'gil_enabled': bool(check()) if check is not None else True,",
      "  'free_threaded_build': bool(sysconfig.get_config_var('Py_GIL_DISABLED')),",
      "  'start_method': multiprocessing.get_start_method(),",
      "  'start_methods': multiprocessing.get_all_start_methods(),",
      "  'executable': sys.executable}))");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path executable;
  private final Interpreter interpreter;

  /**
   * What an interpreter says about itself.
   *
   * @param version e.g. {@code 3.11.2}
   * @param implementation e.g. {@code CPython}
   * @param gilEnabled whether it runs with a GIL ({@code sys._is_gil_enabled()}, true before 3.13)
   * @param freeThreadedBuild whether it was built free-threaded ({@code Py_GIL_DISABLED})
   * @param defaultStartMethod {@code multiprocessing}'s default start method here
   * @param startMethods every start method it supports
   */
  public record Interpreter(String version, String implementation, boolean gilEnabled, boolean freeThreadedBuild,
      String defaultStartMethod, List<String> startMethods) {
    public Interpreter {
      startMethods = List.copyOf(startMethods);
    }

    /** E.g. {@code CPython 3.11.2}, with {@code , no GIL} when it runs without one. */
    public String describe() {
      return implementation + " " + version + (gilEnabled ? "" : ", no GIL");
    }
  }

  private PythonRuntime(Path executable, Interpreter interpreter) {
    this.executable = executable;
    this.interpreter = interpreter;
  }

  /**
   * {@value #DEFAULT_EXECUTABLE} from the {@code PATH}, or empty when there is none or it cannot
   * run the twins (print {@link #MISSING_HINT} then). Blocks while it answers.
   */
  public static Optional<PythonRuntime> findDefault() {
    Optional<Path> onPath = onPath(DEFAULT_EXECUTABLE);
    if (onPath.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(probe(onPath.get(), DEFAULT_EXECUTABLE));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * The interpreter {@code executable}: a path, or a name looked up on the {@code PATH} (such as
   * {@code python3.13t}). Blocks while it answers.
   *
   * @throws IllegalArgumentException with a one-line message if it is not found, cannot be run,
   *     does not answer, or is older than Python 3.9
   */
  public static PythonRuntime of(String executable) {
    requireNonNull(executable, "executable");
    if (executable.isBlank()) {
      throw new IllegalArgumentException("the Python executable must not be blank");
    }
    Path path;
    if (executable.contains(File.separator)) {
      path = Path.of(executable);
      if (!Files.isRegularFile(path)) {
        throw new IllegalArgumentException("Python executable '" + executable + "' does not exist");
      }
      if (!Files.isExecutable(path)) {
        throw new IllegalArgumentException("Python executable '" + executable + "' is not executable");
      }
    } else {
      path = onPath(executable).orElseThrow(() -> new IllegalArgumentException(
          "Python executable '" + executable + "' is not on the PATH"));
    }
    return probe(path, executable);
  }

  private static PythonRuntime probe(Path path, String given) {
    Path dir;
    try {
      dir = Files.createTempDirectory("conclab-python-probe-");
    } catch (IOException e) {
      throw new IllegalStateException("cannot create a temporary directory: " + e.getMessage(), e);
    }
    try {
      PythonProcess.Finished f = PythonProcess.run(
          List.of(path.toString(), "-E", "-s", "-c", PROBE), dir, PythonProcess.newMarker(), PROBE_TIMEOUT, pid -> {});
      if (f.timedOut()) {
        throw new IllegalArgumentException("Python executable '" + given + "' did not answer within "
            + PROBE_TIMEOUT.toSeconds() + " s");
      }
      JsonNode facts = lastJsonLine(f.stdout());
      if (f.exitCode() != 0 || facts == null) {
        String why = f.lastErrorLine().isEmpty() ? "exit status " + f.exitCode() : f.lastErrorLine();
        throw new IllegalArgumentException("Python executable '" + given + "' cannot run the lab's scripts: " + why);
      }
      int major = facts.path("major").asInt();
      int minor = facts.path("minor").asInt();
      String version = facts.path("version").asText();
      if (major != 3 || minor < MIN_MINOR) {
        throw new IllegalArgumentException("Python executable '" + given + "' is Python " + version
            + "; the lab's scripts need 3." + MIN_MINOR + " or later");
      }
      List<String> methods = new ArrayList<>();
      facts.path("start_methods").forEach(m -> methods.add(m.asText()));
      Interpreter it = new Interpreter(version, facts.path("implementation").asText(),
          facts.path("gil_enabled").asBoolean(true), facts.path("free_threaded_build").asBoolean(false),
          facts.path("start_method").asText(), methods);
      // Run the interpreter itself, not a wrapper (a pyenv shim, say) whose own processes would be measured.
      Path real = Path.of(facts.path("executable").asText(""));
      boolean usable = real.isAbsolute() && Files.isRegularFile(real) && Files.isExecutable(real);
      return new PythonRuntime(usable ? real : path, it);
    } catch (IOException e) {
      throw new IllegalArgumentException("Python executable '" + given + "' cannot be run: " + oneLine(e.getMessage()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while asking Python executable '" + given + "' about itself", e);
    } finally {
      PythonScripts.delete(dir);
    }
  }

  /** The last line of {@code stdout} that parses as a JSON object, or null. */
  static @Nullable JsonNode lastJsonLine(String stdout) {
    String[] lines = stdout.split("\n");
    for (int i = lines.length - 1; i >= 0; i--) {
      String line = lines[i].strip();
      if (line.startsWith("{")) {
        try {
          JsonNode n = JSON.readTree(line);
          if (n != null && n.isObject()) {
            return n;
          }
        } catch (IOException e) {
          return null;
        }
      }
    }
    return null;
  }

  private static String oneLine(@Nullable String s) {
    return s == null ? "" : s.replace('\n', ' ').strip();
  }

  /** {@code name} in the first {@code PATH} directory holding an executable file by that name. */
  static Optional<Path> onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path p = Path.of(dir, name);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /**
   * The interpreter's own executable ({@code sys.executable}), which cells run; the path found
   * when the interpreter does not name one.
   */
  public Path executable() {
    return executable;
  }

  /** What the interpreter said about itself. */
  public Interpreter interpreter() {
    return interpreter;
  }

  /** Whether it runs without a GIL (a free-threaded build with the GIL off): its threads may run in parallel. */
  public boolean freeThreaded() {
    return !interpreter.gilEnabled();
  }

  @Override
  public String toString() {
    return interpreter.describe() + " (" + executable + ")";
  }
}
