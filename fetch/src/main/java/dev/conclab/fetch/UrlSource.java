package dev.conclab.fetch;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Lazy URL lists: one URL per line, surrounding blanks trimmed, blank lines and lines starting
 * with {@code #} skipped. Nothing is read before it is needed, so a list of any length costs
 * one line of memory. The iterators are not thread-safe.
 */
public final class UrlSource {
  private UrlSource() {}

  /**
   * The URLs in a reader's lines. The reader is read as the iterator advances and closed when it
   * is exhausted.
   *
   * <p>{@code hasNext} may block (reading) and throws {@link UncheckedIOException} when reading
   * fails.
   */
  public static Iterator<String> lines(BufferedReader reader) {
    requireNonNull(reader, "reader");
    return new Iterator<>() {
      private @Nullable String pending;
      private boolean done;

      @Override
      public boolean hasNext() {
        while (pending == null && !done) {
          String line;
          try {
            line = reader.readLine();
          } catch (IOException e) {
            throw new UncheckedIOException("cannot read URL list: " + e.getMessage(), e);
          }
          if (line == null) {
            done = true;
            try {
              reader.close();
            } catch (IOException e) {
              throw new UncheckedIOException("cannot close URL list: " + e.getMessage(), e);
            }
            break;
          }
          String t = line.strip();
          if (!t.isEmpty() && !t.startsWith("#")) {
            pending = t;
          }
        }
        return pending != null;
      }

      @Override
      public String next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        String t = requireNonNull(pending);
        pending = null;
        return t;
      }
    };
  }

  /**
   * The URLs of several sources in order; each source is opened only when the previous one is
   * exhausted.
   */
  public static Iterator<String> concat(List<Supplier<Iterator<String>>> sources) {
    Deque<Supplier<Iterator<String>>> queue = new ArrayDeque<>(sources);
    return new Iterator<>() {
      private @Nullable Iterator<String> current;

      @Override
      public boolean hasNext() {
        while (true) {
          Iterator<String> c = current;
          if (c != null && c.hasNext()) {
            return true;
          }
          Supplier<Iterator<String>> s = queue.poll();
          if (s == null) {
            return false;
          }
          current = s.get();
        }
      }

      @Override
      public String next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return requireNonNull(current).next();
      }
    };
  }
}
