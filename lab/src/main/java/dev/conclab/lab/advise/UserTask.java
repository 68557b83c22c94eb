package dev.conclab.lab.advise;

import static java.util.Objects.requireNonNull;

import dev.conclab.pool.SerializableFunction;
import java.io.File;
import java.io.IOException;
import java.io.Serial;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A user's {@code CLASS::METHOD} on a class path of jars and class folders (as {@code java -cp}
 * takes them): a public static method with one {@code int} or {@code String} parameter and any
 * return type. The user's code needs no dependency on conclab.
 *
 * <p>Serializable as its class path, class name and method name only: whichever JVM runs it (this
 * one or a worker JVM of the {@code processes} model) opens a {@link URLClassLoader} over the class
 * path the first time, and keeps one per class path for the life of that JVM. The loader's parent
 * is the platform class loader, so the user's classes see the JDK but not conclab's libraries.
 *
 * <p>Immutable and thread-safe; {@link #apply} runs the user's method on the calling thread and
 * blocks as long as it does.
 */
public final class UserTask implements SerializableFunction<Object, @Nullable Object> {
  @Serial private static final long serialVersionUID = 1L;
  private static final ConcurrentMap<String, URLClassLoader> LOADERS = new ConcurrentHashMap<>();

  private final String classPath;
  private final String className;
  private final String methodName;
  private final boolean stringParameter;
  private transient volatile @Nullable Method method;

  private UserTask(String classPath, String className, String methodName, boolean stringParameter) {
    this.classPath = classPath;
    this.className = className;
    this.methodName = methodName;
    this.stringParameter = stringParameter;
  }

  /**
   * Finds {@code CLASS::METHOD} on the class path and checks its signature. Loads and initialises
   * the class in this JVM.
   *
   * @throws IllegalArgumentException naming the class path entry, class or method, if the class
   *     path has a missing entry, the class or method is not found, or the method is not a public
   *     static method with one {@code int} or {@code String} parameter
   */
  public static UserTask load(String classPath, String task) {
    requireNonNull(classPath, "classPath");
    requireNonNull(task, "task");
    int sep = task.indexOf("::");
    if (sep <= 0 || sep + 2 >= task.length() || task.indexOf("::", sep + 2) >= 0) {
      throw new IllegalArgumentException("task '" + task + "' must be written CLASS::METHOD, e.g. com.example.Jobs::resize");
    }
    String cls = task.substring(0, sep).strip();
    String name = task.substring(sep + 2).strip();
    urls(classPath); // fails fast on a missing entry
    Class<?> c;
    try {
      c = Class.forName(cls, true, loader(classPath));
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException("class '" + cls + "' not found on the class path '" + classPath + "'", e);
    } catch (LinkageError e) {
      throw new IllegalArgumentException("cannot load class '" + cls + "': " + e, e);
    }
    List<Method> named = Arrays.stream(c.getMethods()).filter(m -> m.getName().equals(name)).toList();
    if (named.isEmpty()) {
      boolean declared = Arrays.stream(c.getDeclaredMethods()).anyMatch(m -> m.getName().equals(name));
      throw new IllegalArgumentException("class '" + cls + "' has no " + (declared ? "public " : "") + "method '" + name + "'");
    }
    for (Method m : named) {
      if (Modifier.isStatic(m.getModifiers()) && m.getParameterCount() == 1
          && (m.getParameterTypes()[0] == int.class || m.getParameterTypes()[0] == String.class)) {
        return new UserTask(classPath, cls, name, m.getParameterTypes()[0] == String.class);
      }
    }
    Method m = named.get(0);
    String params = Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName).collect(Collectors.joining(", "));
    String why = Modifier.isStatic(m.getModifiers()) ? "it takes (" + params + ")" : "it is not static";
    throw new IllegalArgumentException(
        cls + "::" + name + " must be a public static method with one int or String parameter; " + why);
  }

  /** {@code CLASS::METHOD}. */
  public String name() {
    return className + "::" + methodName;
  }

  /** Whether the method takes a {@code String} (one line of input) rather than an {@code int} index. */
  public boolean takesString() {
    return stringParameter;
  }

  /**
   * Runs the user's method on {@code input} (an {@code Integer} or a {@code String}). Blocks until
   * it returns.
   *
   * @throws RuntimeException or {@link Error}: what the method threw, unchanged when unchecked; a
   *     checked exception is wrapped in a {@link TaskException}
   */
  @Override
  public @Nullable Object apply(Object input) {
    try {
      return method().invoke(null, input);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new TaskException(cause.toString(), cause);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot call " + name() + ": " + e.getMessage(), e);
    }
  }

  private Method method() {
    Method m = method;
    if (m == null) {
      try {
        Class<?> c = Class.forName(className, true, loader(classPath));
        m = c.getMethod(methodName, stringParameter ? String.class : int.class);
      } catch (ClassNotFoundException | NoSuchMethodException e) {
        throw new IllegalStateException("cannot find " + name() + " on the class path '" + classPath + "' in this JVM", e);
      }
      method = m;
    }
    return m;
  }

  private static URLClassLoader loader(String classPath) {
    return LOADERS.computeIfAbsent(classPath,
        cp -> new URLClassLoader("conclab-advise", urls(cp), ClassLoader.getPlatformClassLoader()));
  }

  /** The class path's entries as URLs; {@code dir/*} stands for every jar in {@code dir}, as for {@code java -cp}. */
  static URL[] urls(String classPath) {
    List<URL> out = new ArrayList<>();
    for (String entry : classPath.split(File.pathSeparator, -1)) {
      String e = entry.strip();
      if (e.isEmpty()) {
        continue;
      }
      try {
        if (e.equals("*") || e.endsWith(File.separator + "*")) {
          Path dir = Path.of(e.substring(0, e.length() - 1).isEmpty() ? "." : e.substring(0, e.length() - 1));
          if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("class path entry '" + e + "': no such directory " + dir);
          }
          try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, "*.{jar,JAR}")) {
            for (Path jar : jars) {
              out.add(jar.toAbsolutePath().toUri().toURL());
            }
          }
          continue;
        }
        Path p = Path.of(e);
        if (!Files.exists(p)) {
          throw new IllegalArgumentException("class path entry '" + e + "' does not exist");
        }
        out.add(p.toAbsolutePath().toUri().toURL());
      } catch (MalformedURLException | java.nio.file.InvalidPathException ex) {
        throw new IllegalArgumentException("class path entry '" + e + "' is not a valid path", ex);
      } catch (IOException ex) {
        throw new IllegalArgumentException("cannot list class path entry '" + e + "': " + ex.getMessage(), ex);
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("the class path '" + classPath + "' has no entries");
    }
    return out.toArray(URL[]::new);
  }

  @Override
  public String toString() {
    return "UserTask[" + name() + "]";
  }

  /** A checked exception thrown by the user's method, carried unchecked. */
  public static final class TaskException extends RuntimeException {
    @Serial private static final long serialVersionUID = 1L;

    TaskException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
