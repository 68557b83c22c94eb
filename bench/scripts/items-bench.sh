#!/usr/bin/env bash
# Benchmark for `conclab serve` (issue 5): GET /items with a 10 ms fetch delay in each server
# mode, and the seed's FastAPI example under uvicorn (one worker) with the same delay, each driven
# by wrk and by `conclab load` at 256 connections. Prints mode, requests/s, p99 and peak RSS.
#
#   bench/scripts/items-bench.sh [DURATION=30s] [CONNECTIONS=256]
#   TARGETS="event-loop virtual" bench/scripts/items-bench.sh 10s     # a subset
#   LOAD_RATE=20000 bench/scripts/items-bench.sh   # conclab load open-loop at this rate
#                                                  # (default: closed loop, as fast as possible)
#   CONCLAB_JAR=/path/conclab.jar bench/scripts/items-bench.sh         # skip the build
#   FETCH_DELAY=10ms WARMUP=5s SERVER_JAVA_OPTS="-Xmx1g" ...           # other knobs
#
# Targets (issue 5): event-loop and virtual >= 10x FastAPI's requests/s, p99 <= 25 ms.
# Needs a JDK 21+; installs Debian's wrk, python3-fastapi and python3-uvicorn when missing
# (apt-get, as root). The load generator runs on the same machine as the server, so on 2 cores
# both compete for the CPU: compare modes with each other, not with other machines.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
duration=${1:-30s}
conns=${2:-256}
targets=${TARGETS:-event-loop worker virtual fastapi}
fetch_delay=${FETCH_DELAY:-10ms}
warmup=${WARMUP:-5s}
server_opts=${SERVER_JAVA_OPTS:--Xmx1g}
port=${PORT:-18480}

. "$root/bench/scripts/lib.sh"
bench_use_conclab

need_pkgs=()
command -v wrk >/dev/null || need_pkgs+=(wrk)
if [[ " $targets " == *" fastapi "* ]]; then
  /usr/bin/python3 -c 'import fastapi' 2>/dev/null || need_pkgs+=(python3-fastapi)
  /usr/bin/python3 -c 'import uvicorn' 2>/dev/null || need_pkgs+=(python3-uvicorn)
fi
if [ ${#need_pkgs[@]} -gt 0 ]; then
  echo "items-bench: installing ${need_pkgs[*]} (Debian packages)" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need_pkgs[@]}" >/dev/null \
    || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need_pkgs[@]}" >/dev/null; }
fi
ulimit -n 65536 2>/dev/null || true

secs() { # 30s / 500ms / 2m -> seconds for wrk
  case "$1" in
    *ms) echo $(( ${1%ms} / 1000 > 0 ? ${1%ms} / 1000 : 1 )) ;;
    *s) echo "${1%s}" ;;
    *m) echo $(( ${1%m} * 60 )) ;;
    *) echo "$1" ;;
  esac
}
delay_ms() { # 10ms / 0.01s -> 10
  case "$1" in
    *ms) echo "${1%ms}" ;;
    *s) awk -v v="${1%s}" 'BEGIN { print v * 1000 }' ;;
    *) echo "$1" ;;
  esac
}
to_ms() { # wrk latency: 12.34ms / 850.00us / 1.20s -> ms
  awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us$/, "", v); print v / 1000 }
    else if (v ~ /ms$/) { sub(/ms$/, "", v); print v + 0 }
    else if (v ~ /m$/) { sub(/m$/, "", v); print v * 60000 }
    else if (v ~ /s$/) { sub(/s$/, "", v); print v * 1000 } else print v }'
}

pid=
stop_server() {
  bench_stop "$pid"
  pid=
}
trap stop_server EXIT

wait_ready() {
  local rc=0
  bench_wait_for "$pid" 300 0.2 bench_http_up "http://127.0.0.1:$port/items?limit=1" || rc=$?
  case $rc in
    0) return 0 ;;
    1) echo "items-bench: server exited" >&2 ;;
    *) echo "items-bench: server not ready after 60 s" >&2 ;;
  esac
  return 1
}

