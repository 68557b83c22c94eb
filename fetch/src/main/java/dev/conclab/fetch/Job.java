package dev.conclab.fetch;

import java.net.URI;
import java.time.Duration;

/**
 * One URL's fetch in progress: where it is now, how many attempts and redirects it has used.
 * Written by one thread at a time (the engine hands it from attempt to attempt); the counts are
 * volatile so that an abort on another thread reports them.
 */
final class Job {
  final long index;
  final String url;
  final long startNanos;
  URI uri;
  volatile int attempt = 1;
  volatile int redirects = 0;
  long delayNanos = 0;

  Job(long index, String url, URI uri, long startNanos) {
    this.index = index;
    this.url = url;
    this.uri = uri;
    this.startNanos = startNanos;
  }

  Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}
