package dev.conclab.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The fetcher's contract, run against every model, with local servers only. */
class FetcherTest extends WithTestServers {
  private static FetchSpec.Builder spec(FetchModel model) {
    return FetchSpec.builder().model(model).concurrency(8).timeout(Duration.ofSeconds(10))
        .retryBackoff(Duration.ofMillis(5));
  }

  private static List<FetchResult> fetchAll(FetchSpec spec, List<String> urls) throws Exception {
    List<FetchResult> rows = new ArrayList<>();
    try (Fetcher f = Fetcher.create(spec)) {
      f.fetchAll(urls.iterator(), rows::add);
    }
    return rows;
  }

  /** {@code n} distinct URLs of one test-server route: {@code pathAndQuery} plus {@code &i=0..n-1}. */
  private List<String> numberedUrls(int n, String pathAndQuery) {
    List<String> urls = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      urls.add(servers.url(pathAndQuery + "&i=" + i));
    }
    return urls;
  }

  private static FetchResult fetchOne(FetchSpec.Builder spec, String url) throws Exception {
    try (Fetcher f = Fetcher.create(spec.build())) {
      return f.fetch(url);
    }
  }

  private static void with(FetchSpec.Builder spec, Consumer<Fetcher> body) {
    try (Fetcher f = Fetcher.create(spec.build())) {
      body.accept(f);
    }
  }

  @ParameterizedTest
  @EnumSource(FetchModel.class)
  void fetch_ok_reportsStatusBytesFinalUrlAndProtocol(FetchModel model) throws Exception {
    FetchResult r = fetchOne(spec(model), servers.url("/ok"));
    assertThat(r.ok()).isTrue();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.bytes()).isEqualTo(5);
    assertThat(r.finalUrl()).isEqualTo(servers.url("/ok"));
    assertThat(r.protocol()).isEqualTo("HTTP/1.1");
    assertThat(r.attempts()).isEqualTo(1);
    assertThat(r.redirects()).isZero();
    assertThat(r.error()).isNull();
  }

  @ParameterizedTest
  @EnumSource(FetchModel.class)
  void fetchAll_returnsRowsInInputOrder_whenEarlierUrlIsSlower(FetchModel model) throws Exception {
    List<String> urls = List.of(servers.url("/delay?ms=400"), servers.url("/ok"),
        servers.url("/status/404"), servers.url("/delay?ms=50"), servers.url("/ok"));
    List<FetchResult> rows = fetchAll(spec(model).build(), urls);
    assertThat(rows).extracting(FetchResult::index).containsExactly(0L, 1L, 2L, 3L, 4L);
    assertThat(rows).extracting(FetchResult::url).containsExactlyElementsOf(urls);
    assertThat(rows).extracting(FetchResult::status).containsExactly(200, 200, 404, 200, 200);
  }

  @ParameterizedTest
  @EnumSource(FetchModel.class)
  void badUrls_areRowsWithMalformedOrUnsupportedScheme(FetchModel model) throws Exception {
    List<FetchResult> rows = fetchAll(spec(model).build(),
        List.of("http://exa mple.com/", "no-scheme-here", "ftp://127.0.0.1/file", "http:///path"));
    assertThat(rows).extracting(FetchResult::attempts).containsOnly(0);
    assertThat(rows).extracting(FetchResult::error).containsExactly(ErrorKind.MALFORMED_URL,
        ErrorKind.MALFORMED_URL, ErrorKind.UNSUPPORTED_SCHEME, ErrorKind.MALFORMED_URL);
    assertThat(rows).allSatisfy(r -> assertThat(r.message()).isNotBlank());
  }

  @ParameterizedTest
  @EnumSource(FetchModel.class)
  void unresolvableHost_isDnsFailure(FetchModel model) throws Exception {
    FetchResult r = fetchOne(spec(model), "http://no-such-host.invalid/");
    assertThat(r.error()).isEqualTo(ErrorKind.DNS);
    assertThat(r.message()).isEqualTo("cannot resolve host 'no-such-host.invalid'");
    assertThat(r.status()).isZero();
  }

  @ParameterizedTest
  @EnumSource(FetchModel.class)
  void closedPort_isConnectionRefused(FetchModel model) throws Exception {
    FetchResult r = fetchOne(spec(model), servers.refusedUrl());
    assertThat(r.error()).isEqualTo(ErrorKind.CONNECTION_REFUSED);
    assertThat(r.message()).containsIgnoringCase("refused");
  }

  @ParameterizedTest
  @EnumSource(FetchModel.class)
  void slowServer_isTimeout(FetchModel model) throws Exception {
    FetchResult r = fetchOne(spec(model).timeout(Duration.ofMillis(300)),
        servers.url("/delay?ms=20000"));
    assertThat(r.error()).isEqualTo(ErrorKind.TIMEOUT);
    assertThat(r.time()).isLessThan(Duration.ofSeconds(15));
  }

  @ParameterizedTest
  @EnumSource(FetchModel.class)
  void resettingServer_isConnectionReset(FetchModel model) throws Exception {
    FetchResult r = fetchOne(spec(model), servers.resetUrl());
    assertThat(r.error()).isEqualTo(ErrorKind.CONNECTION_RESET);
  }

  @ParameterizedTest
  @EnumSource(FetchModel.class)
  void redirectLoop_failsWithTooManyRedirects(FetchModel model) throws Exception {
    FetchResult r = fetchOne(spec(model).maxRedirects(5), servers.url("/loop"));
    assertThat(r.error()).isEqualTo(ErrorKind.TOO_MANY_REDIRECTS);
    assertThat(r.redirects()).isEqualTo(5);
    assertThat(r.status()).isEqualTo(302);
  }

  @ParameterizedTest
  @EnumSource(FetchModel.class)
  void redirectChain_reportsFinalUrlAndRedirectCount(FetchModel model) throws Exception {
    FetchResult r = fetchOne(spec(model), servers.url("/redirect/3"));
    assertThat(r.ok()).isTrue();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.redirects()).isEqualTo(3);
    assertThat(r.finalUrl()).isEqualTo(servers.url("/redirect/0"));
    assertThat(r.bytes()).isEqualTo("arrived".length());
  }

  @ParameterizedTest
  @EnumSource(FetchModel.class)
  void selfSignedCertificate_isTlsFailure(FetchModel model) throws Exception {
    FetchResult r = fetchOne(spec(model), servers.tlsUrl("/ok"));
    assertThat(r.error()).isEqualTo(ErrorKind.TLS);
  }

  @ParameterizedTest
  @EnumSource(FetchModel.class)
  void insecure_acceptsSelfSignedCertificate(FetchModel model) throws Exception {
    FetchResult r = fetchOne(spec(model).insecure(true), servers.tlsUrl("/ok"));
    assertThat(r.ok()).isTrue();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.protocol()).isEqualTo("HTTP/1.1");
  }

  @ParameterizedTest
  @EnumSource(FetchModel.class)
  void http2_isNegotiatedOverTls(FetchModel model) throws Exception {
    FetchResult r = fetchOne(spec(model).insecure(true).http2(true), servers.tlsUrl("/ok"));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.protocol()).isEqualTo("HTTP/2");
    assertThat(r.bytes()).isEqualTo(5);
  }

  @ParameterizedTest
  @EnumSource(FetchModel.class)
  void http2_isNegotiatedByCleartextUpgrade(FetchModel model) throws Exception {
    FetchResult r = fetchOne(spec(model).http2(true), servers.url("/ok"));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.protocol()).isEqualTo("HTTP/2");
    assertThat(r.bytes()).isEqualTo(5);
  }

  @ParameterizedTest
  @EnumSource(FetchModel.class)
  void http2_moreRequestsInFlightThanOneConnectionHasStreams_allSucceed(FetchModel model) throws Exception {
    // The test server allows 100 concurrent streams per connection (Vert.x's default).
    List<String> urls = numberedUrls(300, "/delay?ms=300");
    List<FetchResult> rows = new ArrayList<>();
    try (Fetcher f = Fetcher.create(spec(model).http2(true).concurrency(300).build())) {
      // one request first, so that the rest find an HTTP/2 connection open and share it
      assertThat(f.fetch(servers.url("/ok")).protocol()).isEqualTo("HTTP/2");
      f.fetchAll(urls.iterator(), rows::add);
    }
    assertThat(rows).hasSize(300);
    assertThat(rows).filteredOn(r -> !r.ok()).extracting(FetchResult::message).isEmpty();
    assertThat(rows).extracting(FetchResult::protocol).containsOnly("HTTP/2");
  }

  @ParameterizedTest
  @EnumSource(FetchModel.class)
  void oversizedResponse_isTooLarge(FetchModel model) throws Exception {
    FetchResult r = fetchOne(spec(model).maxBytes(1000), servers.url("/big?n=200000"));
    assertThat(r.error()).isEqualTo(ErrorKind.TOO_LARGE);
    FetchResult small = fetchOne(spec(model).maxBytes(1000), servers.url("/big?n=1000"));
    assertThat(small.ok()).isTrue();
    assertThat(small.bytes()).isEqualTo(1000);
  }

  @ParameterizedTest
  @EnumSource(FetchModel.class)
  void retries_succeedAfterServerFailsTwice(FetchModel model) throws Exception {
    FetchResult r = fetchOne(spec(model).retries(2), servers.url("/flaky/ok-" + model));
    assertThat(r.ok()).isTrue();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.attempts()).isEqualTo(3);
    assertThat(servers.hits.get("/flaky/ok-" + model)).hasValue(3);
  }

  @ParameterizedTest
  @EnumSource(FetchModel.class)
  void retries_exhausted_reportLastServerError(FetchModel model) throws Exception {
    FetchResult r = fetchOne(spec(model).retries(1), servers.url("/flaky/short-" + model));
    assertThat(r.error()).isEqualTo(ErrorKind.HTTP_STATUS);
    assertThat(r.status()).isEqualTo(503);
    assertThat(r.attempts()).isEqualTo(2);
  }

  @ParameterizedTest
  @EnumSource(FetchModel.class)
  void connectionRefused_isRetried(FetchModel model) throws Exception {
    FetchResult r = fetchOne(spec(model).retries(2), servers.refusedUrl());
    assertThat(r.error()).isEqualTo(ErrorKind.CONNECTION_REFUSED);
    assertThat(r.attempts()).isEqualTo(3);
  }

  @ParameterizedTest
  @EnumSource(FetchModel.class)
  void userAgent_isConclabFetch_unlessAHeaderGivesOne(FetchModel model) throws Exception {
    String plain = "/ok?agent=default-" + model;
    String given = "/ok?agent=given-" + model;
    assertThat(fetchOne(spec(model), servers.url(plain)).status()).isEqualTo(200);
    assertThat(fetchOne(spec(model).header("user-agent", "probe/1"), servers.url(given)).status())
        .isEqualTo(200);
    assertThat(servers.userAgents.get(plain)).isEqualTo("conclab-fetch");
    assertThat(servers.userAgents.get(given)).isEqualTo("probe/1");
  }

  @ParameterizedTest
  @EnumSource(FetchModel.class)
  void headMethodAndHeaders_areSent(FetchModel model) throws Exception {
    FetchResult r = fetchOne(spec(model).method("HEAD").header("X-Test", "yes-" + model),
        servers.url("/ok"));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.bytes()).isZero();
    assertThat(servers.lastMethod).isEqualTo("HEAD");
    assertThat(servers.lastHeader).isEqualTo("yes-" + model);
  }

  @ParameterizedTest
  @EnumSource(FetchModel.class)
  void summary_countsOkFailedAndKinds(FetchModel model) throws Exception {
    List<String> urls = List.of(servers.url("/ok"), servers.url("/status/500"),
        servers.refusedUrl(), "gopher://x/", servers.url("/ok"));
    List<FetchResult> rows = new ArrayList<>();
    FetchSummary s;
    try (Fetcher f = Fetcher.create(spec(model).build())) {
      s = f.fetchAll(urls.iterator(), rows::add);
    }
    assertThat(s.ok()).isEqualTo(2);
    assertThat(s.failed()).isEqualTo(3);
    assertThat(s.total()).isEqualTo(5);
    assertThat(s.allOk()).isFalse();
    assertThat(s.byKind()).containsEntry(ErrorKind.HTTP_STATUS, 1L)
        .containsEntry(ErrorKind.CONNECTION_REFUSED, 1L)
        .containsEntry(ErrorKind.UNSUPPORTED_SCHEME, 1L)
        .hasSize(3);
    assertThat(rows).hasSize(5);
  }

  @ParameterizedTest
  @EnumSource(FetchModel.class)
  void manyUrls_allSucceedWithBoundedConcurrency(FetchModel model) throws Exception {
    List<String> urls = numberedUrls(300, "/delay?ms=5");
    List<FetchResult> rows = fetchAll(spec(model).concurrency(16).build(), urls);
    assertThat(rows).hasSize(300).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
    assertThat(rows).extracting(FetchResult::url).containsExactlyElementsOf(urls);
  }

  @ParameterizedTest
  @EnumSource(FetchModel.class)
  void concurrency_putsThatManyRequestsInFlightAtOnce(FetchModel model) throws Exception {
    // 600 requests held at a gate until all 600 wait there: more than one Vert.x client's pool
    // (VertxTransport.CONNECTIONS_PER_CLIENT) holds, so the transport must spread them.
    int n = 600;
    assertThat(VertxTransport.clientsFor(spec(model).concurrency(n).build())).isGreaterThan(1);
    List<String> urls = numberedUrls(n, "/gate?name=" + model + "&n=" + n);
    List<FetchResult> rows = fetchAll(spec(model).concurrency(n).timeout(Duration.ofSeconds(30))
        .build(), urls);
    assertThat(rows).hasSize(n);
    assertThat(rows).filteredOn(r -> !r.ok()).extracting(FetchResult::message).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(FetchModel.class)
  void closedFetcher_rejectsNewRuns(FetchModel model) {
    Fetcher f = Fetcher.create(spec(model).build());
    f.close();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> f.fetchAll(List.of(servers.url("/ok")).iterator(), r -> { }))
        .isInstanceOf(IllegalStateException.class);
    with(spec(model), g -> assertThat(g.spec().model()).isEqualTo(model));
  }
}
