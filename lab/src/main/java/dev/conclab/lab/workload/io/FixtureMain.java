package dev.conclab.lab.workload.io;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.h2.tools.Server;

/**
 * The lab's fixture servers, each run in its own JVM so their threads, memory and CPU are not
 * counted against the model under test (and so 10,000 client and 10,000 server sockets do not
 * share one process's file limit). {@code http} is a Vert.x server answering
 * {@code GET /?i=I&delay=D} after D ms with {@link #httpValue}; {@code sql} is an H2 server in TCP
 * mode whose table {@code items(id, v)} holds {@link #SQL_ROWS} rows with {@code v = }
 * {@link #sqlValue}. Both listen on loopback addresses only, print {@code READY <port>} and exit when
 * their standard input closes (so they never outlive the lab).
 */
public final class FixtureMain {
  static final int SQL_ROWS = 10_000;

  private FixtureMain() {}

  /** Loopback addresses the latency server listens on, each with its own accept queue. */
  static final int HTTP_ADDRESSES = 4;

  /** The loopback address ({@code 127.0.0.1} .. {@code 127.0.0.N}) that request {@code item} goes to. */
  static String httpHost(int item) {
    return "127.0.0." + (1 + Math.floorMod(item, HTTP_ADDRESSES));
  }

  /** The body the latency server returns for item {@code i}. */
  static long httpValue(long i) {
    return i * 2_654_435_761L + 12_345;
  }

  /** Column {@code v} of row {@code id}. */
  static long sqlValue(long id) {
    return id * 3 + 1;
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: FixtureMain http|sql");
      System.exit(2);
    }
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    switch (args[0]) {
      case "http" -> http(out);
      case "sql" -> sql(out);
      default -> {
        System.err.println("unknown fixture " + args[0]);
        System.exit(2);
      }
    }
  }

  private static void http(PrintStream out) throws Exception {
    Vertx vertx = Vertx.vertx();
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    // One accept queue holds at most net.core.somaxconn (often 4096) connections not yet
    // accepted; 10,000 simultaneous connects would overflow it and wait out SYN retransmits
    // (1 s and more), timing the kernel instead of the model. So the server listens on the same
    // port on HTTP_ADDRESSES loopback addresses (Linux routes all of 127/8 to loopback), each
    // with its own queue, and clients spread their requests over them (httpHost).
    // Per address, one server per event loop: Vert.x spreads accepted connections over them.
    int loops = Math.max(2, 2 * Runtime.getRuntime().availableProcessors());
    for (int a = 0; a < HTTP_ADDRESSES; a++) {
      for (int n = 0; n < loops; n++) {
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost(httpHost(a)).setPort(port)
                .setAcceptBacklog(16_384).setIdleTimeout(120))
            .requestHandler(req -> {
              long i = parse(req.getParam("i"), 0);
              long delay = Math.min(60_000, Math.max(0, parse(req.getParam("delay"), 0)));
              String body = Long.toString(httpValue(i));
              if (delay == 0) {
                req.response().end(body);
              } else {
                vertx.setTimer(delay, t -> req.response().end(body));
              }
            });
        server.listen().await(30, TimeUnit.SECONDS);
      }
    }
    out.println("READY " + port);
    waitForStdinClose();
    vertx.close().await(10, TimeUnit.SECONDS);
    System.exit(0);
  }

  private static long parse(@org.jspecify.annotations.Nullable String s, long fallback) {
    if (s == null) {
      return fallback;
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static void sql(PrintStream out) throws IOException, SQLException {
    System.setProperty("h2.bindAddress", "127.0.0.1");
    try (Connection c = DriverManager.getConnection("jdbc:h2:mem:lab;DB_CLOSE_DELAY=-1", "sa", "")) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE items(id INT PRIMARY KEY, v BIGINT)");
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO items VALUES (?, ?)")) {
        for (int id = 0; id < SQL_ROWS; id++) {
          ps.setInt(1, id);
          ps.setLong(2, sqlValue(id));
          ps.addBatch();
        }
        ps.executeBatch();
      }
      int port;
      try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = probe.getLocalPort();
      }
      Server server = Server.createTcpServer("-tcpPort", Integer.toString(port)).start();
      out.println("READY " + server.getPort());
      waitForStdinClose();
      server.stop();
    }
    System.exit(0);
  }

  private static void waitForStdinClose() throws IOException {
    InputStream in = System.in;
    byte[] buf = new byte[64];
    while (in.read(buf) >= 0) {
      // keep serving until the lab closes our stdin or dies
    }
  }
}
