package dev.conclab.pool.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.conclab.pool.SerializableCallable;
import dev.conclab.pool.SerializableFunction;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.Serializable;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A function travels as its lambda's parts when it can and by Java serialization otherwise, and
 * comes back doing the same thing either way; bad bytes end in an {@link IOException} or {@link
 * ClassNotFoundException}, never in a function that was not sent or an {@link Error}.
 */
class FunctionCodecTest {
  private static SerialFilter filter() {
    return new SerialFilter(1_000, 10_000, 10_000, 1 << 20, List.of());
  }

  static Integer square(Integer n) {
    return n * n;
  }

  @SuppressWarnings("unchecked")
  private static <T, R> Function<T, R> roundTrip(SerializableFunction<T, R> f) throws Exception {
    return (Function<T, R>) FunctionCodec.decode(FunctionCodec.encode(f), filter());
  }

  @Test
  void aMethodReference_travelsAsItsParts_withoutAStreamHeader() throws Exception {
    SerializableFunction<Integer, Integer> f = FunctionCodecTest::square;
    byte[] bytes = FunctionCodec.encode(f);
    assertThat(bytes[0]).isEqualTo(FunctionCodec.LAMBDA);
    assertThat(roundTrip(f).apply(12)).isEqualTo(144);
  }

  @Test
  void aLambdaCapturingScalars_travelsAsItsParts_withTheirValues() throws Exception {
    int k = 7;
    String prefix = "n=";
    long offset = 1L << 40;
    SerializableFunction<Integer, String> f = n -> prefix + (n * k + offset);
    assertThat(FunctionCodec.encode(f)[0]).isEqualTo(FunctionCodec.LAMBDA);
    assertThat(roundTrip(f).apply(3)).isEqualTo("n=" + (21 + offset));
  }

  @Test
  void aMethodReferenceBoundToAString_travelsAsItsParts() throws Exception {
    SerializableFunction<String, String> f = "ab"::concat;
    assertThat(FunctionCodec.encode(f)[0]).isEqualTo(FunctionCodec.LAMBDA);
    assertThat(roundTrip(f).apply("cd")).isEqualTo("abcd");
  }

  @Test
  void aLambdaCapturingACharOrAFloat_travelsByJavaSerialization_keepingItsType() throws Exception {
    char c = 'x';
    float k = 1.5f;
    SerializableFunction<Integer, String> f = n -> c + ":" + (n * k);
    assertThat(FunctionCodec.encode(f)[0]).isEqualTo((byte) 0xAC);
    assertThat(roundTrip(f).apply(2)).isEqualTo("x:3.0");
  }

  @Test
  void aLambdaCapturingADoubleABooleanAndNull_travelsAsItsParts_withTheirValues() throws Exception {
    double scale = 0.5;
    boolean negate = true;
    String none = null;
    SerializableFunction<Integer, String> f = n -> (negate ? -n * scale : n * scale) + "/" + none;
    assertThat(FunctionCodec.encode(f)[0]).isEqualTo(FunctionCodec.LAMBDA);
    assertThat(roundTrip(f).apply(3)).isEqualTo("-1.5/null");
  }

  @Test
  void aCapturedStringUtf8CannotHold_travelsByJavaSerialization_unchanged() throws Exception {
    String lone = "a\uD800b";
    SerializableFunction<String, Boolean> f = lone::equals;
    assertThat(FunctionCodec.encode(f)[0]).isEqualTo((byte) 0xAC);
    assertThat(roundTrip(f).apply("a\uD800b")).isTrue();
    assertThat(roundTrip(f).apply("a?b")).isFalse();
  }

  @Test
  void aLambdaCapturingAnObject_travelsByJavaSerialization_andStillWorks() throws Exception {
    List<Integer> table = List.of(10, 20, 30);
    SerializableFunction<Integer, Integer> f = table::get;
    byte[] bytes = FunctionCodec.encode(f);
    assertThat(bytes[0]).as("a Java serialization stream").isEqualTo((byte) 0xAC);
    assertThat(roundTrip(f).apply(2)).isEqualTo(30);
  }

  /** A function object that is not a lambda. */
  record Add(int k) implements SerializableFunction<Integer, Integer> {
    @Override
    public Integer apply(Integer n) {
      return n + k;
    }
  }

  @Test
  void aFunctionObject_travelsByJavaSerialization() throws Exception {
    byte[] bytes = FunctionCodec.encode(new Add(5));
    assertThat(bytes[0]).isEqualTo((byte) 0xAC);
    assertThat(roundTrip(new Add(5)).apply(1)).isEqualTo(6);
  }

  @Test
  void aCallableLambda_travelsAsItsParts() throws Exception {
    SerializableCallable<String> c = () -> "called";
    Object back = FunctionCodec.decode(FunctionCodec.encode(c), filter());
    assertThat(((SerializableCallable<?>) back).call()).isEqualTo("called");
  }

  @Test
  void aLambdaThatIsNotSerializable_isRefusedNamingItsClass() {
    Function<Integer, Integer> f = n -> n + 1;
    assertThatThrownBy(() -> FunctionCodec.encode(f)).isInstanceOf(NotSerializableException.class)
        .hasMessageContaining("FunctionCodecTest");
  }

