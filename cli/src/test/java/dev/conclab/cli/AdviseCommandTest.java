package dev.conclab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.conclab.examples.advise.ResizeImage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs the real {@code advise} command on the example tasks and on tasks that misbehave. */
class AdviseCommandTest {
  private static final String EX = "dev.conclab.examples.advise.";
  private static final ObjectMapper JSON = new ObjectMapper();

  static String classPathOf(Class<?> c) {
    try {
      return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode advise(String... args) throws IOException {
    MainTest.Run r = MainTest.run(args);
    assertThat(r.code()).as(r.err()).isZero();
    return JSON.readTree(r.out());
  }

  private static String firstKey(JsonNode object, String prefix) {
    for (var it = object.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (k.startsWith(prefix)) {
        return k;
      }
    }
    throw new AssertionError("no key starting with " + prefix + " in " + object);
  }

  private static String kind(String spec) {
    int colon = spec.indexOf(':');
    return colon < 0 ? spec : spec.substring(0, colon);
  }

  @Test
  void cpuBoundTask_isCpuBound_andGetsAParallelModel() throws IOException {
    JsonNode r = advise("advise", "--no-progress", "--class-path", classPathOf(ResizeImage.class),
        "--task", EX + "ResizeImage::thumbnail", "--n", "40", "--budget", "12s", "--format", "json");
    assertThat(r.get("classification").asText()).isEqualTo("cpu-bound");
    assertThat(r.get("cpuFraction").asDouble()).isGreaterThanOrEqualTo(0.8);
    assertThat(kind(r.get("recommended").asText())).isIn("threads", "virtual", "processes");
    assertThat(r.get("reason").asText()).contains("cpu-bound", "×");
    // processes ran the task in worker JVMs, which opened the class path themselves
    String proc = firstKey(r.get("predicted"), "processes");
    JsonNode cell = null;
    for (JsonNode c : r.get("cells")) {
      if (c.get("model").asText().equals(proc)) {
        cell = c;
      }
    }
    if (cell == null) {
      throw new AssertionError("no cell for " + proc + " in " + r.get("cells"));
    }
    assertThat(cell.get("error").isNull()).as(cell.toString()).isTrue();
    assertThat(r.get("measured").get(proc).isNumber()).isTrue();
  }

  @Test
  void ioBoundTask_isIoBound_andGetsVirtualThreadsNearTheKnee(@TempDir Path dir) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4096);
    // platform threads for the server, so it does not share the virtual threads' carriers with the task measured
    ExecutorService handlers = Executors.newCachedThreadPool(Thread.ofPlatform().daemon(true).name("delay-server-", 0).factory());
    server.setExecutor(handlers);
    server.createContext("/", ex -> {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      try (OutputStream o = ex.getResponseBody()) {
        o.write(body);
      }
    });
    server.start();
    try {
      Path urls = dir.resolve("urls.txt");
      int port = server.getAddress().getPort();
      Files.write(urls, IntStream.range(0, 100).mapToObj(i -> "http://127.0.0.1:" + port + "/item/" + i).toList());
      JsonNode r = advise("advise", "--no-progress", "--class-path", classPathOf(ResizeImage.class),
          "--task", EX + "HttpGet::fetch", "--inputs", urls.toString(), "--budget", "15s", "--format", "json");
      assertThat(r.get("classification").asText()).isEqualTo("io-bound");
      assertThat(r.get("profile").get("blockedMsByEvent").has("ThreadPark")).as(r.get("profile").toString()).isTrue();
      String rec = r.get("recommended").asText();
      assertThat(kind(rec)).as(r.get("reason").asText() + " " + r.get("measured") + " " + r.get("rejected")).isIn("virtual", "async");
      assertThat(r.get("knee").isInt()).as("knee").isTrue();
      int knee = r.get("knee").asInt();
      int conc = r.get("concurrency").asInt();
      assertThat(conc).as(r.toString()).isGreaterThan(1).isBetween(knee / 4, knee * 4);
      assertThat(r.get("sweep").size()).isEqualTo(6);
      assertThat(r.get("rejected").has("async")).isTrue();
    } finally {
      server.stop(0);
      handlers.shutdownNow();
    }
  }

  @Test
  void mixedTask_isMixed_withItsFraction() throws IOException {
    JsonNode r = advise("advise", "--no-progress", "--class-path", classPathOf(AdviseTestTasks.class),
        "--task", "dev.conclab.cli.AdviseTestTasks::computeThenSleep", "--n", "60", "--budget", "10s", "--format", "json");
    assertThat(r.get("classification").asText()).as(r.get("profile").toString()).isEqualTo("mixed");
    double f = r.get("cpuFraction").asDouble();
    assertThat(f).isBetween(0.2, 0.8);
    assertThat(r.get("reason").asText()).contains("mixed (" + Math.round(f * 100) + " %");
    assertThat(r.get("profile").get("blockedMsByEvent").has("ThreadSleep")).isTrue();
  }

  @Test
  void exampleWithFsync_recordsItsForces() throws IOException {
    // ParseAndWrite's class depends on the disk's fsync time (0.5 ms here, far more on a slow
    // disk), so only what the profile saw is asserted, not the class.
    JsonNode r = advise("advise", "--no-progress", "--class-path", classPathOf(ResizeImage.class),
        "--task", EX + "ParseAndWrite::run", "--n", "20", "--budget", "6s", "--format", "json");
    assertThat(r.get("profile").get("blockedMsByEvent").has("FileForce")).as(r.get("profile").toString()).isTrue();
  }

