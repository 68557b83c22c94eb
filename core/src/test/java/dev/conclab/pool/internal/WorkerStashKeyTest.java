package dev.conclab.pool.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conclab.pool.WorkerDeathPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stashed worker is only taken by a pool of the same configuration: what the key covers. */
class WorkerStashKeyTest {
  @TempDir Path tmp;

  private static PoolConfig config(String classPath, List<String> options, boolean fastStart) {
    return new PoolConfig(
        "t", 1, null, 0, options, null, WorkerDeathPolicy.REPLACE, classPath, List.of(), 1 << 20,
        line -> {}, Duration.ofSeconds(30), fastStart, 0, true);
  }

  @Test
  void key_changesWithTheJarsOptionsAndStartFlags_notWithThePoolsOtherSettings() throws Exception {
    Path jar = tmp.resolve("a.jar");
    Files.writeString(jar, "one");
    String k = WorkerStash.key(config(jar.toString(), List.of(), true));

    assertThat(WorkerStash.key(config(jar.toString(), List.of(), true))).isEqualTo(k);
    assertThat(WorkerStash.key(new PoolConfig(
        "other", 4, () -> {}, 3, List.of(), Duration.ofSeconds(1), WorkerDeathPolicy.REPLACE, jar.toString(),
        List.of("x.*"), 1 << 20, line -> {}, Duration.ofSeconds(5), true, 2, true)))
        .as("workers, initializer, timeouts and the like are the taking pool's own").isEqualTo(k);
    assertThat(WorkerStash.key(config(jar.toString(), List.of("-Xmx64m"), true))).isNotEqualTo(k);
    assertThat(WorkerStash.key(config(jar.toString(), List.of(), false))).isNotEqualTo(k);
    assertThat(WorkerStash.key(config(jar + java.io.File.pathSeparator + tmp, List.of(), true))).isNotEqualTo(k);

    Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 5_000));
    String touched = WorkerStash.key(config(jar.toString(), List.of(), true));
    assertThat(touched).as("a rebuilt jar").isNotEqualTo(k);

    Path replacement = tmp.resolve("b.jar");
    Files.writeString(replacement, "two"); // same size and time, another file
    Files.setLastModifiedTime(replacement, Files.getLastModifiedTime(jar));
    Files.move(replacement, jar, StandardCopyOption.REPLACE_EXISTING);
    assertThat(WorkerStash.key(config(jar.toString(), List.of(), true))).as("a replaced jar").isNotEqualTo(touched);
  }
}
