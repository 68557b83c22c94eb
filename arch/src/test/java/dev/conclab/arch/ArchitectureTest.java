package dev.conclab.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.Optional;

/**
 * conclab's architecture as rules over the compiled main classes of every module: modules depend
 * one way (as their POMs declare), an {@code internal} package is used only by its own module,
 * and the command line holds no I/O or concurrency of its own.
 */
@AnalyzeClasses(packages = "dev.conclab", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  // Surefire counts (and fails on) ArchUnit rules only when they are methods: a rule held in an
  // @ArchTest field has a field source that its JUnit provider drops, reporting 0 tests run. So
  // each rule is built and checked in its own method.

  /** Every class lives in a package some module owns, so the rules below see all of them. */
  @ArchTest
  static void everyClassBelongsToAModule(JavaClasses classes) {
    classes()
        .should(
            new ArchCondition<JavaClass>("reside in a package owned by a module") {
              @Override
              public void check(JavaClass c, ConditionEvents events) {
                if (Modules.of(c).isEmpty()) {
                  events.add(
                      SimpleConditionEvent.violated(
                          c, c.getName() + " is in no module's packages (see Modules)"));
                }
              }
            })
        .check(classes);
  }

  /**
   * The module graph of the POMs: cli -> lab, server, fetch, cluster, examples -> aio -> core.
   * Nothing depends on cli, and core depends on no other module.
   */
  @ArchTest
  static void modulesDependOneWay(JavaClasses classes) {
    layers()
        .whereLayer("core").mayNotAccessAnyLayer()
        .whereLayer("aio").mayOnlyAccessLayers("core")
        .whereLayer("lab").mayOnlyAccessLayers("core", "aio")
        .whereLayer("server").mayOnlyAccessLayers("core")
        .whereLayer("fetch").mayOnlyAccessLayers("core", "aio")
        .whereLayer("cluster").mayOnlyAccessLayers("core")
        .whereLayer("examples").mayOnlyAccessLayers("core", "aio")
        .whereLayer("bench").mayOnlyAccessLayers("core", "aio")
        .whereLayer("cli")
        .mayOnlyAccessLayers("core", "aio", "lab", "server", "fetch", "cluster", "examples")
        .whereLayer("cli").mayNotBeAccessedByAnyLayer()
        .check(classes);
  }

  /** The command line is an application: no module uses it. */
  @ArchTest
  static void nothingDependsOnCli(JavaClasses classes) {
    noClasses()
        .that().resideOutsideOfPackage("dev.conclab.cli..")
        .should().dependOnClassesThat().resideInAPackage("dev.conclab.cli..")
        .check(classes);
  }

  /** An {@code ..internal..} package is its module's implementation, not API for other modules. */
  @ArchTest
  static void internalPackagesAreUsedOnlyInTheirModule(JavaClasses classes) {
    classes()
        .that().resideInAPackage("..internal..")
        .should(
            new ArchCondition<JavaClass>("be used only by classes of their own module") {
              @Override
              public void check(JavaClass c, ConditionEvents events) {
                Optional<String> own = Modules.of(c);
                for (Dependency d : c.getDirectDependenciesToSelf()) {
                  if (!Modules.of(d.getOriginClass()).equals(own)) {
                    events.add(SimpleConditionEvent.violated(d, d.getDescription()));
                  }
                }
              }
            })
        .check(classes);
  }

  /**
   * The CLI parses options into specs and prints results: networking, channels and concurrency
   * belong to the modules it calls. {@code Callable} is exempt: it is picocli's command contract.
   */
  @ArchTest
  static void cliHoldsNoIoOrConcurrency(JavaClasses classes) {
    noClasses()
        .that().resideInAPackage("dev.conclab.cli..")
        .should().dependOnClassesThat(
            DescribedPredicate.describe(
                "are in java.net, java.nio.channels or java.util.concurrent (except Callable)",
                (JavaClass t) ->
                    !t.isEquivalentTo(java.util.concurrent.Callable.class)
                        && (inPackage(t, "java.net")
                            || inPackage(t, "java.nio.channels")
                            || inPackage(t, "java.util.concurrent"))))
        .because("the commands parse options into a spec and call one entry point of a module")
        .check(classes);
  }

  private static boolean inPackage(JavaClass t, String pkg) {
    String p = t.getPackageName();
    return p.equals(pkg) || p.startsWith(pkg + ".");
  }

  private static LayeredArchitecture layers() {
    LayeredArchitecture l = layeredArchitecture().consideringOnlyDependenciesInLayers();
    for (String module : Modules.PACKAGES.keySet()) {
      l = l.layer(module).definedBy(Modules.patterns(module));
    }
    return l;
  }
}
