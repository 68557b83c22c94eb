package dev.conclab.pool.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.Serializable;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import com.example.records.Reading;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Records on the wire: the compact form, and Java serialization where it must stay. */
class RecordCodecTest {
  public record Point(long x, int y, double weight, boolean seen, @Nullable String label) implements Serializable {}

  public record Segment(Point from, Point to, @Nullable Object extra) implements Serializable {}

  public record Positive(int n) implements Serializable {
    public Positive {
      if (n <= 0) {
        throw new IllegalArgumentException("not positive: " + n);
      }
    }
  }

  public record Replaced(int n) implements Serializable {
    private Object readResolve() {
      return new Replaced(n + 1000);
    }
  }

  record Hidden(int n) implements Serializable {}

  /** An accessor that does not return its field: what travels is the field, as serialization sends it. */
  public record Shouting(String word) implements Serializable {
    @Override
    public String word() {
      return word.toUpperCase(java.util.Locale.ROOT);
    }
  }

  private static SerialFilter filter() {
    return new SerialFilter(100, 100_000, 1_000_000, 1 << 20, List.of());
  }

  private static byte[] write(@Nullable Object v, @Nullable Set<String> locations) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(b);
    Codec.writeValue(out, v, locations);
    out.flush();
    return b.toByteArray();
  }

  private static @Nullable Object read(byte[] bytes, SerialFilter f) throws Exception {
    return Codec.readValue(new DataInputStream(new ByteArrayInputStream(bytes)), f);
  }

  private static @Nullable Object roundTrip(@Nullable Object v) throws Exception {
    return read(write(v, null), filter());
  }

  @Test
  void aPublicRecord_travelsInCompactForm_andComesBackEqual() throws Exception {
    Point p = new Point(1L << 40, -7, 0.25, true, null);
    Segment s = new Segment(p, new Point(2, 3, 4.5, false, "end"), List.of(1, 2));
    assertThat(roundTrip(s)).isEqualTo(s);
    assertThat(roundTrip(p)).isEqualTo(p);
    byte[] compact = write(p, null);
    assertThat(compact[0]).isEqualTo(Codec.RECORD);
    assertThat(compact.length).as("no stream header or class descriptor per value")
        .isLessThan(Codec.serialize(p).length);
  }

  @Test
  void theComponentsFieldsTravel_notWhatAnOverriddenAccessorReturns() throws Exception {
    Shouting s = new Shouting("quiet");
    assertThat(write(s, null)[0]).isEqualTo(Codec.RECORD);
    assertThat(roundTrip(s)).isEqualTo(s).isEqualTo(Codec.deserialize(Codec.serialize(s), filter()));
  }

  @Test
  void aRecordsCodeSource_isAddedToTheLocationsTheOtherSideAllows() throws Exception {
    Set<String> locations = new HashSet<>();
    write(new Point(1, 2, 3, true, "x"), locations);
    assertThat(locations).contains(SerialFilter.location(Point.class));
  }

  @Test
  void recordsThatSerializationMustRebuild_travelAsBefore() throws Exception {
    assertThat(RecordShape.of(Replaced.class)).as("readResolve").isNull();
    assertThat(roundTrip(new Replaced(1))).isEqualTo(new Replaced(1001));
    assertThat(RecordShape.of(Hidden.class)).as("not public").isNull();
    assertThat(roundTrip(new Hidden(5))).isEqualTo(new Hidden(5));
    assertThat(RecordShape.of(String.class)).as("not a record").isNull();
  }

  @Test
  void aRecordTheFilterDoesNotAllow_isRejectedNamingIt_untilItsCodeSourceIsAllowed() throws Exception {
    Reading r = new Reading("t1", 21.5);
    Set<String> locations = new HashSet<>();
    byte[] bytes = write(r, locations);
    assertThatThrownBy(() -> read(bytes, filter())).isInstanceOf(InvalidClassException.class)
        .hasMessageContaining(Reading.class.getName()).hasMessageContaining("allowClasses");
    SerialFilter allowing = filter();
    allowing.allowLocations(locations);
    assertThat(read(bytes, allowing)).isEqualTo(r);
  }

  @Test
  void componentsTheCanonicalConstructorRejects_areAnIoError_notARecord() throws Exception {
    byte[] bytes = frame(Positive.class.getName(), 1, -3);
    assertThat(read(frame(Positive.class.getName(), 1, 3), filter())).isEqualTo(new Positive(3));
    assertThatThrownBy(() -> read(bytes, filter())).isInstanceOf(IOException.class)
        .hasMessageContaining("not positive: -3");
  }

  @Test
  void aComponentOfTheWrongTypeOrANullPrimitive_isAnIoError() throws Exception {
    assertThatThrownBy(() -> read(frame(Positive.class.getName(), 1, (Object) null), filter()))
        .isInstanceOf(IOException.class).hasMessageContaining("component 0");
    assertThatThrownBy(() -> read(frame(Positive.class.getName(), 1, "three"), filter()))
        .isInstanceOf(IOException.class).hasMessageContaining("component 0");
  }

  @Test
  void aClassThatIsNotARecord_aWrongComponentCount_orAnUnknownClass_isAnIoError() throws Exception {
    assertThatThrownBy(() -> read(frame("java.lang.Integer", 1, 3), filter())).isInstanceOf(IOException.class)
        .hasMessageContaining("not a record");
    assertThatThrownBy(() -> read(frame(Positive.class.getName(), 2, 3, 4), filter())).isInstanceOf(IOException.class)
        .hasMessageContaining("2 components");
    assertThatThrownBy(() -> read(frame("no.such.Record", 0), filter())).isInstanceOf(ClassNotFoundException.class);
  }

  @Test
  void recordsNestedTooDeeply_areRefusedOnReading_andSerializedOnWriting() throws Exception {
    Object deep = null;
    for (int i = 0; i < 2 * Codec.MAX_PAIR_DEPTH; i++) {
      deep = new Segment(new Point(i, 0, 0, false, null), new Point(0, 0, 0, false, null), deep);
    }
    assertThat(roundTrip(deep)).isEqualTo(deep);
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(b);
    for (int i = 0; i < Codec.MAX_PAIR_DEPTH + 1; i++) {
      out.writeByte(Codec.RECORD);
      Codec.writeString(out, Segment.class.getName());
      out.writeByte(3);
      Codec.writeValue(out, null, null);
      Codec.writeValue(out, null, null);
    }
    out.flush();
    assertThatThrownBy(() -> read(b.toByteArray(), filter())).isInstanceOf(IOException.class)
        .hasMessageContaining("nested deeper");
  }

  /** A record in compact form written by hand: its class name, a component count, the values. */
  private static byte[] frame(String name, int count, @Nullable Object... values) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(b);
    out.writeByte(Codec.RECORD);
    Codec.writeString(out, name);
    out.writeByte(count);
    for (Object v : values) {
      Codec.writeValue(out, v, null);
    }
    out.flush();
    return b.toByteArray();
  }
}
