package dev.conclab.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.VertxException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Which failures are the pool's saturation ("database busy") and which an outage. */
class ItemStoreSaturationTest {

  @Test
  void poolWaitTimeout_fullWaitQueue_andH2sPoolTimeout_areSaturation_evenWrapped() {
    assertThat(ItemStore.saturated(VertxException.noStackTrace("Timeout waiting for connection"))).isTrue();
    assertThat(ItemStore.saturated(new ConnectionPoolTooBusyException("Connection pool reached max wait queue size of 64")))
        .isTrue();
    assertThat(ItemStore.saturated(new SQLException("Login timeout", "08001", 8001))).isTrue();
    assertThat(ItemStore.saturated(new CompletionException(VertxException.noStackTrace("Timeout waiting for connection"))))
        .isTrue();
  }

  @Test
  void refusedOrBrokenConnections_andQueryErrors_areNotSaturation() {
    assertThat(ItemStore.saturated(new ConnectException("Connection refused"))).isFalse();
    assertThat(ItemStore.saturated(new SQLException("Connection is broken", "08006", 90067))).isFalse();
    assertThat(ItemStore.saturated(new SQLException("Table not found", "42S02"))).isFalse();
    assertThat(ItemStore.saturated(new VertxException("Connection closed"))).isFalse();
  }

  @Test
  void theWaitQueue_isBoundedAt64PerConnection() {
    assertThat(ItemStore.waitQueueSize(16)).isEqualTo(1024);
    assertThat(ItemStore.waitQueueSize(1)).isEqualTo(64);
    assertThat(ItemStore.waitQueueSize(0)).isEqualTo(64);
  }
}
