package dev.conclab.pool.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InvalidClassException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The deserialization filter: allowlist plus limits. */
class SerialFilterTest {
  private static SerialFilter filter(String... patterns) {
    return new SerialFilter(100, 100_000, 1_000_000, 1 << 20, List.of(patterns));
  }

  @Test
  void jdkValuesAndConclabClasses_areAccepted() throws Exception {
    List<Object> v = new ArrayList<>(List.of("a", 1, 2.0, new Pair("x", 3L)));
    assertThat(Codec.deserialize(Codec.serialize(v), filter())).isEqualTo(v);
    assertThat((int[]) Codec.deserialize(Codec.serialize(new int[] {1, 2}), filter())).containsExactly(1, 2);
  }

  @Test
  void aThirdPartyClass_isRejected_namingIt() throws Exception {
    byte[] bytes = Codec.serialize(new AssertionFailedError("x"));
    assertThatThrownBy(() -> Codec.deserialize(bytes, filter()))
        .isInstanceOf(InvalidClassException.class)
        .hasMessageContaining("org.opentest4j.AssertionFailedError")
        .hasMessageContaining("allowClasses");
  }

  @Test
  void aThirdPartyClass_isAcceptedOnceAllowedByPattern_orByCodeSource() throws Exception {
    byte[] bytes = Codec.serialize(new AssertionFailedError("x"));
    assertThat(Codec.deserialize(bytes, filter("org.opentest4j.*"))).isInstanceOf(AssertionFailedError.class);
    assertThat(Codec.deserialize(bytes, filter("org.**"))).isInstanceOf(AssertionFailedError.class);
    SerialFilter byLocation = filter();
    byLocation.allowLocations(List.of(String.valueOf(SerialFilter.location(AssertionFailedError.class))));
    assertThat(Codec.deserialize(bytes, byLocation)).isInstanceOf(AssertionFailedError.class);
  }

  @Test
  void tooDeepAGraph_isRejected() throws Exception {
    Object[] deep = new Object[1];
    Object[] cur = deep;
    for (int i = 0; i < 500; i++) {
      Object[] next = new Object[1];
      cur[0] = next;
      cur = next;
    }
    byte[] bytes = Codec.serialize(deep);
    assertThatThrownBy(() -> Codec.deserialize(bytes, filter())).hasMessageContaining("deeper than 100");
  }

  @Test
  void tooLargeAStream_isRejected() throws Exception {
    byte[] bytes = Codec.serialize(new byte[2 << 20]);
    assertThatThrownBy(() -> Codec.deserialize(bytes, filter())).isInstanceOf(InvalidClassException.class);
  }

  @Test
  void patterns_matchClassPackageAndSubpackages() {
    assertThat(SerialFilter.matches("com.a.B", "com.a.B")).isTrue();
    assertThat(SerialFilter.matches("com.a.*", "com.a.B")).isTrue();
    assertThat(SerialFilter.matches("com.a.*", "com.a.b.C")).isFalse();
    assertThat(SerialFilter.matches("com.a.**", "com.a.b.C")).isTrue();
    assertThat(SerialFilter.matches("com.a.**", "com.ab.C")).isFalse();
  }
}
