package dev.conclab.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;

class FetchSpecTest {

  private static boolean specAccepts(String value) {
    try {
      FetchSpec.builder().header("X-Test", value).build();
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean javaNetHttpAccepts(String value) {
    try {
      HttpRequest.newBuilder(URI.create("http://127.0.0.1/")).header("X-Test", value);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The JDK's own check of RFC 9110 field values serves as an independent oracle. */
  @Test
  void headerValue_acceptedExactlyWhenJavaNetHttpAcceptsIt() {
    for (char c = 0; c < 0x180; c++) {
      String value = "a" + c + "b";
      assertThat(specAccepts(value))
          .as("U+%04X", (int) c)
          .isEqualTo(javaNetHttpAccepts(value));
    }
    assertThat(specAccepts("tab\there, caf\u00e9 ~!")).isTrue();
  }

  @Test
  void headerValue_outsideLatin1_failsNamingHeaderCharacterAndPosition() {
    assertThatThrownBy(() -> FetchSpec.builder().header("X-Name", "caf\u0100").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'X-Name'")
        .hasMessageContaining("U+0100")
        .hasMessageContaining("position 4");
    assertThatThrownBy(() -> FetchSpec.builder().header("X-Name", "a\u0001b").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("U+0001");
  }
}