rss_mb() { awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo "?"; }

wrk_secs=$(secs "$duration")
rate_args=()
[ -n "${LOAD_RATE:-}" ] && rate_args=(--rate "$LOAD_RATE")
log=$(mktemp -d)
rows=()
for t in $targets; do
  if [ "$t" = fastapi ]; then
    (cd "$root/bench/python" && PYTHONDONTWRITEBYTECODE=1 FETCH_DELAY_MS=$(delay_ms "$fetch_delay") exec /usr/bin/python3 -m uvicorn items_app:app \
      --workers 1 --host 127.0.0.1 --port "$port" --log-level warning --no-access-log) >"$log/$t.log" 2>&1 &
    pid=$!
  else
    "$java" --enable-native-access=ALL-UNNAMED $server_opts -jar "$jar" serve --mode "$t" --port "$port" --fetch-delay "$fetch_delay" \
      --idle-timeout 600s >"$log/$t.log" 2>&1 &
    pid=$!
  fi
  wait_ready || { cat "$log/$t.log" >&2; exit 1; }
  url="http://127.0.0.1:$port/items"
  echo "items-bench: $t: wrk -t2 -c$conns -d${wrk_secs}s (after a ${warmup} warmup)" >&2
  wrk -t2 -c"$conns" -d"$(secs "$warmup")s" "$url" >/dev/null 2>&1 || true
  wrk -t2 -c"$conns" -d"${wrk_secs}s" --latency "$url" >"$log/$t.wrk" 2>&1 || true
  wrk_rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$log/$t.wrk")
  wrk_p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$log/$t.wrk")")
  wrk_err=$(awk '/Non-2xx|Socket errors/ { printf "%s ", $0 }' "$log/$t.wrk")
  echo "items-bench: $t: conclab load -c $conns -d $duration ${rate_args[*]}" >&2
  "$java" -jar "$jar" load "$url" --connections "$conns" --duration "$duration" --warmup "$warmup" \
    "${rate_args[@]}" --json >"$log/$t.load" 2>"$log/$t.load.err" || true
  read -r load_rps load_p99 load_err < <(/usr/bin/python3 -c '
import json, sys
try:
    j = json.load(open(sys.argv[1]))
    print("%.0f %.2f %d" % (j["requests_per_second"], j["latency_ms"]["p99"], sum(j["errors"].values())))
except Exception:
    print("? ? ?")' "$log/$t.load")
  rss=$(rss_mb "$pid")
  stop_server
  rows+=("$t|${wrk_rps:-?}|${wrk_p99:-?}|$load_rps|$load_p99|$load_err|$rss|$wrk_err")
done

echo
echo "GET /items, fetch delay $fetch_delay, $conns connections, $duration per run, $(nproc) cores"
printf '%-11s %12s %10s %12s %10s %8s %9s\n' mode "wrk req/s" "wrk p99" "load req/s" "load p99" "errors" "RSS MB"
fastapi_rps=
for r in "${rows[@]}"; do
  IFS='|' read -r t wrps wp99 lrps lp99 lerr rss werr <<<"$r"
  printf '%-11s %12s %8s ms %12s %7s ms %8s %9s %s\n' "$t" "$wrps" "$wp99" "$lrps" "$lp99" "$lerr" "$rss" "$werr"
  [ "$t" = fastapi ] && fastapi_rps=$wrps
done
if [ -n "$fastapi_rps" ] && [ "$fastapi_rps" != "?" ] && [ "$fastapi_rps" -gt 0 ]; then
  for r in "${rows[@]}"; do
    IFS='|' read -r t wrps _ <<<"$r"
    [ "$t" = fastapi ] || [ "$wrps" = "?" ] && continue
    awk -v t="$t" -v a="$wrps" -v b="$fastapi_rps" 'BEGIN { printf "%-11s %.1fx FastAPI (wrk req/s)\n", t, a / b }'
  done
fi
echo "(wrk's p99 is closed-loop; conclab load's is from the intended send time when LOAD_RATE is set)"
echo "logs: $log"
