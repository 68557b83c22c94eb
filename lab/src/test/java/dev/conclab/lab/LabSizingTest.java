package dev.conclab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conclab.lab.workload.Size;
import dev.conclab.lab.workload.Workload;
import dev.conclab.lab.workload.Workloads;
import dev.conclab.model.ExecutionModelProvider;
import dev.conclab.model.ModelSpec;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lab sizes a model by its traits, so a kind from a new provider is sized as it declares. */
class LabSizingTest {
  private static final Workload SLEEP = Workloads.byName("sleep");
  private static final Workload SQUARES = Workloads.byName("squares");
  private static final Size SIZE = new Size(500, 1);

  @Test
  void resolve_builtIns_ioSizesThreadPoolsToTheConcurrency_andLeavesProcessesAtTheCores() {
    CompareSpec spec = CompareSpec.builder(Scale.QUICK).concurrency(200).build();
    assertThat(Lab.resolve(spec, SLEEP, ModelSpec.of("threads"), SIZE)).isEqualTo(ModelSpec.of("threads", 200));
    assertThat(Lab.resolve(spec, SLEEP, ModelSpec.of("gil"), SIZE)).isEqualTo(ModelSpec.of("gil", 200));
    assertThat(Lab.resolve(spec, SLEEP, ModelSpec.of("virtual"), SIZE)).isEqualTo(ModelSpec.of("virtual", 200));
    assertThat(Lab.resolve(spec, SLEEP, ModelSpec.of("processes"), SIZE)).isEqualTo(ModelSpec.of("processes"));
    assertThat(Lab.resolve(spec, SLEEP, ModelSpec.of("sequential"), SIZE)).isEqualTo(ModelSpec.of("sequential"));
  }

  @Test
  void resolve_workersOption_appliesToCpuWork_butNeverToASingleThreadedModel() {
    CompareSpec spec = CompareSpec.builder(Scale.QUICK).workers(3).build();
    assertThat(Lab.resolve(spec, SQUARES, ModelSpec.of("threads"), SIZE)).isEqualTo(ModelSpec.of("threads", 3));
    assertThat(Lab.resolve(spec, SQUARES, ModelSpec.of("sequential"), SIZE)).isEqualTo(ModelSpec.of("sequential"));
    assertThat(Lab.resolve(spec, SLEEP, ModelSpec.of("processes"), SIZE)).isEqualTo(ModelSpec.of("processes", 3));
  }

  @Test
  void resolve_kindsOfNewProviders_areSizedByTheirTraits(@TempDir Path dir) throws Exception {
    Path services = dir.resolve("META-INF/services/" + ExecutionModelProvider.class.getName());
    Files.createDirectories(services.getParent());
    Files.writeString(services,
        ThreadLikeModelProvider.class.getName() + "\n" + StuckModelProvider.class.getName() + "\n");
    Thread self = Thread.currentThread();
    ClassLoader old = self.getContextClassLoader();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      self.setContextClassLoader(loader);
      CompareSpec spec = CompareSpec.builder(Scale.QUICK).concurrency(200).build();
      assertThat(Lab.resolve(spec, SLEEP, ModelSpec.of("threadlike"), SIZE)).isEqualTo(ModelSpec.of("threadlike", 200));
      assertThat(Lab.resolve(spec, SLEEP, ModelSpec.of("stuck"), SIZE)).isEqualTo(ModelSpec.of("stuck"));
      assertThat(Lab.traits(ModelSpec.of("threadlike")).sharesHeap()).isTrue();
      assertThat(Lab.traits(ModelSpec.of("stuck")).sharesHeap())
          .as("tasks in worker processes: their tasks in flight are not reported").isFalse();
    } finally {
      self.setContextClassLoader(old);
    }
  }
}
