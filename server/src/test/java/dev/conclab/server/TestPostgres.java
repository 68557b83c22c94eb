package dev.conclab.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.pgclient.PgConnectOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * The real PostgreSQL server the tests use: {@code CONCLAB_TEST_PG_URL}, or the one {@code
 * bin/setup-postgres.sh} (run by {@code ./test}) creates. A test that needs it fails, never
 * skips, when it is not there, saying how to start it.
 */
final class TestPostgres {
  /** The database, role and password {@code bin/setup-postgres.sh} creates. */
  static final String DEFAULT_URL = "postgresql://conclab:conclab@127.0.0.1:5432/conclab";

  private TestPostgres() {}

  /** The server's URL, after checking within 2 s that it accepts connections. */
  static String url() {
    String env = System.getenv("CONCLAB_TEST_PG_URL");
    String url = env == null || env.isBlank() ? DEFAULT_URL : env;
    PgConnectOptions o = PgConnectOptions.fromUri(url);
    boolean up;
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(o.getHost(), o.getPort()), 2000);
      up = true;
    } catch (IOException e) {
      up = false;
    }
    assertThat(up)
        .as("PostgreSQL at %s:%d (CONCLAB_TEST_PG_URL, default %s) does not accept connections:"
                + " start it with bin/setup-postgres.sh (./test does) or point CONCLAB_TEST_PG_URL at one",
            o.getHost(), o.getPort(), DEFAULT_URL)
        .isTrue();
    return url;
  }
}
