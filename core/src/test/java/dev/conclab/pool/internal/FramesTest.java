package dev.conclab.pool.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conclab.pool.RemoteTaskException;
import dev.conclab.pool.SerializableFunction;
import dev.conclab.pool.SerializableRunnable;
import dev.conclab.pool.WorkerDeathPolicy;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Each frame of the worker protocol decodes to what was encoded, as the other end reads it. */
class FramesTest {
  private static SerialFilter filter() {
    return new SerialFilter(1_000, 10_000_000, 100_000_000, 1 << 20, List.of("com.example.**"));
  }

  private static Wire.Frame read(byte[] frame) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(frame));
    Wire.Frame f = Wire.read(in, Integer.MAX_VALUE);
    assertThat(in.available()).as("bytes after the frame").isZero();
    return f;
  }

  private static PoolConfig config(@Nullable SerializableRunnable initializer) {
    return new PoolConfig(
        "pool-7", 2, initializer, 0, List.of(), null, WorkerDeathPolicy.REPLACE,
        System.getProperty("java.class.path"), List.of("com.example.**"), 1 << 20, line -> {},
        Duration.ofSeconds(30), true, 0);
  }

  @Test
  void hello_roundTrips_andMatchesOnlyItsTokenAndPid() throws IOException {
    byte[] token = Launcher.newToken();
    Frames.Hello h = Frames.Hello.decode(read(new Frames.Hello(token, 4242).encode()));
    assertThat(h.token()).isEqualTo(token);
    assertThat(h.pid()).isEqualTo(4242);
    assertThat(h.isFrom(token, 4242)).isTrue();
    assertThat(h.isFrom(token, 4243)).isFalse();
    assertThat(h.isFrom(Launcher.newToken(), 4242)).isFalse();
  }

  @Test
  void init_withoutInitializer_roundTrips_andRebuildsTheParentsFilter() throws Exception {
    SerialFilter parent = filter();
    Frames.Init init = Frames.Init.of(config(null), parent, Frames.Mode.POOL);
    Frames.Init back = Frames.Init.decode(read(init.encode()));
    assertThat(back.mode()).isEqualTo(Frames.Mode.POOL);
    assertThat(back.pool()).isEqualTo("pool-7");
    assertThat(back.initializer()).isNull();
    assertThat(back.locations()).isEmpty();
    assertThat(List.of(back.maxDepth(), back.maxRefs(), back.maxArray(), back.maxBytes()))
        .containsExactly(parent.maxDepth(), parent.maxRefs(), parent.maxArray(), parent.maxBytes());
    assertThat(back.patterns()).isEqualTo(parent.patterns());
    SerialFilter worker = back.newFilter();
    assertThat(worker.patterns()).isEqualTo(parent.patterns());
    assertThat(worker.maxBytes()).isEqualTo(parent.maxBytes());
  }

  @Test
  void init_withInitializer_carriesItAndItsLocations_inEveryMode() throws Exception {
    SerializableRunnable initializer = () -> System.setProperty("conclab.frames.test", "ran");
    Frames.Init init = Frames.Init.of(config(initializer), filter(), Frames.Mode.POOL);
    for (Frames.Mode mode : Frames.Mode.values()) {
      Frames.Init back = Frames.Init.decode(read(init.withMode(mode).encode()));
      assertThat(back.mode()).isEqualTo(mode);
      assertThat(back.locations()).isEqualTo(init.locations()).isNotEmpty();
      byte[] bytes = back.initializer();
      assertThat(bytes).isEqualTo(init.initializer());
      Runnable r = (Runnable) FunctionCodec.decode(java.util.Objects.requireNonNull(bytes), back.newFilter());
      System.clearProperty("conclab.frames.test");
      r.run();
      assertThat(System.getProperty("conclab.frames.test")).isEqualTo("ran");
    }
  }

  @Test
  void init_withABadMode_isRejected() {
    byte[] frame = Frames.Init.of(config(null), filter(), Frames.Mode.POOL).encode();
    frame[Wire.HEADER_BYTES] = 9;
    assertThatThrownBy(() -> Frames.Init.decode(read(frame))).isInstanceOf(IOException.class).hasMessageContaining("mode 9");
  }

  @Test
  void readyAndShutdown_areEmptyFramesOfTheirType() throws IOException {
    Wire.Frame ready = read(Frames.ready());
    assertThat(ready.type()).isEqualTo(Wire.READY);
    assertThat(ready.payload()).isEmpty();
    Wire.Frame shutdown = read(Frames.shutdown());
    assertThat(shutdown.type()).isEqualTo(Wire.SHUTDOWN);
    assertThat(shutdown.payload()).isEmpty();
  }

  @Test
  void initFailed_roundTrips_theErrorsClassMessageAndStack() throws IOException {
    IllegalStateException error = new IllegalStateException("no database");
    ErrorCodec.RemoteError back = Frames.InitFailed.decode(read(Frames.InitFailed.encode(error)), filter());
    assertThat(back.className()).isEqualTo(IllegalStateException.class.getName());
    assertThat(back.message()).isEqualTo("no database");
    assertThat(back.cause()).isInstanceOf(IllegalStateException.class).hasMessage("no database");
    assertThat(back.cause().getStackTrace()).isEqualTo(error.getStackTrace());
  }

  @Test
  void fn_roundTrips_andTheFunctionStillWorks() throws Exception {
    SerializableFunction<Integer, Integer> square = n -> n * n;
    byte[] bytes = FunctionCodec.encode(square);
    Frames.Fn back = Frames.Fn.decode(read(new Frames.Fn(77, List.of("/a.jar", "/b"), bytes).encode()));
    assertThat(back.fnId()).isEqualTo(77);
    assertThat(back.locations()).containsExactly("/a.jar", "/b");
    @SuppressWarnings("unchecked")
    SerializableFunction<Integer, Integer> f =
        (SerializableFunction<Integer, Integer>) FunctionCodec.decode(back.function(), filter());
    assertThat(f.apply(12)).isEqualTo(144);
  }

  @Test
  void task_roundTrips_itsIdsLocationsAndValues() throws Exception {
    Wire.Buf values = new Wire.Buf(64);
    Codec.writeValue(values.data, 5, null);
    Codec.writeValue(values.data, "six", null);
    Codec.writeValue(values.data, new Pair(7L, null), null);
    byte[] frame = Frames.Task.encode(11, 3, Set.of("/c.jar"), 3, values);
    Frames.Task back = Frames.Task.decode(read(frame));
    assertThat(List.of(back.chunkId(), back.fnId(), (long) back.count())).containsExactly(11L, 3L, 3L);
    assertThat(back.locations()).containsExactly("/c.jar");
    DataInputStream in = back.valuesIn();
    assertThat(Codec.readValue(in, filter())).isEqualTo(5);
    assertThat(Codec.readValue(in, filter())).isEqualTo("six");
    assertThat(Codec.readValue(in, filter())).isEqualTo(new Pair(7L, null));
    assertThat(in.available()).isZero();
    assertThat(back.encode()).as("the record encodes to the same bytes").isEqualTo(frame);
  }

  @Test
  void result_roundTrips_valuesAndErrorsInOrder() throws IOException {
    ResultFrame.Writer w = new ResultFrame.Writer();
    w.begin(21, 3);
    w.value(List.of(1, 2));
    w.error(new ArithmeticException("/ by zero"));
    w.value(null);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    w.writeTo(new DataOutputStream(out));
    ResultFrame back = ResultFrame.decode(read(out.toByteArray()), filter(), 4242);
    assertThat(back.chunkId()).isEqualTo(21);
    assertThat(back.results()).hasSize(3);
    assertThat(back.results()[0]).isEqualTo(List.of(1, 2));
    assertThat(back.results()[1]).isInstanceOfSatisfying(Failure.class, f -> assertThat(f.error())
        .isInstanceOf(RemoteTaskException.class)
        .hasMessage("task failed in worker pid 4242: java.lang.ArithmeticException: / by zero"));
    assertThat(back.results()[2]).isNull();
    assertThat(back.anyFailed()).isTrue();
  }

  @Test
  void result_aValueThatCannotBeSent_appendsNothing_andCanBeReportedAsThatTasksError() throws IOException {
    ResultFrame.Writer w = new ResultFrame.Writer();
    w.begin(1, 2);
    Object unsendable = new Object();
    IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> w.value(List.of(unsendable)));
    assertThat(e).hasMessageContaining("the task's result cannot be sent back");
    w.error(e);
    w.value(8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    w.writeTo(new DataOutputStream(out));
    ResultFrame back = ResultFrame.decode(read(out.toByteArray()), filter(), 1);
    assertThat(back.results()[0]).isInstanceOf(Failure.class);
    assertThat(back.results()[1]).isEqualTo(8);
  }

  @Test
  void forget_roundTrips() throws IOException {
    assertThat(Frames.Forget.decode(read(new Frames.Forget(99).encode())).fnId()).isEqualTo(99);
  }

  @Test
  void run_roundTrips_andTheTaskStillRuns() throws Exception {
    SerializableRunnable task = () -> System.setProperty("conclab.frames.run", "ran");
    Frames.Run run = Frames.Run.of(task);
    Frames.Run back = Frames.Run.decode(read(run.encode()));
    assertThat(back.locations()).isEqualTo(run.locations()).isNotEmpty();
    SerialFilter f = filter();
    f.allowLocations(back.locations());
    System.clearProperty("conclab.frames.run");
    ((Runnable) FunctionCodec.decode(back.task(), f)).run();
    assertThat(System.getProperty("conclab.frames.run")).isEqualTo("ran");
  }

  @Test
  void aFrameOfAnotherType_isRejectedByEveryDecoder() throws IOException {
    Wire.Frame forget = read(new Frames.Forget(1).encode());
    assertThatThrownBy(() -> Frames.Hello.decode(forget)).isInstanceOf(IOException.class).hasMessageContaining("expected frame type");
    assertThatThrownBy(() -> Frames.Init.decode(forget)).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> Frames.Fn.decode(forget)).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> Frames.Task.decode(forget)).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> Frames.Run.decode(forget)).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> ResultFrame.decode(forget, filter(), 1)).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> Frames.InitFailed.decode(forget, filter())).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> Frames.Forget.decode(read(Frames.ready()))).isInstanceOf(IOException.class);
  }
}
