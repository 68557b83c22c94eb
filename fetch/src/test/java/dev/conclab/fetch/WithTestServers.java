package dev.conclab.fetch;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** A test class whose tests share one set of {@link TestServers}, started before the first test and closed after the last. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WithTestServers {
  TestServers servers;

  @BeforeAll
  void startServers() throws Exception {
    servers = new TestServers();
  }

  @AfterAll
  void stopServers() throws Exception {
    servers.close();
  }
}
