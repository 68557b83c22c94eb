package dev.conclab.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Test;

/**
 * {@link ModelSpec#parse} on any text: a spec that prints back to text parsing to the same spec,
 * or an {@link IllegalArgumentException} with a message; never another exception.
 *
 * <p>Its corpus ({@code ModelSpecFuzzTestInputs/}) runs in every build; {@code
 * bench/scripts/fuzz.sh model-spec 10m} fuzzes it.
 */
class ModelSpecFuzzTest {

  @FuzzTest(maxDuration = "10s")
  void anyText_parsesToASpecThatRoundTrips_orIsRejectedWithAMessage(byte[] input) {
    String text = new String(input, java.nio.charset.StandardCharsets.UTF_8);
    ModelSpec spec;
    try {
      spec = ModelSpec.parse(text);
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    assertThat(ModelSpec.parse(spec.toString())).as("parse(print(parse(%s)))", text).isEqualTo(spec);
  }

  @Test
  void aSpecWithOptions_roundTrips() {
    ModelSpec s = ModelSpec.parse("processes:workers=2,chunksize=1");
    assertThat(ModelSpec.parse(s.toString())).isEqualTo(s);
  }
}
