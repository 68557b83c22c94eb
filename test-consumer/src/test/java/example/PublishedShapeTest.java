package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conclab.pool.ProcessPool;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * What a project depending on conclab gets from the local repository: a working {@code Pool.map},
 * and for every module the BOM lists a jar with a stable JPMS name beside its sources and javadoc.
 */
class PublishedShapeTest {

  @Test
  void poolMap_onTwoWorkers_returnsTheSquaresInOrder() throws Exception {
    List<Long> expected = LongStream.range(0, 1_000).map(n -> n * n).boxed().toList();
    assertEquals(expected, Squares.map(1_000));
  }

  @Test
  void coreComesFromTheLocalRepository_notFromTheReactor() throws Exception {
    Path core = coreJar();
    assertTrue(core.getFileName().toString().endsWith(".jar"), core + " is not an installed jar");
  }

  @Test
  void everyModuleInTheBom_hasAJpmsNameSourcesAndJavadoc() throws Exception {
    Path coreJar = coreJar();
    String version = coreJar.getParent().getFileName().toString();
    Path groupDir = coreJar.getParent().getParent().getParent();
    List<String> modules = bomModules(groupDir.resolve("conclab-bom/" + version + "/conclab-bom-" + version + ".pom"));
    assertTrue(modules.contains("conclab-core"), "the BOM lists no conclab-core: " + modules);
    for (String artifact : modules) {
      Path dir = groupDir.resolve(artifact).resolve(version);
      String base = artifact + "-" + version;
      Path jar = dir.resolve(base + ".jar");
      assertTrue(Files.isRegularFile(jar), "not installed: " + jar);
      assertTrue(Files.isRegularFile(dir.resolve(base + "-sources.jar")), "no sources jar for " + artifact);
      assertTrue(Files.isRegularFile(dir.resolve(base + "-javadoc.jar")), "no javadoc jar for " + artifact);
      String expectedName = "dev.conclab." + artifact.substring("conclab-".length());
      List<String> names = ModuleFinder.of(jar).findAll().stream()
          .map(ModuleReference::descriptor).map(d -> d.name()).toList();
      assertEquals(List.of(expectedName), names, "JPMS name of " + jar);
    }
  }

  private static Path coreJar() throws Exception {
    return Path.of(ProcessPool.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  private static List<String> bomModules(Path bom) throws Exception {
    assertTrue(Files.isRegularFile(bom), "BOM not installed: " + bom);
    Matcher m = Pattern.compile("<artifactId>(conclab-[a-z]+)</artifactId>").matcher(Files.readString(bom));
    List<String> out = new ArrayList<>();
    while (m.find()) {
      if (!m.group(1).equals("conclab-bom")) {
        out.add(m.group(1));
      }
    }
    return out;
  }
}
