package dev.conclab.lab.faults;

import dev.conclab.lab.CompareResult;
import dev.conclab.lab.CompareSpec;
import dev.conclab.lab.Lab;
import dev.conclab.lab.Scale;
import dev.conclab.lab.report.ReportFormat;
import dev.conclab.lab.report.Reports;
import dev.conclab.lab.workload.Workload;
import dev.conclab.model.ModelSpec;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs a comparison over the given workloads (the fault workloads registered through a service
 * file) and prints its JSON report: started as a child JVM with a small heap by {@code FaultsTest}.
 */
public final class FaultMain {
  private FaultMain() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("conclab-faults");
    Path services = dir.resolve("META-INF/services/" + Workload.class.getName());
    Files.createDirectories(services.getParent());
    Files.writeString(services, FaultWorkloads.Exhaust.class.getName() + "\n" + FaultWorkloads.Recurse.class.getName() + "\n");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, FaultMain.class.getClassLoader())) {
      Thread.currentThread().setContextClassLoader(loader);
      CompareSpec spec = CompareSpec.builder(Scale.QUICK).models(List.of(ModelSpec.of("threads", 2)))
          .workloads(List.of(args)).tasks(4).warmups(1).repetitions(1).build();
      CompareResult r = Lab.compare(spec, new Lab.Listener() {});
      System.out.print(Reports.render(r, ReportFormat.JSON));
    }
  }
}
