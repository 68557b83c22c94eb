package dev.conclab.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.jdbcclient.JDBCConnectOptions;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jspecify.annotations.Nullable;

/**
 * The items table behind {@code /items}: an H2 database through the Vert.x JDBC client, or
 * PostgreSQL through the non-blocking Vert.x PostgreSQL client. Creates and seeds its table on
 * first use, and again after a failure (so a database that comes back empty is usable again).
 *
 * <p>Thread-safe. The {@code Future} methods never block; the {@code *Blocking} methods block the
 * calling thread and must not be called on an event loop. Every failure is reported as
 * {@link DatabaseUnavailableException}.
 *
 * <p>Why one class of this size: the store's outage and saturation policy (which failures make a
 * 503 "database unavailable" and which "database busy", the bounded wait) reads the same
 * connection-pool state as its queries; kept together so the policy can be read in one place.
 */
final class ItemStore implements AutoCloseable {

  private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
  private static final long BLOCKING_TIMEOUT_SECONDS = 10;

  private final Supplier<Pool> poolFactory;
  private final @Nullable Supplier<JdbcConnectionPool> blockingFactory;
  private volatile Pool pool;
  private final boolean postgres;
  private final String table;
  private final int seedItems;
  private final int poolSize;
  private final String description;
  private volatile @Nullable JdbcConnectionPool blockingSource;
  private final AtomicLong lastReset = new AtomicLong(System.nanoTime() - TimeUnit.SECONDS.toNanos(10));
  private final AtomicInteger inUse = new AtomicInteger();
  private volatile boolean schemaReady;

  private ItemStore(
      Supplier<Pool> poolFactory,
      boolean postgres,
      String table,
      int seedItems,
      int poolSize,
      String description,
      @Nullable Supplier<JdbcConnectionPool> blockingFactory) {
    this.poolFactory = poolFactory;
    this.blockingFactory = blockingFactory;
    this.pool = poolFactory.get();
    this.postgres = postgres;
    this.table = table;
    this.seedItems = seedItems;
    this.poolSize = poolSize;
    this.description = description;
    this.blockingSource = blockingFactory == null ? null : blockingFactory.get();
  }

  /**
   * Opens a store; does not connect yet.
   *
   * @param dbUrl {@code null} for a private in-memory H2 database, {@code jdbc:h2:...}, or
   *     {@code postgresql://user:password@host:port/database}
   * @param blocking whether the {@code *Blocking} methods use plain JDBC (H2 only)
   * @throws IllegalArgumentException for an unsupported URL or a bad table name
   */
  static ItemStore open(
      Vertx vertx,
      @Nullable String dbUrl,
      String table,
      int seedItems,
      int poolSize,
      boolean blocking) {
    if (!TABLE.matcher(table).matches()) {
      throw new IllegalArgumentException("bad table name '" + table + "'");
    }
    PoolOptions poolOptions =
        new PoolOptions()
            .setMaxSize(poolSize)
            .setConnectionTimeout(2)
            .setConnectionTimeoutUnit(TimeUnit.SECONDS)
            .setMaxWaitQueueSize(waitQueueSize(poolSize));
    if (dbUrl == null || dbUrl.startsWith("jdbc:h2:")) {
      String url =
          dbUrl != null ? dbUrl : "jdbc:h2:mem:conclab-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
      String user = "sa";
      Supplier<Pool> pool =
          () ->
              JDBCPool.pool(
                  vertx,
                  new JDBCConnectOptions().setJdbcUrl(url).setUser(user).setPassword(""),
                  poolOptions);
      Supplier<JdbcConnectionPool> blockingSource = null;
      if (blocking) {
        blockingSource =
            () -> {
              JdbcConnectionPool source = JdbcConnectionPool.create(url, user, "");
              source.setMaxConnections(Math.max(poolSize, 1));
              source.setLoginTimeout(2);
              return source;
            };
      }
      String what = dbUrl == null ? "h2 in-memory" : "h2 " + dbUrl;
      return new ItemStore(pool, false, table, seedItems, poolSize, what, blockingSource);
    }
    if (dbUrl.startsWith("postgresql://") || dbUrl.startsWith("postgres://")) {
      PgConnectOptions connect;
      try {
        connect = PgConnectOptions.fromUri(dbUrl);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("bad PostgreSQL URL '" + dbUrl + "': " + e.getMessage(), e);
      }
      PgConnectOptions options = connect;
      Supplier<Pool> pool =
          () -> PgBuilder.pool().with(poolOptions).connectingTo(options).using(vertx).build();
      String what = "postgresql " + connect.getHost() + ":" + connect.getPort() + "/" + connect.getDatabase();
      return new ItemStore(pool, true, table, seedItems, poolSize, what, null);
    }
    throw new IllegalArgumentException(
        "unsupported database URL '" + dbUrl + "' (expected jdbc:h2:... or postgresql://...)");
  }

