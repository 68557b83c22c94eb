package dev.conclab.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How many Vert.x clients (connection pools) the transport spreads its attempts over. */
class VertxTransportTest {

  private static int clients(boolean http2, int concurrency) {
    return VertxTransport.clientsFor(
        FetchSpec.builder().http2(http2).concurrency(concurrency).build());
  }

  @Test
  void http11_usesOneClientPer256RequestsInFlight() {
    assertThat(clients(false, 1)).isEqualTo(1);
    assertThat(clients(false, 256)).isEqualTo(1);
    assertThat(clients(false, 257)).isEqualTo(2);
    assertThat(clients(false, 10_000)).isEqualTo(40);
  }

  @Test
  void http2_usesOneClient() {
    assertThat(clients(true, 1)).isEqualTo(1);
    assertThat(clients(true, 10_000)).isEqualTo(1);
  }
}
