package dev.conclab.examples.advise;

import java.util.List;

/**
 * The words of a text, as a plain class that is not serializable: a task returning it cannot
 * run in another JVM.
 *
 * @param words the words, in order
 */
public record Tokens(List<String> words) {}
