package dev.conclab.fetch;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * One row: what happened to one URL.
 *
 * @param index the URL's position in the input, from 0
 * @param url the URL as given
 * @param status the final HTTP status, or 0 when no response arrived
 * @param bytes body bytes of the final response
 * @param time from the first attempt's start to the end of the last one, retries and redirects
 *     included
 * @param finalUrl the URL of the final response after redirects, or {@code null} when none
 *     arrived
 * @param protocol {@code HTTP/1.1} or {@code HTTP/2}, or {@code null} when no response arrived
 * @param attempts attempts made for the last URL in the redirect chain (1 when no retries, 0
 *     when the URL was rejected before any request)
 * @param redirects redirects followed
 * @param error why the URL failed, or {@code null} when it succeeded
 * @param message a one-line description of the failure, or {@code null} when it succeeded
 */
public record FetchResult(
    long index,
    String url,
    int status,
    long bytes,
    Duration time,
    @Nullable String finalUrl,
    @Nullable String protocol,
    int attempts,
    int redirects,
    @Nullable ErrorKind error,
    @Nullable String message) {

  public FetchResult {
    requireNonNull(url, "url");
    requireNonNull(time, "time");
    if ((error == null) != (message == null)) {
      throw new IllegalArgumentException("error and message must both be set or both be null");
    }
  }

  /** Whether the URL succeeded: a response with a status below 400 arrived. */
  public boolean ok() {
    return error == null;
  }

  static FetchResult failure(long index, String url, Duration time, ErrorKind kind, String message) {
    return new FetchResult(index, url, 0, 0, time, null, null, 0, 0, kind, message);
  }

  /** The row for a job that the engine's termination dropped before its first request. */
  static FetchResult notStarted(Job job) {
    return failure(job.index, job.url, job.elapsed(), Outcome.ABORTED.kind(),
        Outcome.ABORTED.message());
  }

  /** The row for a job whose engine threw instead of producing an outcome (a bug, not the URL). */
  static FetchResult internalError(Job job, Throwable t) {
    Outcome.Failure f = Outcome.internal(t);
    return failure(job.index, job.url, job.elapsed(), f.kind(), f.message());
  }
}
