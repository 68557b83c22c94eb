package dev.conclab.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How many JDK clients (connections per host) the blocking engine opens. */
class BlockingEngineTest {

  private static int clients(boolean http2, int concurrency) {
    return BlockingEngine.clientsFor(FetchSpec.builder().http2(http2).concurrency(concurrency).build());
  }

  @Test
  void http11_usesOneClient() {
    assertThat(clients(false, 1)).isEqualTo(1);
    assertThat(clients(false, 10_000)).isEqualTo(1);
  }

  @Test
  void http2_usesOneClientPerNinetyRequestsInFlight_upToAHundred() {
    assertThat(clients(true, 1)).isEqualTo(1);
    assertThat(clients(true, 90)).isEqualTo(1);
    assertThat(clients(true, 91)).isEqualTo(2);
    assertThat(clients(true, 2_000)).isEqualTo(23);
    assertThat(clients(true, 10_000)).isEqualTo(100);
    assertThat(clients(true, Integer.MAX_VALUE)).isEqualTo(100);
  }
}
