package dev.conclab.lab;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes a {@link Cell} as one flat JSON object, the fields in the order users' saved reports
 * have them (and {@link CompareDiff} reads back): a failed cell without a measurement has NaN,
 * 0 or null in the measured fields.
 */
public final class CellJson extends StdSerializer<Cell> {
  private static final long serialVersionUID = 1L;

  public CellJson() {
    super(Cell.class);
  }

  @Override
  public void serialize(Cell c, JsonGenerator gen, SerializerProvider provider) throws IOException {
    provider.defaultSerializeValue(fields(c), gen);
  }

  /** The cell's fields as reports write them, in order; the kind, intervals and lists as objects. */
  public static Map<String, @Nullable Object> fields(Cell c) {
    Map<String, @Nullable Object> v = new LinkedHashMap<>();
    v.put("model", c.model());
    v.put("modelKind", c.modelKind());
    v.put("workload", c.workload());
    v.put("kind", c.kind());
    v.put("tasks", c.tasks());
    v.put("unit", c.unit());
    v.put("loops", c.loops());
    v.put("tasksPerRun", c.tasksPerRun());
    v.put("warmups", c.warmups());
    v.put("wallMs", c.wallMs());
    v.put("wallMsCi", c.wallMsCi());
    v.put("spreadPct", c.spreadPct());
    v.put("repetitions", c.repetitions());
    v.put("runsMs", c.runsMs());
    v.put("cpuMs", c.cpuMs());
    v.put("cpuUtilization", c.cpuUtilization());
    v.put("speedup", c.speedup());
    v.put("speedupCi", c.speedupCi());
    v.put("peakRssMb", c.peakRssMb());
    v.put("peakHeapMb", c.peakHeapMb());
    v.put("peakThreads", c.peakThreads());
    v.put("peakProcesses", c.peakProcesses());
    v.put("peakInFlight", c.peakInFlight());
    v.put("tasksPerSec", c.tasksPerSec());
    v.put("p50Ms", c.p50Ms());
    v.put("p99Ms", c.p99Ms());
    v.put("correct", c.correct());
    v.put("estimated", c.estimated());
    v.put("backgroundCores", c.backgroundCores());
    v.put("warnings", c.warnings());
    v.put("error", c.error());
    v.put("note", c.note());
    return v;
  }
}
