package dev.conclab.lab.workload.cpu;

import dev.conclab.lab.workload.GilPoint;
import dev.conclab.lab.workload.Size;
import java.security.MessageDigest;

/**
 * {@code hashbig}: SHA-256 over a 1 MiB buffer, chained {@code unit} times per task — the note's
 * exception to the GIL, "C-level operations". The hashing runs inside {@code Gil.released(...)},
 * as CPython's {@code hashlib} releases the GIL while it hashes more than 2 KiB, so the {@code gil}
 * model runs it in parallel; building the buffer and chaining the digests hold the lock.
 */
public final class HashBig extends CpuWorkload {
  /** The size of the buffer each task hashes, in KiB. */
  static final int BUFFER_KIB = 1024;

  public HashBig() {
    super("hashbig", "SHA-256 over a 1 MiB buffer with the GIL released (C-level work, like hashlib)",
        "MiB hashed per task", new Size(32, 8), new Size(128, 32), HashBig::compute);
  }

  @Override
  public boolean releasesGil() {
    return true;
  }

  /** The 1 MiB buffer of task {@code item}: a 1 KiB block seeded by {@code item}, repeated. */
  static byte[] buffer(int item) {
    byte[] block = new byte[1024];
    for (int i = 0; i < block.length; i++) {
      GilPoint.check();
      block[i] = (byte) (item * 31 + i);
    }
    byte[] data = new byte[BUFFER_KIB * 1024];
    for (int k = 0; k < BUFFER_KIB; k++) {
      System.arraycopy(block, 0, data, k * 1024, 1024);
    }
    return data;
  }

  /**
   * Hashes the item's buffer {@code rounds} times, each hash starting with the previous digest;
   * returns the first 8 bytes of the last digest as a big-endian {@code long}.
   */
  static long compute(int item, int rounds) {
    MessageDigest md = Sha256.digest();
    byte[] data = buffer(item);
    byte[] digest = new byte[0];
    for (int r = 0; r < rounds; r++) {
      GilPoint.check();
      md.update(digest);
      digest = GilPoint.released(() -> {
        md.update(data);
        return md.digest();
      });
    }
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (digest[i] & 0xff);
    }
    return v;
  }
}
