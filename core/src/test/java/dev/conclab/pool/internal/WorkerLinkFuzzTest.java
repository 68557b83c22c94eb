package dev.conclab.pool.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import fuzzcanary.Canary;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Any bytes a connected worker sends end in a decoded frame or in the documented failure of its
 * link (an {@link IOException} or {@link RuntimeException}, which the parent's reader turns into
 * a broken link and {@code WorkerCrashedException}s): never an {@link Error} (an {@code
 * OutOfMemoryError} or {@code StackOverflowError} would kill the reader thread without reporting
 * the loss, and the tasks the worker held would wait forever), never a hang, and never an instance
 * of a class outside the deserialization filter.
 *
 * <p>The fuzz test runs its corpus ({@code WorkerLinkFuzzTestInputs/}) in every build; {@code
 * bench/scripts/fuzz.sh link 10m} fuzzes it. The {@code @Test}s pin each bug fuzzing found.
 */
class WorkerLinkFuzzTest {
  private static final long MAX_FRAME = 1 << 20;

  /** The parent's filter with its real limits, but a small stream size like a test pool's. */
  private static SerialFilter filter() {
    return new SerialFilter(1_000, 10_000_000, 100_000_000, MAX_FRAME, List.of());
  }

  /** How the parent's read loop ended for one stream of bytes. */
  enum Outcome {
    END_OF_STREAM,
    LINK_BROKEN
  }

  /**
   * Reads a worker's stream as {@code LinkReader.run} does: frame by frame, each decoded by
   * the same code, with an unknown frame type breaking the link.
   */
  static Outcome readAsParent(byte[] bytes) {
    SerialFilter filter = filter();
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
    List<@Nullable Object> decoded = new ArrayList<>();
    try {
      while (true) {
        Wire.Frame f = Wire.read(in, MAX_FRAME + 1024);
        switch (f.type()) {
          case Wire.READY -> decoded.add("ready");
          case Wire.INIT_FAILED -> decoded.add(Frames.InitFailed.decode(f, filter));
          // the chunk id is then matched against the worker's outstanding chunks
          case Wire.RESULT -> decoded.addAll(List.of(ResultFrame.decode(f, filter, 4242).results()));
          default -> throw new IOException("unexpected frame type " + f.type());
        }
      }
    } catch (EOFException e) {
      return Outcome.END_OF_STREAM;
    } catch (IOException | RuntimeException e) {
      return Outcome.LINK_BROKEN;
    }
  }

  @FuzzTest(maxDuration = "10s")
  void anyBytesFromAWorker_decodeOrBreakTheLink_neverAnErrorOrAForeignInstance(byte[] input) {
    int before = Canary.CREATED.get();
    readAsParent(input);
    assertThat(Canary.CREATED.get()).as("instances of a class outside the filter").isEqualTo(before);
  }

  // --- the bugs fuzzing found, one test each (inputs also in the corpus) ---

  @Test
  void resultCountBeyondTheFrame_breaksTheLink_insteadOfOutOfMemory() throws IOException {
    Wire.Buf b = new Wire.Buf(16);
    b.data.writeLong(1);
    b.data.writeInt(Integer.MAX_VALUE);
    assertThat(readAsParent(Wire.frame(Wire.RESULT, b))).isEqualTo(Outcome.LINK_BROKEN);
  }

  @Test
  void stringLengthBeyondTheFrame_breaksTheLink_insteadOfOutOfMemory() throws IOException {
    Wire.Buf b = new Wire.Buf(16);
    b.data.writeLong(1);
    b.data.writeInt(1);
    b.data.writeByte(0); // a value
    b.data.writeByte(4); // a string
    b.data.writeInt(Integer.MAX_VALUE - 8);
    assertThat(readAsParent(Wire.frame(Wire.RESULT, b))).isEqualTo(Outcome.LINK_BROKEN);
    assertThatThrownBy(() -> Codec.readString(data(new byte[] {0x7f, 0, 0, 0, 'a'})))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("bad string length");
  }

  @Test
  void aFrameHeaderClaimingTheWholeLimit_endsAtTheEndOfTheStream_insteadOfAllocatingIt() {
    byte[] header = {0x7f, (byte) 0xff, (byte) 0xef, 0, Wire.RESULT, 1, 2, 3};
    DataInputStream in = data(header);
    assertThatThrownBy(() -> Wire.read(in, Integer.MAX_VALUE)).isInstanceOf(EOFException.class);
  }

  @Test
  void aLargeFrame_isReadWhole() throws IOException {
    byte[] payload = new byte[3 << 20];
    payload[payload.length - 1] = 42;
    Wire.Frame f = Wire.read(data(Wire.frame(Wire.RESULT, payload)), Integer.MAX_VALUE);
    assertThat(f.payload()).hasSize(payload.length).endsWith(42);
  }

