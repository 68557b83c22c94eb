#!/usr/bin/env bash
# Benchmark for `conclab fetch`: N URLs against a local endpoint that answers after DELAY ms,
# per model (threads with THREADS workers; virtual and async with N in flight), cold and warm.
#
#   bench/scripts/fetch-bench.sh [N=10000] [DELAY_MS=100] [THREADS=200]
#   REPEAT=3 bench/scripts/fetch-bench.sh        # best of 3 runs per model
#   MODELS="virtual async" bench/scripts/fetch-bench.sh 2000
#   CONCLAB_JAR=/path/conclab.jar bench/scripts/fetch-bench.sh   # skip the build
#   CONCURRENCY=256 bench/scripts/fetch-bench.sh 3000             # same concurrency for all models
#   PHASES=cold bench/scripts/fetch-bench.sh                       # only the fresh-JVM runs
#   FETCH_OPTS="--http 2" bench/scripts/fetch-bench.sh              # extra `conclab fetch` options
#
# Each model runs twice: "cold" is a fresh JVM fetching the list once (what a user sees);
# "warm" is a fresh JVM that first fetches the list WARM_RUNS=2 times unmeasured, each with its
# own fetcher (JIT warmed, connections not reused), then the measured run.
#
# Targets (issue 6): 10,000 URLs in <= 1.5 s on virtual and async; threads with 200 threads
# about 10,000 / 200 x 100 ms = 5 s. The time reported is the fetch's own total (first request
# to last row, JVM start excluded), from the summary `conclab fetch --json` prints on stderr.
# Needs: a JDK 21+, ulimit -n above N + 1024 (raised here up to the hard limit), and for N above
# net.core.somaxconn a larger accept queue (this script warns; as root: sysctl -w
# net.core.somaxconn=16384 net.ipv4.tcp_max_syn_backlog=16384).
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
n=${1:-10000}
delay=${2:-100}
threads=${3:-200}
repeat=${REPEAT:-1}
models=${MODELS:-threads virtual async}
phases=${PHASES:-cold warm}
warm_runs=${WARM_RUNS:-2}

. "$root/bin/jdk.sh"
conclab_use_jdk || exit 1
java="$JAVA_HOME/bin/java"
if [ -n "${CONCLAB_JAR:-}" ]; then
  jar=$CONCLAB_JAR                       # a prebuilt conclab.jar
else
  "$root/conclab" --version >/dev/null   # builds cli/target/conclab.jar when missing or stale
  jar="$root/cli/target/conclab.jar"
fi

need=$((n + 1024))
soft=$(ulimit -n)
if [ "$soft" != unlimited ] && [ "$soft" -lt "$need" ]; then
  hard=$(ulimit -Hn)
  if [ "$hard" = unlimited ] || [ "$hard" -ge "$need" ]; then
    ulimit -n "$need"
  else
    ulimit -n "$hard"
    echo "fetch-bench: warning: open files limited to $hard (want $need); large runs may fail" >&2
  fi
fi
somax=$(cat /proc/sys/net/core/somaxconn 2>/dev/null || echo 0)
if [ "$somax" -gt 0 ] && [ "$somax" -lt "$n" ]; then
  echo "fetch-bench: note: net.core.somaxconn=$somax < $n; bursts of connects may be retried" \
    "by the kernel (1 s SYN retransmit). Raise it as root for the full run." >&2
fi

tmp=$(mktemp -d)
server_pid=
cleanup() {
  exec 3>&- 2>/dev/null || true
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

# The endpoint runs in its own JVM and stops when fd 3 (its stdin) closes.
mkfifo "$tmp/hold"
"$java" -cp "$jar" dev.conclab.fetch.LatencyServer 0 "$delay" <"$tmp/hold" >"$tmp/server.out" &
server_pid=$!
exec 3>"$tmp/hold"
for _ in $(seq 1 300); do
  [ -s "$tmp/server.out" ] && break
  sleep 0.1
done
base=$(head -n 1 "$tmp/server.out")
[ -n "$base" ] || { echo "fetch-bench: latency server did not start" >&2; exit 1; }
seq 0 $((n - 1)) | sed "s|^|${base}?i=|" >"$tmp/urls.txt"

# Warm the endpoint's JIT with one untimed run (WARMUP=0 skips it); each measured run is a fresh
# client JVM, as a user's command would be.
if [ "${WARMUP:-1}" != 0 ]; then
  head -n 2000 "$tmp/urls.txt" >"$tmp/warm.txt"
  "$java" -jar "$jar" fetch --model async --concurrency 500 --timeout 60s --json --no-progress \
    --file "$tmp/warm.txt" >/dev/null 2>&1 || true
fi

echo "fetch-bench: $n URLs, ${delay} ms endpoint at $base, $(nproc) cores, $("$java" -version 2>&1 | head -n 1)"
printf '%-8s %-5s %12s %9s %10s %8s %8s\n' model jit concurrency time_s req_per_s ok failed
for model in $models; do
  c=$n
  [ "$model" = threads ] && c=$threads
  [ -n "${CONCURRENCY:-}" ] && c=$CONCURRENCY
  for phase in $phases; do
    w=0
    [ "$phase" = warm ] && w=$warm_runs
    best=
    for _ in $(seq 1 "$repeat"); do
      "$java" ${CONCLAB_JAVA_OPTS:-} -jar "$jar" fetch --model "$model" --concurrency "$c" \
        ${FETCH_OPTS:-} --warmup "$w" --timeout 60s --json --no-progress --file "$tmp/urls.txt" \
        >"$tmp/rows.json" 2>"$tmp/summary.json" || true
      line=$(grep '"summary"' "$tmp/summary.json" || true)
      if [ -z "$line" ]; then
        echo "fetch-bench: $model ($phase) run failed:" >&2
        cat "$tmp/summary.json" >&2
        continue
      fi
      t=$(sed -n 's/.*"time_ms":\([0-9.]*\).*/\1/p' <<<"$line")
      if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then
        best=$t
        ok=$(sed -n 's/.*"ok":\([0-9]*\).*/\1/p' <<<"$line")
        failed=$(sed -n 's/.*"failed":\([0-9]*\).*/\1/p' <<<"$line")
        rps=$(sed -n 's/.*"requests_per_s":\([0-9.]*\).*/\1/p' <<<"$line")
        if [ "$failed" != 0 ]; then
          grep -v '"ok":true' "$tmp/rows.json" | sed -n 's/.*"error":"\([^"]*\)".*/\1/p' \
            | sort | uniq -c >&2 || true
        fi
      fi
    done
    [ -n "$best" ] || continue
    printf '%-8s %-5s %12s %9.3f %10s %8s %8s\n' "$model" "$phase" "$c" \
      "$(awk "BEGIN{print $best/1000}")" "$rps" "$ok" "$failed"
  done
done
