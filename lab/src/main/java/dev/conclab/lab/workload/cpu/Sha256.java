package dev.conclab.lab.workload.cpu;

import dev.conclab.lab.workload.GilPoint;
import dev.conclab.lab.workload.Size;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** {@code sha256}: hash a generated buffer with SHA-256 again and again (encryption-like work). */
public final class Sha256 extends CpuWorkload {

  public Sha256() {
    super("sha256", "hash a generated buffer with SHA-256 again and again (encryption-like work)",
        "KiB hashed per task", new Size(32, 2048), new Size(128, 8192), Sha256::compute);
  }

  /** Hashes {@code unit} KiB: a 1 KiB buffer seeded by {@code item}, re-hashed block by block. */
  static long compute(int item, int unit) {
    MessageDigest md = digest();
    byte[] block = new byte[1024];
    for (int i = 0; i < block.length; i++) {
      block[i] = (byte) (item * 31 + i);
    }
    byte[] digest = new byte[0];
    for (int k = 0; k < unit; k++) {
      GilPoint.check();
      md.update(block);
      md.update(digest);
      digest = md.digest();
      System.arraycopy(digest, 0, block, (k * 32) & 1023, 32);
    }
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (digest[i] & 0xff);
    }
    return v;
  }

  /** A new SHA-256 digest; every JVM has one. */
  static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
