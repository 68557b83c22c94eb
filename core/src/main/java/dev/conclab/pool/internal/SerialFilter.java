package dev.conclab.pool.internal;

import java.io.ObjectInputFilter;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The deserialization filter of both ends of a worker link: an allowlist of classes plus limits
 * on depth, references, array length and stream size.
 *
 * <p>Allowed: primitives and arrays of allowed classes; classes of the JDK's {@code java.base}
 * and {@code java.sql} modules; {@code dev.conclab.*}; classes matching the pool's configured
 * patterns ({@code com.example.Foo}, {@code com.example.*}, {@code com.example.**}); and classes
 * loaded from the same code source (jar or class directory) as a function or argument the
 * parent sent, so a workload's own records and exceptions pass while third-party libraries on
 * the class path (where deserialization gadgets live) do not. Everything else is rejected.
 *
 * <p>Thread-safe.
 */
public final class SerialFilter implements ObjectInputFilter {
  private static final Set<String> MODULES = Set.of("java.base", "java.sql");
  private static final ThreadLocal<@Nullable String> LAST_REJECTION = new ThreadLocal<>();

  private final long maxDepth;
  private final long maxRefs;
  private final long maxArray;
  private final long maxBytes;
  private final List<String> patterns;
  private final Set<String> locations = ConcurrentHashMap.newKeySet();

  public SerialFilter(
      long maxDepth, long maxRefs, long maxArray, long maxBytes, List<String> patterns) {
    this.maxDepth = maxDepth;
    this.maxRefs = maxRefs;
    this.maxArray = maxArray;
    this.maxBytes = maxBytes;
    this.patterns = List.copyOf(patterns);
  }

  long maxDepth() {
    return maxDepth;
  }

  long maxRefs() {
    return maxRefs;
  }

  long maxArray() {
    return maxArray;
  }

  long maxBytes() {
    return maxBytes;
  }

  List<String> patterns() {
    return patterns;
  }

  /** Allows classes loaded from these code source locations. */
  void allowLocations(Iterable<String> more) {
    for (String l : more) {
      locations.add(l);
    }
  }

  Set<String> locations() {
    return locations;
  }

  /** Why the last rejection on this thread happened, for error messages. */
  static @Nullable String takeLastRejection() {
    String r = LAST_REJECTION.get();
    LAST_REJECTION.remove();
    return r;
  }

  @Override
  public Status checkInput(FilterInfo info) {
    if (info.depth() > maxDepth) {
      return reject("object graph deeper than " + maxDepth);
    }
    if (info.references() > maxRefs) {
      return reject("more than " + maxRefs + " object references");
    }
    if (info.streamBytes() > maxBytes) {
      return reject("more than " + maxBytes + " bytes");
    }
    if (info.arrayLength() > maxArray) {
      return reject("array longer than " + maxArray);
    }
    Class<?> c = info.serialClass();
    if (c == null) {
      return Status.ALLOWED;
    }
    if (allowed(c)) {
      return Status.ALLOWED;
    }
    return reject(notAllowed(c));
  }

  /** Why {@code c} is rejected: it is not allowed, and how to allow it. */
  static String notAllowed(Class<?> c) {
    return "class " + c.getName() + " is not allowed by the pool's deserialization filter (allow it with"
        + " ProcessPool.builder().allowClasses(\"" + c.getName() + "\"))";
  }

  boolean allowed(Class<?> cls) {
    Class<?> c = cls;
    while (c.isArray()) {
      c = c.getComponentType();
    }
    if (c.isPrimitive()) {
      return true;
    }
    String moduleName = c.getModule().getName();
    if (moduleName != null && MODULES.contains(moduleName)) {
      return true;
    }
    String name = c.getName();
    if (name.startsWith("dev.conclab.")) {
      return true;
    }
    for (String p : patterns) {
      if (matches(p, name)) {
        return true;
      }
    }
    String loc = location(c);
    return loc != null && locations.contains(loc);
  }

  static boolean matches(String pattern, String name) {
    if (pattern.endsWith(".**")) {
      return name.startsWith(pattern.substring(0, pattern.length() - 2));
    }
    if (pattern.endsWith(".*")) {
      String pkg = pattern.substring(0, pattern.length() - 1);
      return name.startsWith(pkg) && name.indexOf('.', pkg.length()) < 0;
    }
    return name.equals(pattern);
  }

  /** The code source location of a class, or null for JDK classes and hidden classes. */
  static @Nullable String location(Class<?> c) {
    try {
      ProtectionDomain pd = c.getProtectionDomain();
      CodeSource cs = pd == null ? null : pd.getCodeSource();
      return cs == null || cs.getLocation() == null ? null : cs.getLocation().toString();
    } catch (SecurityException e) {
      return null;
    }
  }

  private static Status reject(String why) {
    LAST_REJECTION.set(why);
    return Status.REJECTED;
  }
}
