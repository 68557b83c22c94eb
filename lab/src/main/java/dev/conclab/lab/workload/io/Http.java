package dev.conclab.lab.workload.io;

import dev.conclab.lab.workload.GilPoint;
import dev.conclab.lab.workload.Outcome;
import dev.conclab.lab.workload.Probe;
import dev.conclab.lab.workload.Size;
import dev.conclab.lab.workload.Trial;
import dev.conclab.model.EventLoop;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;

/**
 * {@code http}: each task GETs {@code /?i=item&delay=unit} from a local latency server (a Vert.x
 * server in a child JVM started by the lab) that answers after {@code unit} ms. Blocking form:
 * the JDK's {@link HttpClient}, inside {@code Gil.released}; non-blocking form: a Vert.x HTTP
 * client on the event loop's own Vert.x.
 */
public final class Http extends IoWorkload {

  public Http() {
    super("http", "GET from a local latency server that answers after a delay",
        "ms server delay", new Size(100, 20), new Size(10_000, 100), aboutThreeSeconds(5));
  }

  @Override
  public Trial open(Size size) throws IOException {
    Fixture server = Fixture.start("http");
    return new IoTrial(new Task(server.port(), size.unit()).work(name()), size, FixtureMain::httpValue, server) {
      @Override
      public Optional<URI> endpoint() {
        return Optional.of(URI.create("http://127.0.0.1:" + server.port() + "/"));
      }

      @Override
      public void afterRun() {
        Blocking.release();
      }

      @Override
      public void close() {
        Blocking.release();
        super.close();
      }
    };
  }

  /**
   * The JDK clients shared by blocking tasks in one JVM (their helper threads are virtual). A JDK
   * client drives all its connections from one selector thread, which becomes the bottleneck with
   * thousands of requests in flight, so tasks are spread over a few clients. They keep their
   * connections alive for the tasks of one run; {@link #release()} closes them after the run.
   */
  private static final class Blocking {
    private static final int CLIENTS = Math.max(2, 2 * Runtime.getRuntime().availableProcessors());
    private static final @Nullable HttpClient[] clients = new HttpClient[CLIENTS];

    static synchronized HttpClient get(int item) {
      int i = Math.floorMod(item, CLIENTS);
      HttpClient c = clients[i];
      if (c == null) {
        c = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30))
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();
        clients[i] = c;
      }
      return c;
    }

    /** Closes the clients and their idle connections; later tasks create new ones. */
    static void release() {
      List<HttpClient> open = new ArrayList<>();
      synchronized (Blocking.class) {
        for (int i = 0; i < CLIENTS; i++) {
          HttpClient c = clients[i];
          if (c != null) {
            open.add(c);
            clients[i] = null;
          }
        }
      }
      for (HttpClient c : open) {
        c.shutdownNow();
      }
      try {
        for (HttpClient c : open) {
          c.awaitTermination(Duration.ofSeconds(10));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static final Map<Vertx, HttpClientAgent> CLIENTS = new WeakHashMap<>();

  private static synchronized HttpClientAgent client(Vertx vertx) {
    return CLIENTS.computeIfAbsent(vertx, v -> v.createHttpClient(
        new HttpClientOptions().setKeepAlive(true).setConnectTimeout(30_000),
        new PoolOptions().setHttp1MaxSize(20_000).setMaxWaitQueueSize(-1)));
  }

  /** One GET; serializable so worker JVMs can run it. */
  record Task(int port, int delayMs) implements IoTask {
    private static final long serialVersionUID = 1L;

    private String path(int item) {
      return "/?i=" + item + "&delay=" + delayMs;
    }

    @Override
    public Outcome apply(Integer item) {
      return Probe.measure(() -> {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + FixtureMain.httpHost(item) + ":" + port + path(item)))
            .timeout(Duration.ofSeconds(120)).GET().build();
        HttpResponse<String> resp = GilPoint.released(
            () -> Blocking.get(item).send(req, HttpResponse.BodyHandlers.ofString()));
        return check(resp.statusCode(), resp.body());
      });
    }

    @Override
    public CompletionStage<Outcome> async(Integer item, EventLoop loop) {
      return Probe.measureAsync(() -> client(loop.unwrap(Vertx.class))
          .request(HttpMethod.GET, port, FixtureMain.httpHost(item), path(item))
          .compose(req -> req.send())
          .compose(resp -> resp.body().map(body -> check(resp.statusCode(), body.toString())))
          .toCompletionStage());
    }

    private static long check(int status, String body) {
      if (status != 200) {
        throw new IllegalStateException("latency server answered HTTP " + status);
      }
      return Long.parseLong(body.strip());
    }
  }
}