  @Test
  void deeplyNestedPairs_breakTheLink_insteadOfStackOverflow() throws IOException {
    Wire.Buf b = new Wire.Buf(1 << 20);
    b.data.writeLong(1);
    b.data.writeInt(1);
    b.data.writeByte(0);
    for (int i = 0; i < 500_000; i++) {
      b.data.writeByte(6); // PAIR, whose first value is another PAIR ...
    }
    b.data.writeByte(0);
    assertThat(readAsParent(Wire.frame(Wire.RESULT, b))).isEqualTo(Outcome.LINK_BROKEN);
  }

  @Test
  void pairsNestedAsDeepAsTheLimit_stillDecode() throws Exception {
    Object v = "leaf";
    for (int i = 0; i < Codec.MAX_PAIR_DEPTH; i++) {
      v = new Pair(v, i);
    }
    Wire.Buf b = new Wire.Buf(256);
    Codec.writeValue(b.data, v, null);
    assertThat(Codec.readValue(data(b.toByteArray()), filter())).isEqualTo(v);
  }

  @Test
  void aResultOfAClassOutsideTheFilter_failsThatTask_withoutCreatingIt() throws IOException {
    int before = Canary.CREATED.get();
    Wire.Buf b = new Wire.Buf(256);
    b.data.writeInt(2);
    b.data.writeByte(0);
    Codec.writeValue(b.data, new ArrayList<>(List.of(new Canary("x"))), null);
    b.data.writeByte(0);
    Codec.writeValue(b.data, 7, null);
    int created = Canary.CREATED.get();
    @Nullable Object[] rs = ResultFrame.readResults(data(b.toByteArray()), filter(), 4242);
    assertThat(rs[0]).isInstanceOfSatisfying(
        Failure.class, f -> assertThat(f.error()).hasMessageContaining("fuzzcanary.Canary"));
    assertThat(rs[1]).isEqualTo(7);
    assertThat(Canary.CREATED.get()).isEqualTo(created).isGreaterThan(before);
  }

  @Test
  void anErrorOfAClassOutsideTheFilter_isReportedByName_withoutCreatingIt() throws IOException {
    Wire.Buf b = new Wire.Buf(256);
    ErrorCodec.writeError(b.data, new Canary.Boom("boom"));
    int created = Canary.CREATED.get();
    ErrorCodec.RemoteError e = ErrorCodec.readError(data(b.toByteArray()), filter());
    assertThat(e.className()).isEqualTo("fuzzcanary.Canary$Boom");
    assertThat(e.cause()).isInstanceOf(ErrorCodec.RemoteThrowable.class).hasMessage("boom");
    assertThat(Canary.CREATED.get()).isEqualTo(created);
  }

  @Test
  void wellFormedFrames_decodeToTheEndOfTheStream() throws IOException {
    ByteArrayOutputStream s = new ByteArrayOutputStream();
    s.write(Wire.frame(Wire.READY, new byte[0]));
    Wire.Buf b = new Wire.Buf(256);
    b.data.writeLong(1);
    b.data.writeInt(2);
    b.data.writeByte(0);
    Codec.writeValue(b.data, new Pair("a", List.of(1, 2)), null);
    b.data.writeByte(1);
    ErrorCodec.writeError(b.data, new IllegalStateException("no"));
    s.write(Wire.frame(Wire.RESULT, b));
    assertThat(readAsParent(s.toByteArray())).isEqualTo(Outcome.END_OF_STREAM);
  }

  private static DataInputStream data(byte[] b) {
    return new DataInputStream(new ByteArrayInputStream(b));
  }

  /** The corpus's hand-made seed inputs (the files {@code seed-*} were written from these). */
  static List<byte[]> seeds() throws IOException {
    List<byte[]> out = new ArrayList<>();
    Wire.Buf ok = new Wire.Buf(256);
    ok.data.writeLong(1);
    ok.data.writeInt(3);
    ok.data.writeByte(0);
    Codec.writeValue(ok.data, new Pair("a", 2.5), null);
    ok.data.writeByte(0);
    Codec.writeValue(ok.data, new ArrayList<>(List.of(1L, "b")), null);
    ok.data.writeByte(1);
    ErrorCodec.writeError(ok.data, new IllegalArgumentException("bad"));
    out.add(concat(Wire.frame(Wire.READY, new byte[0]), Wire.frame(Wire.RESULT, ok)));
    Wire.Buf canary = new Wire.Buf(256);
    canary.data.writeLong(2);
    canary.data.writeInt(1);
    canary.data.writeByte(0);
    Codec.writeValue(canary.data, new Canary("c"), null);
    out.add(Wire.frame(Wire.RESULT, canary));
    Wire.Buf boom = new Wire.Buf(256);
    ErrorCodec.writeError(boom.data, new Canary.Boom("boom"));
    out.add(Wire.frame(Wire.INIT_FAILED, boom));
    return out;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] r = new byte[a.length + b.length];
    System.arraycopy(a, 0, r, 0, a.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
