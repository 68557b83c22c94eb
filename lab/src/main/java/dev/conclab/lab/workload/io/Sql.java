package dev.conclab.lab.workload.io;

import dev.conclab.lab.workload.Outcome;
import dev.conclab.lab.workload.Size;
import dev.conclab.lab.workload.Trial;
import dev.conclab.model.EventLoop;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.CompletionStage;

/**
 * {@code sql}: each task connects to an H2 database server (TCP mode, in a child JVM started by
 * the lab, on 127.0.0.1) and runs {@code unit} point queries. H2 has no non-blocking driver, so
 * the {@code async} model offloads the blocking form with {@code executeBlocking} to the loop's
 * worker pool, as an asyncio program would with {@code to_thread}.
 */
public final class Sql extends IoWorkload {

  public Sql() {
    super("sql", "connect to an H2 server over TCP and run point queries",
        "queries per task", new Size(100, 5), new Size(2_000, 20), s -> 500);
  }

  @Override
  public Trial open(Size size) throws IOException {
    Fixture server = Fixture.start("sql");
    return new IoTrial(new Task(server.port(), size.unit()).work(name()), size,
        item -> expected(item, size.unit()), server);
  }

  static int id(int item, int q) {
    return (int) (((long) item * 7919 + q * 104_729L) % FixtureMain.SQL_ROWS);
  }

  static long expected(int item, int queries) {
    long sum = 0;
    for (int q = 0; q < queries; q++) {
      sum += FixtureMain.sqlValue(id(item, q));
    }
    return sum;
  }

  /** One connection and its queries; serializable so worker JVMs can run it. */
  record Task(int port, int queries) implements IoTask {
    private static final long serialVersionUID = 1L;

    @Override
    public Outcome apply(Integer item) {
      return IoTask.measureBlocking(() -> {
        try (Connection c = DriverManager.getConnection("jdbc:h2:tcp://127.0.0.1:" + port + "/mem:lab", "sa", "");
            PreparedStatement ps = c.prepareStatement("SELECT v FROM items WHERE id = ?")) {
          long s = 0;
          for (int q = 0; q < queries; q++) {
            ps.setInt(1, id(item, q));
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                throw new IllegalStateException("row " + id(item, q) + " is missing");
              }
              s += rs.getLong(1);
            }
          }
          return s;
        } catch (SQLException e) {
          throw new IOException("query failed: " + e.getMessage(), e);
        }
      });
    }

    @Override
    public CompletionStage<Outcome> async(Integer item, EventLoop loop) {
      return offloaded(item, loop);
    }
  }
}
