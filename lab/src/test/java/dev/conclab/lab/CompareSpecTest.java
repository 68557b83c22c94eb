package dev.conclab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conclab.lab.workload.Workload;
import dev.conclab.lab.workload.WorkloadKind;
import dev.conclab.lab.workload.Workloads;
import dev.conclab.model.ModelSpec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompareSpecTest {

  @Test
  void splitModels_keepsOptionsWithTheirModel() {
    assertThat(CompareSpec.splitModels(List.of("threads,processes:workers=2,chunksize=1,virtual")))
        .containsExactly("threads", "processes:workers=2,chunksize=1", "virtual");
  }

  @Test
  void parseModels_parsesEachSpec() {
    assertThat(CompareSpec.parseModels(List.of("threads", "processes:workers=2,chunksize=1")))
        .containsExactly(ModelSpec.of("threads"), ModelSpec.parse("processes:workers=2,chunksize=1"));
  }

  @Test
  void parseWorkloads_expandsGroupsOnceEachInOrder() {
    List<String> io = Workloads.all().stream().filter(w -> w.kind() == WorkloadKind.IO).map(Workload::name).toList();
    assertThat(CompareSpec.parseWorkloads(List.of("sleep", "io", " ", "squares")))
        .startsWith("sleep").endsWith("squares").containsAll(io).doesNotHaveDuplicates();
    assertThat(CompareSpec.parseWorkloads(List.of("all"))).hasSize(Workloads.all().size());
    assertThatThrownBy(() -> CompareSpec.parseWorkloads(List.of("video"))).hasMessageContaining("video");
  }

  @Test
  void builder_scaleDefaults_andEveryValueSet() {
    CompareSpec quick = CompareSpec.builder(Scale.QUICK).build();
    assertThat(quick.runTime()).isEqualTo(Duration.ofMillis(200));
    assertThat(quick.cellTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(quick.warmups()).isEqualTo(1);
    assertThat(quick.repetitions()).isEqualTo(5);
    CompareSpec full = CompareSpec.builder(Scale.FULL).build();
    assertThat(full.runTime()).isEqualTo(Duration.ofSeconds(1));
    assertThat(full.cellTimeout()).isEqualTo(Duration.ofSeconds(90));
    CompareSpec s = CompareSpec.builder(Scale.QUICK).models(List.of(ModelSpec.of("threads"))).workloads(List.of("sleep"))
        .workers(2).concurrency(3).tasks(4).warmups(0).repetitions(2).runTime(Duration.ofMillis(50))
        .cellTimeout(Duration.ofSeconds(5)).build();
    assertThat(s).isEqualTo(new CompareSpec(List.of(ModelSpec.of("threads")), List.of("sleep"), Scale.QUICK, 2, 3, 4,
        0, 2, Duration.ofMillis(50), Duration.ofSeconds(5), null, null));
  }

  @Test
  void builder_badValue_failsAtBuildNamingIt() {
    assertThatThrownBy(() -> CompareSpec.builder(Scale.QUICK).repetitions(0).build()).hasMessageContaining("repetitions");
    assertThatThrownBy(() -> CompareSpec.builder(Scale.QUICK).runTime(Duration.ZERO).build()).hasMessageContaining("run time");
  }
}
