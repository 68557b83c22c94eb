package dev.conclab.lab.workload.cpu;

import dev.conclab.lab.workload.GilPoint;
import dev.conclab.lab.workload.Size;

/** {@code kmeans}: fit k-means (k=8) to generated 2-D points (model training). */
public final class KMeans extends CpuWorkload {

  public KMeans() {
    super("kmeans", "fit k-means (k=8) to generated 2-D points (model training)",
        "points per task", new Size(32, 8000), new Size(128, 30000), KMeans::compute);
  }

  private static final int K = 8;
  private static final int ITERATIONS = 10;

  /**
   * Generates {@code unit} points around 8 centres (seeded by {@code item}), runs 10 Lloyd
   * iterations and returns a checksum of the assignment (deterministic: integer coordinates).
   */
  static long compute(int item, int unit) {
    long seed = 0xD1B54A32D192ED03L * (item + 7);
    int[] xs = new int[unit];
    int[] ys = new int[unit];
    for (int i = 0; i < unit; i++) {
      seed = seed * 6364136223846793005L + 1442695040888963407L;
      int c = (int) ((seed >>> 60) & 7);
      xs[i] = c * 1000 + (int) ((seed >>> 20) & 511);
      ys[i] = (c % 3) * 1000 + (int) ((seed >>> 40) & 511);
    }
    long[] cx = new long[K];
    long[] cy = new long[K];
    for (int k = 0; k < K; k++) {
      cx[k] = xs[k * unit / K];
      cy[k] = ys[k * unit / K];
    }
    int[] assign = new int[unit];
    for (int it = 0; it < ITERATIONS; it++) {
      for (int i = 0; i < unit; i++) {
        if ((i & 255) == 0) {
          GilPoint.check();
        }
        long best = Long.MAX_VALUE;
        int bestK = 0;
        for (int k = 0; k < K; k++) {
          long dx = xs[i] - cx[k];
          long dy = ys[i] - cy[k];
          long d = dx * dx + dy * dy;
          if (d < best) {
            best = d;
            bestK = k;
          }
        }
        assign[i] = bestK;
      }
      long[] sx = new long[K];
      long[] sy = new long[K];
      long[] n = new long[K];
      for (int i = 0; i < unit; i++) {
        sx[assign[i]] += xs[i];
        sy[assign[i]] += ys[i];
        n[assign[i]]++;
      }
      for (int k = 0; k < K; k++) {
        if (n[k] > 0) {
          cx[k] = sx[k] / n[k];
          cy[k] = sy[k] / n[k];
        }
      }
    }
    long v = 0;
    for (int k = 0; k < K; k++) {
      v = v * 31 + cx[k] * 7 + cy[k];
    }
    return v;
  }
}
