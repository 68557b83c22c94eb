package dev.conclab.server;

import java.util.Locale;

/**
 * The threading model the {@code /items} handlers run on. The handlers are the same in every
 * mode; only the way they wait for the database and the simulated downstream call differs.
 */
public enum ServerMode {
  /** Handlers on Vert.x event loops; non-blocking database access, futures composed. */
  EVENT_LOOP("event-loop"),
  /** Handlers on a pool of platform worker threads; blocking database access (plain JDBC). */
  WORKER("worker"),
  /** Handlers on virtual threads; non-blocking clients awaited with {@code Future.await()}. */
  VIRTUAL("virtual");

  private final String label;

  ServerMode(String label) {
    this.label = label;
  }

  /** The command-line name: {@code event-loop}, {@code worker} or {@code virtual}. */
  public String label() {
    return label;
  }

  /**
   * Parses a command-line name (case-insensitive).
   *
   * @throws IllegalArgumentException naming the bad value and the valid ones
   */
  public static ServerMode parse(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    for (ServerMode m : values()) {
      if (m.label.equals(t) || m.name().toLowerCase(Locale.ROOT).equals(t)) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "unknown mode '" + text + "' (expected event-loop, worker or virtual)");
  }

  @Override
  public String toString() {
    return label;
  }
}
