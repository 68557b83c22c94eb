package dev.conclab.lab.advise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conclab.model.ExecutionModel;
import dev.conclab.model.ExecutionModels;
import dev.conclab.model.Work;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loads tasks compiled into a folder that is not on the test's class path. */
class UserTaskTest {
  @TempDir static Path dir;

  @BeforeAll
  static void compile() throws IOException {
    Path src = dir.resolve("src/com/example/Jobs.java");
    Files.createDirectories(src.getParent());
    Files.writeString(src, """
        package com.example;
        public class Jobs {
          public static long square(int i) { return (long) i * i; }
          public static String shout(String s) { return s.toUpperCase(); }
          public static int boom(int i) throws Exception { throw new java.io.IOException("disk " + i); }
          public static int two(int a, int b) { return a + b; }
          public int instance(int a) { return a; }
          static int hidden(int a) { return a; }
        }
        """);
    Path out = Files.createDirectories(dir.resolve("classes"));
    int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", out.toString(), src.toString());
    assertThat(rc).isZero();
  }

  private static String cp() {
    return dir.resolve("classes").toString();
  }

  @Test
  void load_intAndStringMethods_fromAFolderNotOnTheClassPath() {
    UserTask square = UserTask.load(cp(), "com.example.Jobs::square");
    assertThat(square.takesString()).isFalse();
    assertThat(square.apply(12)).isEqualTo(144L);
    UserTask shout = UserTask.load(cp(), "com.example.Jobs::shout");
    assertThat(shout.takesString()).isTrue();
    assertThat(shout.apply("gil")).isEqualTo("GIL");
  }

  @Test
  void serializedCopy_opensTheClassPathItself() throws Exception {
    UserTask square = UserTask.load(cp(), "com.example.Jobs::square");
    UserTask copy = (UserTask) java.util.Objects.requireNonNull(Serialized.read(Serialized.bytes(square), null));
    assertThat(copy).isNotSameAs(square);
    assertThat(copy.apply(3)).isEqualTo(9L);
    assertThat(Serialized.bytes(square).length).isLessThan(600);
  }

  @Test
  void workerJvms_openTheClassPathThemselves_andShipResultsAsBytes() throws Exception {
    UserTask square = UserTask.load(cp(), "com.example.Jobs::square");
    try (ExecutionModel model = ExecutionModels.create("processes:workers=1,chunksize=2")) {
      List<byte[]> out = model.map(Work.of("square", new Shipped<Object>(square)), List.<Object>of(2, 3, 4));
      List<Object> back = new java.util.ArrayList<>();
      for (byte[] b : out) {
        back.add(java.util.Objects.requireNonNull(Serialized.read(b, null)));
      }
      assertThat(back).containsExactly(4L, 9L, 16L);
    }
  }

  @Test
  void checkedException_isCarriedUnchecked() {
    UserTask boom = UserTask.load(cp(), "com.example.Jobs::boom");
    assertThatThrownBy(() -> boom.apply(7)).isInstanceOf(UserTask.TaskException.class).hasMessage("java.io.IOException: disk 7");
  }

  @Test
  void badReferences_failFast_namingWhatIsWrong() {
    assertThatThrownBy(() -> UserTask.load(cp(), "com.example.Missing::x")).hasMessageContaining("class 'com.example.Missing' not found");
    assertThatThrownBy(() -> UserTask.load(cp(), "com.example.Jobs::nope")).hasMessage("class 'com.example.Jobs' has no method 'nope'");
    assertThatThrownBy(() -> UserTask.load(cp(), "com.example.Jobs::hidden")).hasMessage("class 'com.example.Jobs' has no public method 'hidden'");
    assertThatThrownBy(() -> UserTask.load(cp(), "com.example.Jobs::two")).hasMessageContaining("it takes (int, int)");
    assertThatThrownBy(() -> UserTask.load(cp(), "com.example.Jobs::instance")).hasMessageContaining("it is not static");
    assertThatThrownBy(() -> UserTask.load(cp(), "com.example.Jobs")).hasMessageContaining("CLASS::METHOD");
    assertThatThrownBy(() -> UserTask.load(dir.resolve("nowhere").toString(), "a.B::c")).hasMessageContaining("does not exist");
  }

  @Test
  void classPathWildcard_takesEveryJarInTheFolder() throws IOException {
    Path jars = Files.createDirectories(dir.resolve("jars"));
    Files.write(jars.resolve("a.jar"), List.of());
    assertThat(UserTask.urls(jars + "/*")).hasSize(1);
  }
}
