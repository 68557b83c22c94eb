#!/usr/bin/env bash
# Benchmark for `conclab fetch`: N URLs against a local endpoint that answers after DELAY ms,
# per model (threads with THREADS workers; virtual and async at each CONCURRENCY), cold and warm.
#
#   bench/scripts/fetch-bench.sh [N=10000] [DELAY_MS=100] [THREADS=200]
#   REPEAT=5 bench/scripts/fetch-bench.sh        # median and best of 5 runs per row (default 3)
#   MODELS="virtual async" bench/scripts/fetch-bench.sh 2000
#   CONCLAB_JAR=/path/conclab.jar bench/scripts/fetch-bench.sh   # skip the build
#   CONCURRENCY="1000 2000 10000" bench/scripts/fetch-bench.sh    # in flight for virtual/async
#   PHASES=cold bench/scripts/fetch-bench.sh                       # only the fresh-JVM runs
#   FETCH_OPTS="--http 2" bench/scripts/fetch-bench.sh              # extra `conclab fetch` options
#
# Each row runs twice: "cold" is a fresh JVM fetching the list once (what a user sees, JIT
# compilation included); "warm" is a fresh JVM that first fetches the list WARM_RUNS=15 times
# unmeasured, each with its own fetcher (JIT warmed, connections not reused), then runs the
# measured fetch, as a JMH iteration would (no forced GC in between, JMH's default). 15 so that
# code run once per connection is compiled before the measured fetch (docs/fetch.md#benchmark).
#
# Targets (issue 6): 10,000 URLs in <= 1.5 s on virtual and async; threads with 200 threads
# about 10,000 / 200 x 100 ms = 5 s. The time reported is the fetch's own total (first request
# to last row, JVM start excluded), from the summary `conclab fetch --json` prints on stderr.
# CONCURRENCY defaults to "2000 10000" (0.5 s and 0.1 s of waiting at best).
# Needs: a JDK 21+, ulimit -n above the concurrency + 1024 (raised here up to the hard limit),
# and for a concurrency above net.core.somaxconn a larger accept queue (this script warns; as
# root: sysctl -w net.core.somaxconn=16384 net.ipv4.tcp_max_syn_backlog=16384).
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
n=${1:-10000}
delay=${2:-100}
threads=${3:-200}
repeat=${REPEAT:-3}
models=${MODELS:-threads virtual async}
phases=${PHASES:-cold warm}
warm_runs=${WARM_RUNS:-15}
concurrencies=${CONCURRENCY:-2000 10000}

. "$root/bench/scripts/lib.sh"
bench_use_conclab

max_c=$threads
for c in $concurrencies; do [ "$c" -gt "$max_c" ] && max_c=$c; done
need=$((max_c + 1024))
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
if [ "$somax" -gt 0 ] && [ "$somax" -lt "$max_c" ]; then
  echo "fetch-bench: note: net.core.somaxconn=$somax < $max_c; bursts of connects may be retried" \
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
# (its stderr, JVM warnings included, is shown only if it fails to start)
"$java" -cp "$jar" dev.conclab.fetch.LatencyServer 0 "$delay" <"$tmp/hold" >"$tmp/server.out" \
  2>"$tmp/server.err" &
server_pid=$!
exec 3>"$tmp/hold"
for _ in $(seq 1 300); do
  [ -s "$tmp/server.out" ] && break
  sleep 0.1
done
base=$(head -n 1 "$tmp/server.out")
[ -n "$base" ] || { echo "fetch-bench: latency server did not start:" >&2; cat "$tmp/server.err" >&2; exit 1; }
seq 0 $((n - 1)) | sed "s|^|${base}?i=|" >"$tmp/urls.txt"

# Warm the endpoint's JIT with one untimed run (WARMUP=0 skips it); each measured run is a fresh
# client JVM, as a user's command would be.
if [ "${WARMUP:-1}" != 0 ]; then
  head -n 2000 "$tmp/urls.txt" >"$tmp/warm.txt"
  "$java" -jar "$jar" fetch --model async --concurrency 500 --timeout 60s --json --no-progress \
    --file "$tmp/warm.txt" >/dev/null 2>&1 || true
fi

echo "fetch-bench: $n URLs, ${delay} ms endpoint at $base, $(nproc) cores, $("$java" -version 2>&1 | head -n 1)"
printf '%-8s %-5s %12s %9s %9s %10s %9s %12s\n' model jit concurrency median_s best_s req_per_s ok_total failed_total
for model in $models; do
  cs=$concurrencies
  [ "$model" = threads ] && cs=$threads
  for c in $cs; do
    for phase in $phases; do
      w=0
      [ "$phase" = warm ] && w=$warm_runs
      times=()
      ok=0
      failed=0
      for _ in $(seq 1 "$repeat"); do
        "$java" ${CONCLAB_JAVA_OPTS:-} -jar "$jar" fetch --model "$model" --concurrency "$c" \
          ${FETCH_OPTS:-} --warmup "$w" --timeout 60s --json --no-progress --file "$tmp/urls.txt" \
          >"$tmp/rows.json" 2>"$tmp/summary.json" || true
        line=$(grep '"summary"' "$tmp/summary.json" || true)
        if [ -z "$line" ]; then
          echo "fetch-bench: $model c=$c ($phase) run failed:" >&2
          cat "$tmp/summary.json" >&2
          continue
        fi
        times+=("$(sed -n 's/.*"time_ms":\([0-9.]*\).*/\1/p' <<<"$line")")
        ok=$((ok + $(sed -n 's/.*"ok":\([0-9]*\).*/\1/p' <<<"$line")))
        f=$(sed -n 's/.*"failed":\([0-9]*\).*/\1/p' <<<"$line")
        failed=$((failed + f))
        if [ "$f" != 0 ]; then
          grep -v '"ok":true' "$tmp/rows.json" | sed -n 's/.*"error":"\([^"]*\)".*/\1/p' \
            | sort | uniq -c >&2 || true
        fi
      done
      [ "${#times[@]}" -gt 0 ] || continue
      # median (the lower middle for an even count) and best, in seconds; ok and failed are
      # summed over the runs
      read -r med best < <(printf '%s\n' "${times[@]}" | sort -n \
        | awk '{v[NR]=$1} END{printf "%.3f %.3f\n", v[int((NR+1)/2)]/1000, v[1]/1000}')
      printf '%-8s %-5s %12s %9s %9s %10.0f %9s %12s\n' "$model" "$phase" "$c" "$med" "$best" \
        "$(awk "BEGIN{print $n/$med}")" "$ok" "$failed"
    done
  done
done
