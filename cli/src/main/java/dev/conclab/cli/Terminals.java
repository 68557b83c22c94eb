package dev.conclab.cli;

import java.io.Console;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether the command's streams are terminals: progress bars are drawn only on one. */
final class Terminals {
  private Terminals() {}

  /**
   * Whether stderr is (very likely) a terminal. On Linux, whether fd 2 points at a tty device
   * (so {@code > out.txt} still shows the bar); elsewhere, whether there is a console and, on
   * JDK 22+, it is a terminal.
   */
  static boolean stderrIsTerminal() {
    Path fd2 = Path.of("/proc/self/fd/2");
    if (Files.exists(fd2, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      try {
        String target = Files.readSymbolicLink(fd2).toString();
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
      } catch (IOException | UnsupportedOperationException | SecurityException e) {
        // fall through to the console check
      }
    }
    Console c = System.console();
    if (c == null) {
      return false;
    }
    try {
      Object terminal = Console.class.getMethod("isTerminal").invoke(c);
      return Boolean.TRUE.equals(terminal);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }
}
