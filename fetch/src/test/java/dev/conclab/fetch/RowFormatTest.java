package dev.conclab.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RowFormatTest {
  private static final FetchResult OK = new FetchResult(7, "http://h/a", 200, 1234,
      Duration.ofNanos(12_345_678), "http://h/b", "HTTP/1.1", 1, 1, null, null);
  private static final String AWKWARD = "http://h/\"q\"\\,x\n\r\u0001é";
  private static final FetchResult FAILED = FetchResult.failure(3, AWKWARD,
      Duration.ofMillis(2000), ErrorKind.TIMEOUT, "timed out, \"after\" 2000 ms");

  @Test
  void json_isOneParsableObjectWithEveryField() {
    String line = RowFormat.JSON.format(OK);
    assertThat(line).doesNotContain("\n");
    JsonObject o = new JsonObject(line);
    assertThat(o.fieldNames()).containsExactly("index", "url", "status", "bytes", "time_ms",
        "final_url", "protocol", "attempts", "redirects", "ok", "error", "message");
    assertThat(o.getLong("index")).isEqualTo(7);
    assertThat(o.getString("url")).isEqualTo("http://h/a");
    assertThat(o.getInteger("status")).isEqualTo(200);
    assertThat(o.getLong("bytes")).isEqualTo(1234);
    assertThat(o.getDouble("time_ms")).isEqualTo(12.35);
    assertThat(o.getString("final_url")).isEqualTo("http://h/b");
    assertThat(o.getString("protocol")).isEqualTo("HTTP/1.1");
    assertThat(o.getInteger("attempts")).isEqualTo(1);
    assertThat(o.getInteger("redirects")).isEqualTo(1);
    assertThat(o.getBoolean("ok")).isTrue();
    assertThat(o.containsKey("error")).isTrue();
    assertThat(o.getString("error")).isNull();
    assertThat(o.getString("message")).isNull();
  }

  @Test
  void json_escapesQuotesBackslashesAndControlCharacters() {
    String line = RowFormat.JSON.format(FAILED);
    assertThat(line).doesNotContain("\n", "\r", "\u0001");
    JsonObject o = new JsonObject(line);
    assertThat(o.getString("url")).isEqualTo(AWKWARD);
    assertThat(o.getString("message")).isEqualTo("timed out, \"after\" 2000 ms");
    assertThat(o.getString("error")).isEqualTo("timeout");
    assertThat(o.getBoolean("ok")).isFalse();
    assertThat(o.getInteger("status")).isZero();
    assertThat(o.getString("final_url")).isNull();
    assertThat(o.getDouble("time_ms")).isEqualTo(2000.0);
  }

  @Test
  void table_alignsColumnsAndShowsRedirectAndError() {
    assertThat(RowFormat.TABLE.format(OK))
        .isEqualTo("   200         1234    12.3 ms  http://h/a -> http://h/b");
    FetchResult refused = FetchResult.failure(0, "http://h:1/", Duration.ofNanos(50_000),
        ErrorKind.CONNECTION_REFUSED, "connection refused");
    assertThat(RowFormat.TABLE.format(refused))
        .isEqualTo("     -            0     0.1 ms  http://h:1/  refused: connection refused");
    assertThat(RowFormat.TABLE.header()).isEqualTo("STATUS        BYTES       TIME  URL");
  }

  @Test
  void csv_quotesOnlyWhatNeedsIt() {
    assertThat(RowFormat.CSV.format(OK))
        .isEqualTo("7,http://h/a,200,1234,12.35,http://h/b,HTTP/1.1,1,1,,");
    assertThat(RowFormat.CSV.format(FAILED)).isEqualTo(
        "3,\"http://h/\"\"q\"\"\\,x\n\r\u0001é\",0,0,2000.00,,,0,0,timeout,"
            + "\"timed out, \"\"after\"\" 2000 ms\"");
    assertThat(String.valueOf(RowFormat.CSV.header()).split(",", -1))
        .hasSize(RowFormat.CSV.format(OK).split(",", -1).length);
  }

  @Test
  void millis_roundsHalfUp() {
    assertThat(RowFormat.millis(0, 1)).isEqualTo("0.0");
    assertThat(RowFormat.millis(49_999, 1)).isEqualTo("0.0");
    assertThat(RowFormat.millis(50_000, 1)).isEqualTo("0.1");
    assertThat(RowFormat.millis(1_234_567_890, 1)).isEqualTo("1234.6");
    assertThat(RowFormat.millis(4_999, 2)).isEqualTo("0.00");
    assertThat(RowFormat.millis(5_000, 2)).isEqualTo("0.01");
    assertThat(RowFormat.millis(1_000_000, 2)).isEqualTo("1.00");
    assertThat(RowFormat.millis(99_995_000, 2)).isEqualTo("100.00");
    assertThat(RowFormat.millis(-5, 2)).isEqualTo("-0.00");
    assertThat(RowFormat.millis(-1_550_000, 1)).isEqualTo("-1.6");
  }

  @Test
  void summary_textAndJsonCarryTheTotals() {
    java.util.EnumMap<ErrorKind, Long> kinds = new java.util.EnumMap<>(ErrorKind.class);
    kinds.put(ErrorKind.CONNECTION_REFUSED, 1L);
    kinds.put(ErrorKind.TIMEOUT, 2L);
    FetchSummary s = new FetchSummary(9, 3, kinds, Duration.ofNanos(1_234_567_890));
    assertThat(RowFormat.summaryText(s)).isEqualTo(
        "12 URLs: 9 ok, 3 failed (refused 1, timeout 2) in 1.235 s, 9.7 requests/s");
    JsonObject o = new JsonObject(RowFormat.summaryJson(s)).getJsonObject("summary");
    assertThat(o.fieldNames())
        .containsExactly("total", "ok", "failed", "by_error", "time_ms", "requests_per_s");
    assertThat(o.getLong("total")).isEqualTo(12);
    assertThat(o.getLong("ok")).isEqualTo(9);
    assertThat(o.getLong("failed")).isEqualTo(3);
    assertThat(o.getJsonObject("by_error").getMap()).containsExactly(
        java.util.Map.entry("refused", 1), java.util.Map.entry("timeout", 2));
    assertThat(o.getDouble("time_ms")).isEqualTo(1234.57);
    assertThat(o.getDouble("requests_per_s")).isEqualTo(9.7);
    FetchSummary none = new FetchSummary(1, 0, java.util.Map.of(), Duration.ZERO);
    assertThat(RowFormat.summaryText(none)).isEqualTo("1 URL: 1 ok, 0 failed in 0.000 s, 0.0 requests/s");
    assertThat(new JsonObject(RowFormat.summaryJson(none)).getJsonObject("summary")
        .getJsonObject("by_error").isEmpty()).isTrue();
  }
}