  @Test
  void nonSerializableResult_rejectsProcesses_namingTheClass() throws IOException {
    JsonNode r = advise("advise", "--no-progress", "--class-path", classPathOf(ResizeImage.class),
        "--task", EX + "Tokenize::words", "--n", "20", "--budget", "6s", "--format", "json");
    String proc = firstKey(r.get("rejected"), "processes");
    assertThat(r.get("rejected").get(proc).asText()).contains(EX + "Tokens", "not serializable");
    assertThat(r.get("recommended").asText()).doesNotStartWith("processes");
    assertThat(r.get("profile").get("notSerializable").asText()).isEqualTo("result " + EX + "Tokens");
  }

  @Test
  void textReport_andHtmlReport_showTheRecommendationAndCharts(@TempDir Path dir) throws IOException {
    Path html = dir.resolve("advice.html");
    MainTest.Run r = MainTest.run("advise", "--no-progress", "--class-path", classPathOf(ResizeImage.class),
        "--task", EX + "ParseAndWrite::run", "--n", "20", "--budget", "5s", "--format", "html", "--out", html.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("classification", "recommended", "reason", "speedup over sequential", "written to");
    String page = Files.readString(html);
    assertThat(page).startsWith("<!DOCTYPE html>").contains("<svg", "Speedup over sequential", "Measurements")
        .doesNotContain("<script", "http://", "https://");
    if (!r.out().contains("classification  cpu-bound")) { // on a busy machine the parsing can dominate
      assertThat(page).contains("Concurrency sweep", "polyline", "tasks in flight");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"--task=no.such.Clazz::run", "--task=" + EX + "ResizeImage::nope",
      "--task=dev.conclab.cli.AdviseTestTasks::twoArgs", "--task=dev.conclab.cli.AdviseTestTasks::notStatic",
      "--task=" + EX + "ResizeImage", "--budget=soon", "--format=pdf", "--n=0",
      "--task=" + EX + "HttpGet::fetch"})
  void badInput_isOneLineUsageErrorWithExitCode2(String arg) {
    String task = arg.startsWith("--task=") ? arg : "--task=" + EX + "ResizeImage::thumbnail";
    List<String> args = new java.util.ArrayList<>(List.of("advise", "--no-progress", "--class-path",
        classPathOf(ResizeImage.class) + java.io.File.pathSeparator + classPathOf(AdviseTestTasks.class), task));
    if (!arg.startsWith("--task=")) {
      args.add(arg);
    }
    MainTest.Run r = MainTest.run(args.toArray(String[]::new));
    assertThat(r.code()).as(r.out()).isEqualTo(2);
    assertThat(r.err().lines().count()).as(r.err()).isEqualTo(1);
    assertThat(r.err()).startsWith("conclab: ").doesNotContain("\tat ");
  }

  @Test
  void help_listsAdvise_andProgressBarIsNotDrawnWhenStderrIsNotATerminal() {
    assertThat(MainTest.run("--help").out()).contains("advise");
    // the test JVM's stderr is a pipe to the build, never a terminal
    org.junit.jupiter.api.Assumptions.assumeFalse(Terminals.stderrIsTerminal(), "stderr is a terminal");
    java.io.PrintStream saved = System.err;
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
    MainTest.Run r;
    try {
      r = MainTest.run("advise", "--class-path", classPathOf(ResizeImage.class), "--task", EX + "Tokenize::words",
          "--n", "4", "--budget", "3s");
    } finally {
      System.setErr(saved);
    }
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("advise", "%");
  }

  @Test
  void missingClassPathEntry_namesIt() {
    MainTest.Run r = MainTest.run("advise", "--no-progress", "--class-path", "/no/such/dir", "--task", EX + "X::y");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("conclab: class path entry '/no/such/dir' does not exist");
  }

  @Test
  void classNotFound_namesTheClass() {
    MainTest.Run r = MainTest.run("advise", "--no-progress", "--class-path", classPathOf(ResizeImage.class), "--task",
        "com.example.Missing::run");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("class 'com.example.Missing' not found");
  }

  @Test
  void failingTask_isOneLineFailureWithExitCode1_namingTheInput() {
    MainTest.Run r = MainTest.run("advise", "--no-progress", "--class-path", classPathOf(AdviseTestTasks.class),
        "--task", "dev.conclab.cli.AdviseTestTasks::failsOn3", "--n", "10", "--budget", "5s");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().strip()).isEqualTo(
        "conclab: dev.conclab.cli.AdviseTestTasks::failsOn3 failed on input 3: IllegalStateException: bad block 3");
  }

  @Test
  void taskThatNeverEnds_isStoppedByTheBudget_withExitCode1() throws InterruptedException {
    long t0 = System.nanoTime();
    MainTest.Run r = MainTest.run("advise", "--no-progress", "--class-path", classPathOf(AdviseTestTasks.class),
        "--task", "dev.conclab.cli.AdviseTestTasks::neverEnds", "--n", "10", "--budget", "2s");
    assertThat((System.nanoTime() - t0) / 1e9).isLessThan(10);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().strip()).isEqualTo(
        "conclab: dev.conclab.cli.AdviseTestTasks::neverEnds did not finish on input 0 within the budget; it may never end");
    // the interrupted task's thread has ended: nothing is left running
    for (int i = 0; i < 100 && profileThreadAlive(); i++) {
      Thread.onSpinWait();
      Thread.sleep(20);
    }
    assertThat(profileThreadAlive()).isFalse();
  }

  private static boolean profileThreadAlive() {
    return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("conclab-advise-profile") && t.isAlive());
  }
}
