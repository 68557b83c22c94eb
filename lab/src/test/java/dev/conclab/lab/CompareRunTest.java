package dev.conclab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conclab.lab.report.ReportFormat;
import dev.conclab.model.ModelSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareRunTest {

  @Test
  void checkWritable_directoryOrMissingParent_isRejectedNamingTheReason(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> CompareRun.checkWritable(dir)).hasMessageContaining("is a directory");
    Path file = Files.writeString(dir.resolve("plain"), "x");
    assertThatThrownBy(() -> CompareRun.checkWritable(file.resolve("r.html")))
        .hasMessageContaining("no such directory " + file);
    CompareRun.checkWritable(dir.resolve("new.html"));
  }

  @Test
  void reason_namesTheFileSystemsReasonNotAClass() {
    assertThat(CompareRun.reason(new AccessDeniedException("/x"))).isEqualTo("permission denied");
    assertThat(CompareRun.reason(new IOException("No space left on device"))).isEqualTo("No space left on device");
  }

  @Test
  void compare_withOut_printsTheTableAndWritesTheReport(@TempDir Path dir) throws Exception {
    CompareSpec spec = CompareSpec.builder(Scale.QUICK).models(List.of(ModelSpec.of("virtual"))).workloads(List.of("sleep"))
        .tasks(10).warmups(0).repetitions(1).build();
    Path json = dir.resolve("r.json");
    StringWriter out = new StringWriter();
    CompareResult r = CompareRun.compare(spec, ReportFormat.JSON, json, new PrintWriter(out), new Lab.Listener() {});
    assertThat(r.cells()).hasSize(2);
    assertThat(out.toString()).contains("speedup").contains("report (json) written to " + json);
    assertThat(Files.readString(json)).startsWith("{").contains("\"cells\"");
  }
}
