package dev.conclab.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Prints conclab's version and the JVM it runs on. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    Properties p = new Properties();
    try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new String[] {
      "conclab " + p.getProperty("version", "unknown"),
      "JVM: " + System.getProperty("java.vm.name") + " " + Runtime.version()
          + " (" + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ")"
    };
  }
}
