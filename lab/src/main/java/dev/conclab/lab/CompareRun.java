package dev.conclab.lab;

import static java.util.Objects.requireNonNull;

import dev.conclab.lab.report.ReportFormat;
import dev.conclab.lab.report.Reports;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One run of {@code conclab compare}: a comparison measured by {@link Lab#compare} or two earlier
 * JSON reports compared by {@link CompareDiff}, rendered in a {@link ReportFormat} and printed or
 * written to a file. The command line only parses its options and calls {@link #compare} or
 * {@link #diff}. Stateless.
 */
public final class CompareRun {
  private CompareRun() {}

  /**
   * Measures the comparison and prints its report, or, with {@code out}, prints the text table
   * and writes the report to {@code out}. The table is printed before the file is written, so a
   * failed write does not lose the measurements. Blocks until every cell is measured.
   *
   * @throws IllegalArgumentException if {@code out} cannot be written (checked before measuring)
   * @throws IOException naming the file and the reason, if writing it failed
   * @throws InterruptedException if interrupted while measuring
   */
  public static CompareResult compare(CompareSpec spec, ReportFormat format, @Nullable Path out,
      PrintWriter stdout, Lab.Listener listener) throws IOException, InterruptedException {
    requireNonNull(spec, "spec");
    requireNonNull(format, "format");
    if (out != null) {
      checkWritable(out);
    }
    CompareResult result = Lab.compare(spec, listener);
    if (out == null) {
      stdout.print(Reports.render(result, format));
    } else {
      stdout.print(Reports.render(result, ReportFormat.TEXT));
      stdout.flush();
      write(out, Reports.render(result, format));
      stdout.println("report (" + format.name().toLowerCase(Locale.ROOT) + ") written to " + out);
    }
    stdout.flush();
    return result;
  }

  /**
   * Compares two earlier {@code --format json} reports and prints the per-cell changes, or
   * writes them to {@code out}.
   *
   * @throws IllegalArgumentException if a report cannot be read or is not a comparison report,
   *     or {@code out} cannot be written
   * @throws IOException naming the file and the reason, if writing it failed
   */
  public static void diff(Path before, Path after, ReportFormat format, @Nullable Path out, PrintWriter stdout)
      throws IOException {
    if (out != null) {
      checkWritable(out);
    }
    String report = CompareDiff.render(CompareDiff.diff(before, after), format);
    if (out == null) {
      stdout.print(report);
    } else {
      write(out, report);
      stdout.println("diff written to " + out);
    }
    stdout.flush();
  }

  private static void write(Path target, String text) throws IOException {
    try {
      Files.writeString(target, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IOException("cannot write the report to " + target + ": " + reason(e), e);
    }
  }

  /**
   * Rejects, before anything is measured, a report file that cannot be written.
   *
   * @throws IllegalArgumentException {@code cannot write --out FILE: <reason>}
   */
  static void checkWritable(Path target) {
    if (Files.isDirectory(target)) {
      throw new IllegalArgumentException("cannot write --out " + target + ": it is a directory");
    }
    if (Files.exists(target)) {
      if (!Files.isWritable(target)) {
        throw new IllegalArgumentException("cannot write --out " + target + ": the file is not writable");
      }
      return;
    }
    Path parent = target.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      throw new IllegalArgumentException("cannot write --out " + target + ": no such directory " + parent);
    }
    if (parent != null && !Files.isWritable(parent)) {
      throw new IllegalArgumentException("cannot write --out " + target + ": directory " + parent + " is not writable");
    }
  }

  /** Why a file could not be written, in words: the file system's reason, never a class name alone. */
  static String reason(IOException e) {
    if (e instanceof FileSystemException fse) {
      if (fse.getReason() != null) {
        return String.valueOf(fse.getReason());
      }
      if (e instanceof AccessDeniedException) {
        return "permission denied";
      }
      if (e instanceof NoSuchFileException) {
        return "no such file or directory";
      }
      return e.getClass().getSimpleName();
    }
    String msg = e.getMessage();
    return msg == null || msg.isBlank() ? e.getClass().getSimpleName() : msg;
  }
}
