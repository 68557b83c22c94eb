package dev.conclab.model;

import org.jspecify.annotations.Nullable;

/**
 * Puts user input into error messages so that a message stays one line: a value that contains a
 * line break, a tab or another control character is shown with that character escaped ({@code
 * \n}, {@code \r}, {@code \t}, or {@code \}{@code uXXXX}), never written raw.
 */
public final class ErrorText {
  private ErrorText() {}

  /** {@code value} in single quotes with its control characters escaped, for an error message. */
  public static String quote(@Nullable Object value) {
    return "'" + escape(String.valueOf(value)) + "'";
  }

  /**
   * {@code text} with every control character (C0, DEL, C1) and the Unicode line and paragraph
   * separators escaped, so that it prints as one line. Other characters are kept as they are.
   */
  public static String escape(String text) {
    int i = 0;
    while (i < text.length() && !needsEscape(text.charAt(i))) {
      i++;
    }
    if (i == text.length()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 8).append(text, 0, i);
    for (; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!needsEscape(c)) {
        out.append(c);
        continue;
      }
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> out.append(String.format("\\u%04x", (int) c));
      }
    }
    return out.toString();
  }

  /** A whole message made one line: its control characters escaped, outer white space stripped. */
  public static String oneLine(@Nullable String message) {
    return message == null ? "" : escape(message.strip());
  }

  private static boolean needsEscape(char c) {
    return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
  }
}
