package dev.conclab.arch;

import com.tngtech.archunit.core.domain.JavaClass;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * conclab's Maven modules as the Java packages each one owns. The architecture rules speak of
 * modules; this is the one place that maps a class to its module.
 */
final class Modules {
  /** Module name (as in the reactor) to the root packages it owns. */
  static final Map<String, List<String>> PACKAGES = packages();

  private Modules() {}

  private static Map<String, List<String>> packages() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put("core", List.of("dev.conclab.gil", "dev.conclab.model", "dev.conclab.pool"));
    for (String module : List.of("aio", "lab", "server", "fetch", "cluster", "cli", "examples", "bench")) {
      m.put(module, List.of("dev.conclab." + module));
    }
    return Map.copyOf(m);
  }

  /** The ArchUnit package patterns of {@code module}, e.g. {@code dev.conclab.pool..}. */
  static String[] patterns(String module) {
    return PACKAGES.get(module).stream().map(p -> p + "..").toArray(String[]::new);
  }

  /** The module that owns {@code c}'s package, if any. */
  static Optional<String> of(JavaClass c) {
    String pkg = c.getPackageName();
    return PACKAGES.entrySet().stream()
        .filter(e -> e.getValue().stream().anyMatch(p -> pkg.equals(p) || pkg.startsWith(p + ".")))
        .map(Map.Entry::getKey)
        .findFirst();
  }
}
