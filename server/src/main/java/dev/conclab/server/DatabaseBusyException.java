package dev.conclab.server;

/**
 * Every pooled database connection was in use for the whole wait, or the wait queue was full:
 * the database is healthy but the server is saturated. Clients get 503 "database busy" with
 * Retry-After, told apart from {@link DatabaseUnavailableException}'s outage by message and by
 * the {@code conclab_db_rejections_total{reason="busy"}} metric.
 */
final class DatabaseBusyException extends DatabaseUnavailableException {
  private static final long serialVersionUID = 1L;

  DatabaseBusyException(String message, Throwable cause) {
    super(message, cause);
  }
}
