package dev.conclab.lab.workload.cpu;

import dev.conclab.lab.workload.GilPoint;
import dev.conclab.lab.workload.Size;
import dev.conclab.lab.workload.Trial;
import dev.conclab.lab.workload.Workload;
import dev.conclab.lab.workload.WorkloadKind;
import dev.conclab.model.Work;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
/** {@code sha256}: hash a generated buffer with SHA-256 again and again (encryption-like work). */
public final class Sha256 implements Workload {

  @Override
  public String name() {
    return "sha256";
  }

  @Override
  public WorkloadKind kind() {
    return WorkloadKind.CPU;
  }

  @Override
  public String description() {
    return "hash a generated buffer with SHA-256 again and again (encryption-like work)";
  }

  @Override
  public String unitName() {
    return "KiB hashed per task";
  }

  @Override
  public Size quickSize() {
    return new Size(32, 2048);
  }

  @Override
  public Size fullSize() {
    return new Size(128, 8192);
  }

  @Override
  public Trial open(Size size) {
    return Trial.of(Work.of(name(), new CpuTask(Sha256::compute, size.unit())), size);
  }

  /** Hashes {@code unit} KiB: a 1 KiB buffer seeded by {@code item}, re-hashed block by block. */
  static long compute(int item, int unit) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
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
}
