package dev.conclab.lab.workload.cpu;

import dev.conclab.lab.workload.GilPoint;
import dev.conclab.lab.workload.Size;

/** {@code blur}: box-blur a generated grey-scale image tile (image processing). */
public final class Blur extends CpuWorkload {

  public Blur() {
    super("blur", "box-blur a generated grey-scale image tile (image processing)",
        "pixels per tile side", new Size(32, 384), new Size(128, 768), Blur::compute);
  }

  /**
   * Generates a {@code unit} x {@code unit} tile seeded by {@code item}, applies three 3x3 box-blur
   * passes and returns the sum of the pixels.
   */
  static long compute(int item, int unit) {
    int w = unit;
    int[] img = new int[w * w];
    long seed = 0x9E3779B97F4A7C15L * (item + 1);
    for (int i = 0; i < img.length; i++) {
      seed = seed * 6364136223846793005L + 1442695040888963407L;
      img[i] = (int) ((seed >>> 33) & 0xff);
    }
    int[] out = new int[img.length];
    for (int pass = 0; pass < 3; pass++) {
      for (int y = 0; y < w; y++) {
        GilPoint.check();
        for (int x = 0; x < w; x++) {
          int sum = 0;
          int count = 0;
          for (int dy = -1; dy <= 1; dy++) {
            int yy = y + dy;
            if (yy < 0 || yy >= w) {
              continue;
            }
            for (int dx = -1; dx <= 1; dx++) {
              int xx = x + dx;
              if (xx >= 0 && xx < w) {
                sum += img[yy * w + xx];
                count++;
              }
            }
          }
          out[y * w + x] = sum / count;
        }
      }
      int[] t = img;
      img = out;
      out = t;
    }
    long total = 0;
    for (int p : img) {
      total += p;
    }
    return total;
  }
}