  /** A short description for logs: kind and location, never the password. */
  String description() {
    return description;
  }

  /** Database operations in progress (each holds one pooled connection). */
  int inUse() {
    return inUse.get();
  }

  /** Maximum pooled connections. */
  int poolSize() {
    return poolSize;
  }

  private String p(int index) {
    return postgres ? "$" + index : "?";
  }

  /** Creates the table and seeds it when empty. Does not block. */
  Future<Void> ensureSchema() {
    if (schemaReady) {
      return Future.succeededFuture();
    }
    String create =
        "CREATE TABLE IF NOT EXISTS "
            + table
            + " (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL, price_cents INTEGER NOT NULL)";
    return tracked(
            () ->
                pool.query(create)
                    .execute()
                    .compose(r -> pool.query("SELECT COUNT(*) FROM " + table).execute())
                    .compose(
                        rows -> {
                          long count = rows.iterator().next().getLong(0);
                          if (count > 0 || seedItems == 0) {
                            return Future.<Void>succeededFuture();
                          }
                          List<Tuple> batch = new ArrayList<>(seedItems);
                          for (int i = 1; i <= seedItems; i++) {
                            batch.add(Tuple.of((long) i, "item " + i, 100 + (i * 37) % 9900));
                          }
                          return pool.preparedQuery(
                                  "INSERT INTO "
                                      + table
                                      + " (id, name, price_cents) VALUES ("
                                      + p(1)
                                      + ", "
                                      + p(2)
                                      + ", "
                                      + p(3)
                                      + ")")
                              .executeBatch(batch)
                              .<Void>mapEmpty();
                        }))
        .onSuccess(v -> schemaReady = true);
  }

  /** One page of items ordered by id. Does not block. */
  Future<List<Item>> list(int limit, int offset) {
    String sql =
        "SELECT id, name, price_cents FROM " + table + " ORDER BY id LIMIT " + p(1) + " OFFSET " + p(2);
    return ensureSchema()
        .compose(v -> tracked(() -> pool.preparedQuery(sql).execute(Tuple.of(limit, offset))))
        .map(ItemStore::items);
  }

  /** The item with this id, or empty. Does not block. */
  Future<Optional<Item>> find(long id) {
    String sql = "SELECT id, name, price_cents FROM " + table + " WHERE id = " + p(1);
    return ensureSchema()
        .compose(v -> tracked(() -> pool.preparedQuery(sql).execute(Tuple.of(id))))
        .map(rows -> items(rows).stream().findFirst());
  }

  /** Checks that the database answers. Does not block. */
  Future<Void> ping() {
    return tracked(() -> pool.query("SELECT 1").execute()).mapEmpty();
  }

  /** Like {@link #list} but blocks the calling thread (plain JDBC for H2). */
  List<Item> listBlocking(int limit, int offset) {
    JdbcConnectionPool source = blockingSource;
    if (source == null) {
      return await(list(limit, offset));
    }
    if (!schemaReady) {
      await(ensureSchema());
    }
    return jdbc(
        source,
        "SELECT id, name, price_cents FROM " + table + " ORDER BY id LIMIT ? OFFSET ?",
        limit,
        offset);
  }

  /** Like {@link #find} but blocks the calling thread (plain JDBC for H2). */
  Optional<Item> findBlocking(long id) {
    JdbcConnectionPool source = blockingSource;
    if (source == null) {
      return await(find(id));
    }
    if (!schemaReady) {
      await(ensureSchema());
    }
    return jdbc(source, "SELECT id, name, price_cents FROM " + table + " WHERE id = ?", id).stream()
        .findFirst();
  }

