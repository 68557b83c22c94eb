package dev.conclab.cli;

import dev.conclab.server.ItemsServer;
import dev.conclab.server.ServerMode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code conclab serve}: the note's FastAPI {@code GET /items} as a Vert.x service. Runs until
 * SIGTERM or SIGINT, then finishes the requests in flight and exits 0.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve GET /items from a database on Vert.x (the note's FastAPI example).",
      "Endpoints: GET /items?limit=&offset=, GET /items/{id}, GET /health, GET /metrics.",
      "Runs until SIGTERM/SIGINT, then finishes requests in flight and exits 0."
    })
final class ServeCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--mode", defaultValue = "event-loop", paramLabel = "MODE",
      description = "event-loop | worker | virtual (default: ${DEFAULT-VALUE})")
  String mode = "event-loop";

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE})")
  String host = "127.0.0.1";

  @Option(names = "--port", defaultValue = "8080", description = "Port, 0 for any free one (default: ${DEFAULT-VALUE})")
  int port = 8080;

  @Option(names = "--db-url", paramLabel = "URL",
      description = "jdbc:h2:... or postgresql://user:pass@host:port/db (default: embedded in-memory H2)")
  @Nullable String dbUrl;

  @Option(names = "--table", defaultValue = "items", description = "Table to read; created and seeded when missing (default: ${DEFAULT-VALUE})")
  String table = "items";

  @Option(names = "--seed-items", defaultValue = "1000", description = "Items to seed an empty table with (default: ${DEFAULT-VALUE})")
  int seedItems = 1000;

  @Option(names = "--fetch-delay", defaultValue = "0ms", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
      description = "Simulated downstream latency in fetch_data, e.g. 10ms (default: ${DEFAULT-VALUE})")
  Duration fetchDelay = Duration.ZERO;

  @Option(names = "--idle-timeout", defaultValue = "60s", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
      description = "Drop a connection that sends no complete request for this long, idle or trickling (default: ${DEFAULT-VALUE})")
  Duration idleTimeout = Duration.ofSeconds(60);

  @Option(names = "--shutdown-timeout", defaultValue = "30s", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
      description = "How long shutdown waits for requests in flight (default: ${DEFAULT-VALUE})")
  Duration shutdownTimeout = Duration.ofSeconds(30);

  @Option(names = "--worker-threads", defaultValue = "200", description = "Worker threads in worker mode (default: ${DEFAULT-VALUE})")
  int workerThreads = 200;

  @Option(names = "--instances", description = "HTTP server instances (default: 2 x cores)")
  @Nullable Integer instances;

  @Option(names = "--db-pool-size", defaultValue = "16", description = "Database connections (default: ${DEFAULT-VALUE})")
  int dbPoolSize = 16;

  @Option(names = "--max-request-line", defaultValue = "4096", description = "Longest request line in bytes, longer gets 414 (default: ${DEFAULT-VALUE})")
  int maxRequestLine = 4096;

  @Option(names = "--max-header-size", defaultValue = "8192", description = "Largest headers in bytes, larger gets 431 (default: ${DEFAULT-VALUE})")
  int maxHeaderSize = 8192;

  @Option(names = "--max-body-size", defaultValue = "16384", description = "Largest body in bytes, larger gets 413 (default: ${DEFAULT-VALUE})")
  long maxBodySize = 16384;

  @Override
  public Integer call() {
    ItemsServer.Builder b =
        ItemsServer.builder()
            .mode(ServerMode.parse(mode))
            .host(host)
            .port(port)
            .dbUrl(dbUrl)
            .table(table)
            .seedItems(seedItems)
            .fetchDelay(fetchDelay)
            .idleTimeout(idleTimeout)
            .shutdownTimeout(shutdownTimeout)
            .workerThreads(workerThreads)
            .dbPoolSize(dbPoolSize)
            .maxInitialLineLength(maxRequestLine)
            .maxHeaderSize(maxHeaderSize)
            .maxBodySize(maxBodySize);
    Integer n = instances;
    if (n != null) {
      b.instances(n);
    }
    ItemsServer server = b.start();
    PrintWriter out = spec.commandLine().getOut();
    Signals.Termination signals = Signals.awaitable("conclab-serve-shutdown");
    try {
      out.printf(
          "conclab serve: listening on %s (mode %s, database %s, fetch delay %d ms, %s)%n",
          server.url(), server.mode(), server.database(), fetchDelay.toMillis(), server.transport());
      out.flush();
      try {
        signals.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      out.println("conclab serve: shutting down, finishing " + server.requestsInFlight() + " request(s) in flight");
      out.flush();
      server.close();
    } finally {
      signals.close();
    }
    out.println("conclab serve: stopped");
    out.flush();
    return 0;
  }
}
