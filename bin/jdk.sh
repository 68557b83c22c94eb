# Finds a JDK 21 or newer and exports JAVA_HOME to it; sourced by ./conclab and ./test.
# Looks, in order, at JAVA_HOME, the java on PATH, Maven's ~/.m2/toolchains.xml, and the usual
# install folders (Debian/Ubuntu, Fedora, SDKMAN!, IntelliJ, macOS). The newest match wins,
# except that a suitable JAVA_HOME or PATH java is always taken first.

conclab_jdk_min=21

conclab_jdk_version() { # prints the feature version of the JDK at $1, or nothing
  local home=$1 v=
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 0
  if [ -f "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$home/release" | head -n 1)
  fi
  if [ -z "$v" ]; then
    v=$("$home/bin/java" -XshowSettings:properties -version 2>&1 \
      | sed -n 's/^ *java.specification.version = \([0-9][0-9]*\).*/\1/p' | head -n 1)
  fi
  [ "$v" = 1 ] && v=8
  printf '%s' "$v"
}

conclab_find_jdk() {
  local best= best_v=0 home v cand
  for home in "${JAVA_HOME:-}" \
      "$(command -v javac >/dev/null 2>&1 && dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"; do
    [ -n "$home" ] || continue
    v=$(conclab_jdk_version "$home")
    if [ -n "$v" ] && [ "$v" -ge "$conclab_jdk_min" ]; then
      printf '%s' "$home"; return 0
    fi
  done
  for cand in \
      $( [ -f "$HOME/.m2/toolchains.xml" ] && sed -n 's:.*<jdkHome>\(.*\)</jdkHome>.*:\1:p' "$HOME/.m2/toolchains.xml") \
      /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* \
      /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$cand" ] || continue
    v=$(conclab_jdk_version "$cand")
    if [ -n "$v" ] && [ "$v" -ge "$conclab_jdk_min" ] && [ "$v" -gt "$best_v" ]; then
      best=$cand; best_v=$v
    fi
  done
  [ -n "$best" ] && printf '%s' "$best"
}

conclab_use_jdk() {
  local home
  home=$(conclab_find_jdk)
  if [ -z "$home" ]; then
    echo "conclab: needs a JDK $conclab_jdk_min or newer; none found (install one, e.g. 'apt-get install openjdk-21-jdk' or Temurin 21+, or set JAVA_HOME to it)" >&2
    return 1
  fi
  export JAVA_HOME=$home
  # Maven 3.9 still calls sun.misc.Unsafe; JDK 24+ warns about it at every start unless allowed.
  if [ "$(conclab_jdk_version "$home")" -ge 24 ]; then
    case " ${MAVEN_OPTS:-} " in
      *sun-misc-unsafe-memory-access*) ;;
      *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;;
    esac
  fi
}