  private List<Item> jdbc(JdbcConnectionPool source, String sql, Object... args) {
    inUse.incrementAndGet();
    try (Connection c = source.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      List<Item> out = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(new Item(rs.getLong(1), rs.getString(2), rs.getInt(3)));
        }
      }
      return out;
    } catch (SQLException e) {
      if (saturated(e)) {
        throw busy(e);
      }
      schemaReady = false;
      if (connectionBroken(e)) {
        resetPools();
      }
      throw new DatabaseUnavailableException("database unavailable: " + e.getMessage(), e);
    } finally {
      inUse.decrementAndGet();
    }
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(BLOCKING_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DatabaseUnavailableException("interrupted while waiting for the database", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      if (cause instanceof DatabaseUnavailableException d) {
        throw d;
      }
      throw new DatabaseUnavailableException("database unavailable: " + cause.getMessage(), cause);
    } catch (TimeoutException e) {
      throw new DatabaseUnavailableException("database timed out", e);
    }
  }

  private <T> Future<T> tracked(Supplier<Future<T>> op) {
    inUse.incrementAndGet();
    Future<T> f;
    try {
      f = op.get();
    } catch (RuntimeException e) {
      f = Future.failedFuture(e);
    }
    return f.transform(
        ar -> {
          inUse.decrementAndGet();
          if (ar.succeeded()) {
            return Future.succeededFuture(ar.result());
          }
          Throwable cause = ar.cause();
          if (saturated(cause)) {
            return Future.failedFuture(busy(cause));
          }
          schemaReady = false;
          if (connectionBroken(cause)) {
            resetPools();
          }
          if (cause instanceof DatabaseUnavailableException) {
            return Future.failedFuture(cause);
          }
          return Future.failedFuture(
              new DatabaseUnavailableException("database unavailable: " + cause.getMessage(), cause));
        });
  }

  /**
   * How many requests may wait for a pooled connection: 64 per connection. Beyond that a request
   * fails at once with "database busy" instead of joining a queue it would time out in anyway
   * (each waits at most the 2 s connection timeout).
   */
  static int waitQueueSize(int poolSize) {
    return Math.max(1, poolSize) * 64;
  }

  /**
   * Whether a failure is the pool's saturation rather than the database's: the wait for a pooled
   * connection timed out, or the wait queue was full (Vert.x pools), or H2's blocking pool gave
   * up waiting ("Login timeout"). Such a failure says nothing about the connections' health.
   */
  static boolean saturated(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String m = t.getMessage();
      if (t instanceof io.vertx.core.http.ConnectionPoolTooBusyException
          || (t instanceof io.vertx.core.VertxException && m != null && m.startsWith("Timeout waiting for connection"))
          || (t instanceof SQLException && m != null && m.startsWith("Login timeout"))) {
        return true;
      }
    }
    return false;
  }

  private DatabaseBusyException busy(Throwable cause) {
    return new DatabaseBusyException(
        "database busy: all " + poolSize + " connections in use (" + cause.getMessage() + ")", cause);
  }

  /**
   * Whether a failure means the JDBC connections are dead (the database went away). The
   * PostgreSQL pool evicts closed connections itself, and a busy pool or a bad query must not
   * throw away healthy connections, so only JDBC connection errors count.
   */
  private boolean connectionBroken(Throwable failure) {
    if (postgres) {
      return false;
    }
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException e) {
        String state = e.getSQLState();
        int code = e.getErrorCode();
        if ((state != null && state.startsWith("08"))
            || code == 90067 // CONNECTION_BROKEN_1
            || code == 90028 // IO_EXCEPTION_1
            || code == 90098 // DATABASE_IS_CLOSED
            || code == 90121) { // DATABASE_CALLED_AT_SHUTDOWN
          return true;
        }
      }
      if (t instanceof java.io.IOException) {
        return true;
      }
    }
    return false;
  }

  /**
   * Replaces the pools after a failure, at most once a second, so that connections broken by a
   * database restart are not handed out again (the JDBC pools cannot tell they are dead).
   */
  private void resetPools() {
    long last = lastReset.get();
    long now = System.nanoTime();
    if (now - last < TimeUnit.SECONDS.toNanos(1) || !lastReset.compareAndSet(last, now)) {
      return;
    }
    Pool old = pool;
    pool = poolFactory.get();
    old.close();
    Supplier<JdbcConnectionPool> factory = blockingFactory;
    JdbcConnectionPool oldSource = blockingSource;
    if (factory != null && oldSource != null) {
      blockingSource = factory.get();
      oldSource.dispose();
    }
  }

  private static List<Item> items(RowSet<Row> rows) {
    List<Item> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      out.add(new Item(r.getLong(0), r.getString(1), r.getInteger(2)));
    }
    return out;
  }

  /** Closes the pools. Does not wait for the close to finish on the database side. */
  @Override
  public void close() {
    pool.close();
    JdbcConnectionPool source = blockingSource;
    if (source != null) {
      source.dispose();
    }
  }
}