  /** The parts {@link FunctionCodec#encode} writes for {@link #square}, with one changed. */
  private static byte[] parts(String capturing, String implMethod) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(b);
    out.writeByte(FunctionCodec.LAMBDA);
    Codec.writeString(out, capturing);
    Codec.writeString(out, "dev/conclab/pool/SerializableFunction");
    Codec.writeString(out, "apply");
    Codec.writeString(out, "(Ljava/lang/Object;)Ljava/lang/Object;");
    out.writeInt(6); // REF_invokeStatic
    Codec.writeString(out, "dev/conclab/pool/internal/FunctionCodecTest");
    Codec.writeString(out, implMethod);
    Codec.writeString(out, "(Ljava/lang/Integer;)Ljava/lang/Integer;");
    Codec.writeString(out, "(Ljava/lang/Integer;)Ljava/lang/Integer;");
    out.writeByte(0);
    return b.toByteArray();
  }

  @Test
  void handWrittenParts_ofARealLambda_rebuildIt() throws Exception {
    Object f = FunctionCodec.decode(parts("dev/conclab/pool/internal/FunctionCodecTest", "square"), filter());
    @SuppressWarnings("unchecked")
    Function<Integer, Integer> g = (Function<Integer, Integer>) f;
    assertThat(g.apply(9)).isEqualTo(81);
  }

  @Test
  void partsOfALambdaItsClassDoesNotHave_areAnIoError_namingThem() throws Exception {
    byte[] bytes = parts("dev/conclab/pool/internal/FunctionCodecTest", "parts");
    assertThatThrownBy(() -> FunctionCodec.decode(bytes, filter())).isInstanceOf(IOException.class)
        .hasMessageContaining("cannot rebuild the lambda").hasMessageContaining("parts");
  }

  @Test
  void aClassWithoutLambdas_orNoClassAtAll_isAnError_notAFunction() throws Exception {
    byte[] noLambdas = parts("java/lang/String", "square");
    assertThatThrownBy(() -> FunctionCodec.decode(noLambdas, filter())).isInstanceOf(IOException.class)
        .hasMessageContaining("java.lang.String");
    byte[] missing = parts("com/example/Missing", "square");
    assertThatThrownBy(() -> FunctionCodec.decode(missing, filter()))
        .isInstanceOf(ClassNotFoundException.class);
  }

  @Test
  void aCapturingClassTheFilterDoesNotAllow_isRejectedNamingIt_beforeItsCodeRuns() throws Exception {
    byte[] bytes = parts("org/assertj/core/api/Assertions", "square");
    assertThatThrownBy(() -> FunctionCodec.decode(bytes, filter())).isInstanceOf(InvalidClassException.class)
        .hasMessageContaining("org.assertj.core.api.Assertions").hasMessageContaining("allowClasses");
    SerialFilter allowing = filter();
    allowing.allowLocations(List.of(java.util.Objects.requireNonNull(
        SerialFilter.location(org.assertj.core.api.Assertions.class))));
    assertThatThrownBy(() -> FunctionCodec.decode(bytes, allowing)).isInstanceOf(IOException.class)
        .isNotInstanceOf(InvalidClassException.class);
  }

  /** The parts of {@code f} as {@link FunctionCodec#encode} writes them, with other captured values. */
  private static byte[] partsWithCaptured(Object f, Object... captured) throws IOException {
    java.lang.invoke.SerializedLambda sl = java.util.Objects.requireNonNull(FunctionCodec.serializedLambda(f));
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(b);
    FunctionCodec.writeParts(out, sl, captured);
    return b.toByteArray();
  }

  @Test
  void capturedValuesOfTheWrongTypeOrForm_areAnIoError_notAnotherFunction() throws Exception {
    int k = 3;
    SerializableFunction<Integer, Integer> f = n -> n * k;
    byte[] sameParts = partsWithCaptured(f, 4);
    @SuppressWarnings("unchecked")
    Function<Integer, Integer> g = (Function<Integer, Integer>) FunctionCodec.decode(sameParts, filter());
    assertThat(g.apply(5)).as("the captured value sent is the one used").isEqualTo(20);
    byte[] wrongType = partsWithCaptured(f, "four");
    assertThatThrownBy(() -> FunctionCodec.decode(wrongType, filter())).isInstanceOf(IOException.class)
        .hasMessageContaining("cannot rebuild the lambda");
    byte[] notScalar = partsWithCaptured(f, List.of(4));
    assertThatThrownBy(() -> FunctionCodec.decode(notScalar, filter())).isInstanceOf(IOException.class)
        .hasMessageContaining("where a scalar was expected");
  }

  @Test
  void truncatedOrTrailingBytes_areAnIoError() throws Exception {
    byte[] good = FunctionCodec.encode((SerializableFunction<Integer, Integer>) FunctionCodecTest::square);
    for (int n = 1; n < good.length; n++) {
      byte[] cut = java.util.Arrays.copyOf(good, n);
      assertThatThrownBy(() -> FunctionCodec.decode(cut, filter())).as("cut at %d", n)
          .isInstanceOf(IOException.class);
    }
    byte[] longer = java.util.Arrays.copyOf(good, good.length + 1);
    assertThatThrownBy(() -> FunctionCodec.decode(longer, filter())).isInstanceOf(IOException.class)
        .hasMessageContaining("bytes left");
  }

  @FuzzTest(maxDuration = "10s")
  void anyBytes_decodeOrFailWithAnException_neverAnError(byte[] input) {
    byte[] bytes = new byte[input.length + 1];
    bytes[0] = FunctionCodec.LAMBDA;
    System.arraycopy(input, 0, bytes, 1, input.length);
    try {
      Object fn = FunctionCodec.decode(bytes, filter());
      assertThat(fn).isInstanceOf(Serializable.class);
    } catch (IOException | ClassNotFoundException | RuntimeException e) {
      // the documented failures
    }
  }
}
