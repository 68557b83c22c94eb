package dev.conclab.lab.load;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.lang.management.ManagementFactory;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * An open-loop HTTP load generator (wrk2's model). Each connection owns a schedule of intended
 * send times spaced {@code connections / rate} apart; it sends the next request when that time
 * comes, or at once if the previous response came back late, and records latency from the
 * intended time into an HdrHistogram. A slow server therefore shows its full queueing delay
 * instead of slowing the generator down (no coordinated omission). Without a rate it runs
 * closed-loop, as fast as the connections allow, and measures from the actual send time.
 *
 * <p>The generator's own overhead is measured and reported: its process CPU time per wall
 * second, and how late its timers fired relative to the schedule.
 *
 * <p>Thread-safe: {@link #run} may be called from several threads; each run owns its own
 * Vert.x instance and threads, all released before it returns.
 */
public final class LoadGenerator {

  private static final long MAX_LATENCY_MICROS = TimeUnit.MINUTES.toMicros(10);

  private LoadGenerator() {}

  /**
   * Runs the load described by {@code spec}. Blocks for the warmup plus the duration, plus at
   * most the request timeout for responses still outstanding at the end.
   *
   * @throws IllegalStateException if interrupted or if the generator fails to start
   */
  public static LoadResult run(LoadSpec spec) {
    Vertx vertx = Vertx.builder().with(new VertxOptions().setEventLoopPoolSize(spec.threads())).build();
    try {
      return new Run(vertx, spec).execute();
    } finally {
      try {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        // best effort
      }
    }
  }

  /** Names an error for the report. */
  static String kind(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      if (c instanceof ConnectException || c instanceof UnknownHostException) {
        break;
      }
      c = c.getCause();
    }
    String msg = String.valueOf(c.getMessage()).toLowerCase(java.util.Locale.ROOT);
    if (c instanceof UnknownHostException || msg.contains("unknown host") || msg.contains("failed to resolve")) {
      return "dns";
    }
    if (c instanceof ConnectException || msg.contains("connection refused")) {
      return "connect refused";
    }
    if (c instanceof TimeoutException
        || c.getClass().getSimpleName().contains("Timeout")
        || msg.contains("timeout")
        || msg.contains("timed out")) {
      return "timeout";
    }
    if (c.getClass().getSimpleName().equals("HttpClosedException") || msg.contains("closed") || msg.contains("reset")) {
      return "connection closed";
    }
    return c.getClass().getSimpleName();
  }

  /** One run's state. Lanes run on event loops; the counters are concurrent. */
  private static final class Run {
    private final Vertx vertx;
    private final LoadSpec spec;
    private final boolean rated;
    private final long intervalNanos;
    private final Histogram latency = new ConcurrentHistogram(MAX_LATENCY_MICROS, 3);
    private final Histogram lag = new ConcurrentHistogram(MAX_LATENCY_MICROS, 3);
    private final LongAdder requests = new LongAdder();
    private final LongAdder ok = new LongAdder();
    private final LongAdder missed = new LongAdder();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final CountDownLatch lanesDone;
    private final RequestOptions request;
    private long start;
    private long warmupEnd;
    private long end;
    private long hardStop;
    private HttpClientAgent client;

    Run(Vertx vertx, LoadSpec spec) {
      this.vertx = vertx;
      this.spec = spec;
      this.rated = spec.rate() > 0;
      this.intervalNanos = rated ? Math.max(1, Math.round(spec.connections() * 1e9 / spec.rate())) : 0;
      this.lanesDone = new CountDownLatch(spec.connections());
      this.request =
          new RequestOptions()
              .setMethod(HttpMethod.GET)
              .setHost(spec.url().getHost())
              .setPort(spec.port())
              .setURI(spec.target())
              .setTimeout(spec.timeout().toMillis());
      this.client =
          vertx.createHttpClient(
              new HttpClientOptions()
                  .setKeepAlive(true)
                  .setPipelining(false)
                  .setTcpNoDelay(true)
                  .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, spec.timeout().toMillis())),
              new PoolOptions()
                  .setHttp1MaxSize(spec.connections())
                  .setEventLoopSize(spec.threads())
                  .setMaxWaitQueueSize(-1));
    }

    LoadResult execute() {
      var os = ManagementFactory.getOperatingSystemMXBean();
      long cpu0 = os instanceof com.sun.management.OperatingSystemMXBean s ? s.getProcessCpuTime() : -1;
      start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
      warmupEnd = start + spec.warmup().toNanos();
      end = warmupEnd + spec.duration().toNanos();
      hardStop = end + spec.timeout().toNanos();
      AtomicInteger nextLoop = new AtomicInteger();
      int threads = spec.threads();
      Future<String> deployed =
          vertx.deployVerticle(
              () ->
                  new VerticleBase() {
                    @Override
                    public Future<?> start() {
                      int loop = nextLoop.getAndIncrement();
                      for (int i = loop; i < spec.connections(); i += threads) {
                        new Lane(i).next(false);
                      }
                      return Future.succeededFuture();
                    }
                  },
              new io.vertx.core.DeploymentOptions().setInstances(threads));
      try {
        deployed.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        long waitNanos = hardStop - System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        lanesDone.await(Math.max(0, waitNanos), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      } catch (ExecutionException | TimeoutException e) {
        throw new IllegalStateException("load generator failed to start: " + e.getMessage(), e);
      }
      long wall = System.nanoTime() - start;
      long cpu1 = os instanceof com.sun.management.OperatingSystemMXBean s ? s.getProcessCpuTime() : -1;
      double cpuCores = cpu0 >= 0 && cpu1 >= 0 && wall > 0 ? (double) (cpu1 - cpu0) / wall : 0;
      double seconds = spec.duration().toNanos() / 1e9;
      TreeMap<String, Long> errs = new TreeMap<>();
      errors.forEach((k, v) -> errs.put(k, v.sum()));
      Histogram h = latency.copy();
      Histogram l = lag.copy();
      boolean any = h.getTotalCount() > 0;
      return new LoadResult(
          spec.url().toString(),
          spec.connections(),
          seconds,
          spec.rate(),
          requests.sum(),
          ok.sum(),
          requests.sum() / seconds,
          any ? h.getValueAtPercentile(50) / 1000.0 : 0,
          any ? h.getValueAtPercentile(90) / 1000.0 : 0,
          any ? h.getValueAtPercentile(99) / 1000.0 : 0,
          any ? h.getValueAtPercentile(99.9) / 1000.0 : 0,
          any ? h.getMaxValue() / 1000.0 : 0,
          any ? h.getMean() / 1000.0 : 0,
          errs,
          missed.sum(),
          cpuCores,
          l.getTotalCount() > 0 ? l.getValueAtPercentile(99) / 1000.0 : 0,
          l.getTotalCount() > 0 ? l.getMaxValue() / 1000.0 : 0);
    }

    private boolean measured(long intended) {
      return intended >= warmupEnd && intended < end;
    }

    private void error(String kind) {
      errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    /** One connection's schedule: at most one request in flight. Confined to one event loop. */
    private final class Lane {
      private long nextIntended;
      private boolean finished;

      Lane(int index) {
        // stagger the lanes evenly across one interval
        this.nextIntended = start + (rated ? intervalNanos * index / spec.connections() : 0);
      }

      void next(boolean backoff) {
        long now = System.nanoTime();
        long intended;
        if (rated) {
          intended = nextIntended;
          nextIntended += intervalNanos;
        } else {
          intended = Math.max(now, start);
        }
        if (intended >= end) {
          finish();
          return;
        }
        if (now >= hardStop) {
          // behind schedule when time ran out: the rest of the window was never sent
          long left = rated ? (end - intended + intervalNanos - 1) / intervalNanos : 0;
          long inWindow = rated ? Math.max(0, (end - Math.max(intended, warmupEnd) + intervalNanos - 1) / intervalNanos) : 0;
          missed.add(Math.min(left, inWindow));
          finish();
          return;
        }
        long wait = intended - now;
        if (wait > 0 || backoff) {
          long delay = Math.max(wait, backoff ? TimeUnit.MILLISECONDS.toNanos(1) : 0);
          vertx.timer(delay, TimeUnit.NANOSECONDS).onComplete(t -> send(intended, true));
        } else {
          send(intended, false);
        }
      }

      private void send(long intended, boolean timed) {
        long sent = System.nanoTime();
        if (timed && rated && measured(intended)) {
          lag.recordValue(Math.min(MAX_LATENCY_MICROS, Math.max(0, sent - intended) / 1000));
        }
        client
            .request(request)
            .compose(req -> req.send())
            .compose(resp -> resp.body().map(b -> resp.statusCode()))
            .onComplete(
                ar -> {
                  long done = System.nanoTime();
                  boolean failed = ar.failed();
                  if (measured(intended)) {
                    if (failed) {
                      error(kind(ar.cause()));
                    } else {
                      int status = ar.result();
                      requests.increment();
                      latency.recordValue(Math.min(MAX_LATENCY_MICROS, (done - intended) / 1000));
                      if (status < 400) {
                        ok.increment();
                      } else {
                        error("status " + status);
                      }
                    }
                  }
                  next(failed && !rated);
                });
      }

      private void finish() {
        if (!finished) {
          finished = true;
          lanesDone.countDown();
        }
      }
    }
  }
}
