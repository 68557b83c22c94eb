/*
 * Build step of the cli module (run by Maven on JDK 24+, see cli/pom.xml): rewrites, in the shaded
 * jar, every class file older than Java 6 (major version < 50) as a Java 8 class file (52) with
 * stack maps computed by the JDK's class-file API. The JVM cannot put classes that old into a
 * class-data archive or an AOT cache (they need the old verifier), so without this every command
 * loads and verifies picocli's 228 Java 5 classes from the jar again: about 90 ms of CPU per
 * command (docs/pool.md, "picocli's class files and the AOT cache"). The bytecode itself is
 * unchanged; a class that cannot be rewritten (a type it uses is missing) is kept as it was, and
 * named.
 *
 *   java cli/src/build/UpgradeOldClassFiles.java JAR
 */
import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

public final class UpgradeOldClassFiles {
  private static final int OLDEST_ARCHIVABLE = 50;
  private static final int TARGET = 52;

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: java UpgradeOldClassFiles.java JAR");
      System.exit(2);
    }
    Path jar = Path.of(args[0]);
    Path tmp = jar.resolveSibling(jar.getFileName() + ".upgrading");
    int upgraded = 0;
    int kept = 0;
    try (URLClassLoader classes = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        ZipInputStream in = new ZipInputStream(Files.newInputStream(jar));
        ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(tmp))) {
      ClassFile cf = ClassFile.of(ClassFile.StackMapsOption.GENERATE_STACK_MAPS,
          ClassFile.ClassHierarchyResolverOption.of(ClassHierarchyResolver.defaultResolver()
              .orElse(ClassHierarchyResolver.ofResourceParsing(classes))));
      ClassTransform version = (cb, e) -> {
        if (e instanceof ClassFileVersion) {
          cb.withVersion(TARGET, 0);
        } else {
          cb.with(e);
        }
      };
      // rebuilding every method body makes the class-file API compute its stack map frames
      ClassTransform upgrade = version.andThen(ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL));
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        byte[] bytes = in.readAllBytes();
        if (e.getName().endsWith(".class") && bytes.length > 8 && major(bytes) < OLDEST_ARCHIVABLE) {
          try {
            ClassModel model = cf.parse(bytes);
            bytes = cf.transformClass(model, upgrade);
            upgraded++;
          } catch (RuntimeException failed) {
            System.err.println("UpgradeOldClassFiles: kept " + e.getName() + " as it was: " + failed);
            kept++;
          }
        }
        ZipEntry copy = new ZipEntry(e.getName());
        copy.setTime(e.getTime());
        out.putNextEntry(copy);
        out.write(bytes);
        out.closeEntry();
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    System.out.println("UpgradeOldClassFiles: " + upgraded + " class files rewritten as Java " + (TARGET - 44)
        + (kept > 0 ? ", " + kept + " kept as they were" : "") + " in " + jar.getFileName());
  }

  private static int major(byte[] classFile) {
    return (classFile[6] & 0xff) << 8 | (classFile[7] & 0xff);
  }
}
