package dev.conclab.examples.advise;

/**
 * CPU-bound work: draws a 640 × 480 image in memory and shrinks it to a 160 × 120 thumbnail with a
 * 4 × 4 box filter, all on the calling thread.
 *
 * <pre>conclab advise --class-path CP --task dev.conclab.examples.advise.ResizeImage::thumbnail --n 100</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class ResizeImage {
  static final int WIDTH = 640;
  static final int HEIGHT = 480;
  static final int FACTOR = 4;

  private ResizeImage() {}

  /** The thumbnail of image {@code index}, as packed RGB pixels, row by row. */
  public static int[] thumbnail(int index) {
    int[] src = draw(index);
    int tw = WIDTH / FACTOR;
    int th = HEIGHT / FACTOR;
    int[] out = new int[tw * th];
    for (int rep = 0; rep < 8; rep++) { // eight passes of sharpening, as an image pipeline would
      for (int ty = 0; ty < th; ty++) {
        for (int tx = 0; tx < tw; tx++) {
          int r = 0;
          int g = 0;
          int b = 0;
          for (int dy = 0; dy < FACTOR; dy++) {
            int row = (ty * FACTOR + dy) * WIDTH + tx * FACTOR;
            for (int dx = 0; dx < FACTOR; dx++) {
              int p = src[row + dx];
              r += (p >> 16) & 0xff;
              g += (p >> 8) & 0xff;
              b += p & 0xff;
            }
          }
          int n = FACTOR * FACTOR;
          int prev = out[ty * tw + tx];
          out[ty * tw + tx] = (((r / n + ((prev >> 16) & 0xff)) / 2) << 16) | (((g / n + ((prev >> 8) & 0xff)) / 2) << 8)
              | ((b / n + (prev & 0xff)) / 2);
        }
      }
    }
    return out;
  }

  private static int[] draw(int index) {
    int[] px = new int[WIDTH * HEIGHT];
    long seed = index * 0x9E3779B97F4A7C15L + 1;
    for (int y = 0; y < HEIGHT; y++) {
      for (int x = 0; x < WIDTH; x++) {
        seed ^= seed << 13;
        seed ^= seed >>> 7;
        seed ^= seed << 17;
        int noise = (int) (seed & 0x1f);
        px[y * WIDTH + x] = (((x + index) & 0xff) << 16) | (((y * 2) & 0xff) << 8) | (((x ^ y) + noise) & 0xff);
      }
    }
    return px;
  }
}
