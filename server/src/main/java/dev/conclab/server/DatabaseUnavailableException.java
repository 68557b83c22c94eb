package dev.conclab.server;

/** The database could not be reached or failed a query; clients get 503 with Retry-After. */
class DatabaseUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  DatabaseUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
