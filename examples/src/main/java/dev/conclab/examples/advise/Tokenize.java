package dev.conclab.examples.advise;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * CPU work whose result is not serializable: splits a generated text into lower-case words and
 * returns them as {@link Tokens}.
 *
 * <pre>conclab advise --class-path CP --task dev.conclab.examples.advise.Tokenize::words --n 100</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class Tokenize {
  private static final String[] WORDS = {"Pool", "map", "GIL", "await", "thread", "Process", "event", "loop", "worker"};

  private Tokenize() {}

  /** The words of text {@code index}. */
  public static Tokens words(int index) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      sb.append(WORDS[(i * 31 + index) % WORDS.length]).append(i % 7 == 0 ? ". " : " ");
    }
    List<String> out = new ArrayList<>();
    for (String w : sb.toString().split("[ .]+")) {
      out.add(w.toLowerCase(Locale.ROOT));
    }
    return new Tokens(out);
  }
}
