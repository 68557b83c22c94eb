package dev.conclab.fetch;

import java.net.URI;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * Decides what follows an attempt: the final row, a retry (after a backoff) or a redirect.
 * Shared by every engine so that they agree row for row. Stateless and thread-safe; it mutates
 * only the {@link Job} it is given.
 *
 * <p>Retries: a connect error, a reset or a 5xx status is retried up to {@code retries} times,
 * waiting {@code backoff × 2^(n-1)} with equal jitter (between half and all of it) before retry
 * {@code n}. A redirect (301, 302, 303, 307, 308 with a Location) starts a new URL with a fresh
 * attempt count.
 */
final class Policy {
  private final FetchSpec spec;

  Policy(FetchSpec spec) {
    this.spec = spec;
  }

  /**
   * The row for this job, or {@code null} when another attempt must run: then {@code job.uri} is
   * what to fetch and {@code job.delayNanos} how long to wait first.
   */
  @SuppressWarnings("NonAtomicVolatileUpdate") // a Job has one writer at a time
  @Nullable FetchResult decide(Job job, Outcome outcome) {
    job.delayNanos = 0;
    if (outcome instanceof Outcome.Failure f) {
      if (f.kind().retryable() && job.attempt <= spec.retries()) {
        scheduleRetry(job);
        return null;
      }
      return new FetchResult(job.index, job.url, 0, 0, job.elapsed(), null, null, job.attempt,
          job.redirects, f.kind(), f.message());
    }
    Outcome.Response r = (Outcome.Response) outcome;
    if (isRedirect(r.status()) && r.location() != null) {
      if (job.redirects >= spec.maxRedirects()) {
        return row(job, r, ErrorKind.TOO_MANY_REDIRECTS,
            "too many redirects (more than " + spec.maxRedirects() + ")");
      }
      Object next = Targets.resolve(job.uri, r.location());
      if (next instanceof Outcome.Failure f) {
        return row(job, r, f.kind(), f.message());
      }
      job.uri = (URI) next;
      job.redirects++;
      job.attempt = 1;
      return null;
    }
    if (r.status() >= 500 && job.attempt <= spec.retries()) {
      scheduleRetry(job);
      return null;
    }
    if (r.status() >= 400) {
      return row(job, r, ErrorKind.HTTP_STATUS, "HTTP " + r.status());
    }
    return row(job, r, null, null);
  }

  /** Like {@link #decide} for an outcome that must end the job (no retry). */
  FetchResult end(Job job, Outcome.Failure failure) {
    return new FetchResult(job.index, job.url, 0, 0, job.elapsed(), null, null, job.attempt,
        job.redirects, failure.kind(), failure.message());
  }

  @SuppressWarnings("NonAtomicVolatileUpdate") // a Job has one writer at a time
  private void scheduleRetry(Job job) {
    long base = spec.retryBackoff().toNanos();
    long full = base << Math.min(job.attempt - 1, 20);
    if (full < 0) {
      full = Long.MAX_VALUE / 2;
    }
    long half = full / 2;
    job.delayNanos = half + (half > 0 ? ThreadLocalRandom.current().nextLong(half + 1) : 0);
    job.attempt++;
  }

  private static FetchResult row(
      Job job, Outcome.Response r, @Nullable ErrorKind kind, @Nullable String message) {
    return new FetchResult(job.index, job.url, r.status(), r.bytes(), job.elapsed(),
        job.uri.toString(), r.protocol(), job.attempt, job.redirects, kind, message);
  }

  static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }
}
