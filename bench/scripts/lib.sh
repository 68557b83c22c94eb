# Helpers for the benchmark scripts, sourced after they set $root (the checkout):
#   . "$root/bench/scripts/lib.sh"
# bench_use_conclab  finds a JDK 21+ and conclab's jar
# bench_wait_for     waits for a background server (or any process) to be ready
# bench_stop         stops one: SIGTERM, then SIGKILL after 10 s
# bench_http_up      true when a URL answers 2xx

# Finds a JDK 21 or newer (exports JAVA_HOME; exits if there is none) and sets $java to its java
# and $jar to $CONCLAB_JAR, or else to cli/target/conclab.jar, built first when missing or stale.
bench_use_conclab() {
  . "$root/bin/jdk.sh"
  conclab_use_jdk || exit 1
  java="$JAVA_HOME/bin/java"
  if [ -n "${CONCLAB_JAR:-}" ]; then
    jar=$CONCLAB_JAR
  else
    "$root/conclab" --version >/dev/null   # builds cli/target/conclab.jar when missing or stale
    jar="$root/cli/target/conclab.jar"
  fi
}

# bench_wait_for PID TRIES INTERVAL COMMAND...: runs COMMAND every INTERVAL seconds until it
# succeeds (returns 0), process PID has exited (returns 1) or it failed TRIES times (returns 2).
# COMMAND runs in this shell, so it may set variables.
bench_wait_for() {
  local pid=$1 tries=$2 interval=$3 i
  shift 3
  for ((i = 0; i < tries; i++)); do
    "$@" && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep "$interval"
  done
  return 2
}

# bench_stop PID: sends SIGTERM, waits up to 10 s for PID to exit, then sends SIGKILL; reaps it.
# Does nothing when PID is empty or has already exited.
bench_stop() {
  local pid=$1
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
}

# bench_http_up URL: true when GET URL answers with a 2xx status.
bench_http_up() {
  curl -fs -o /dev/null "$1"
}
