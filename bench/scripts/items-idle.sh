#!/usr/bin/env bash
# Idle keep-alive test for `conclab serve` (issue 5): hold N idle keep-alive connections open
# (each has made one request) and probe GET /items with `conclab load` meanwhile. Reports the
# probe's p99 (target <= 50 ms), how many held connections survived, and the server's RSS before
# and while they are held (bounded memory).
#
#   bench/scripts/items-idle.sh [N=10000] [MODE=event-loop]
#   PROBE_RATE=200 PROBE_DURATION=10s CONCLAB_JAR=/path/conclab.jar bench/scripts/items-idle.sh
#
# Needs a JDK 21+ and /usr/bin/python3 (the holder is bench/python/hold_connections.py);
# raises ulimit -n; for N above net.core.somaxconn raise it as root
# (sysctl -w net.core.somaxconn=16384 net.ipv4.tcp_max_syn_backlog=16384).
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
n=${1:-10000}
mode=${2:-event-loop}
probe_rate=${PROBE_RATE:-200}
probe_duration=${PROBE_DURATION:-10s}
fetch_delay=${FETCH_DELAY:-10ms}
port=${PORT:-18481}

. "$root/bench/scripts/lib.sh"
bench_use_conclab
ulimit -n $((n * 2 + 4096)) 2>/dev/null || ulimit -n "$(ulimit -Hn)"

log=$(mktemp -d)
pid=
holder=
cleanup() {
  [ -n "$holder" ] && kill "$holder" 2>/dev/null || true
  bench_stop "$pid"
  exec 3>&- 2>/dev/null || true
}
trap cleanup EXIT

"$java" --enable-native-access=ALL-UNNAMED ${SERVER_JAVA_OPTS:--Xmx1g} -jar "$jar" serve --mode "$mode" --port "$port" \
  --fetch-delay "$fetch_delay" --idle-timeout 600s >"$log/serve.log" 2>&1 &
pid=$!
rc=0
bench_wait_for "$pid" 300 0.2 bench_http_up "http://127.0.0.1:$port/health" || rc=$?
[ "$rc" != 1 ] || { cat "$log/serve.log" >&2; exit 1; }
# warm the JIT first so the probe measures the held connections, not a cold server
"$java" -jar "$jar" load "http://127.0.0.1:$port/items" --connections 16 --rate 1000 --duration 5s \
  --warmup 0s >/dev/null 2>&1 || true
rss() { awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$pid/status"; }
rss_before=$(rss)

mkfifo "$log/hold.in"
/usr/bin/python3 "$root/bench/python/hold_connections.py" 127.0.0.1 "$port" "$n" <"$log/hold.in" >"$log/hold.out" 2>&1 &
holder=$!
exec 3>"$log/hold.in"
rc=0
bench_wait_for "$holder" 600 0.2 grep -q '^held' "$log/hold.out" 2>/dev/null || rc=$?
[ "$rc" != 1 ] || { cat "$log/hold.out" >&2; exit 1; }
held=$(grep '^held' "$log/hold.out")
rss_held=$(rss)
"$java" -jar "$jar" load "http://127.0.0.1:$port/items" --connections 16 --rate "$probe_rate" \
  --duration "$probe_duration" --warmup 2s --json >"$log/probe.json"
rss_after=$(rss)
echo >&3
for _ in $(seq 1 300); do grep -q '^still open' "$log/hold.out" && break; sleep 0.2; done
still=$(grep '^still open' "$log/hold.out" || echo "still open ?")

read -r p50 p99 mx rps errs < <(/usr/bin/python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
l = j["latency_ms"]
print("%.2f %.2f %.2f %.0f %d" % (l["p50"], l["p99"], l["max"], j["requests_per_second"], sum(j["errors"].values())))' "$log/probe.json")
echo
echo "idle keep-alive test: mode $mode, $held idle connections, probe $probe_rate req/s for $probe_duration"
echo "  probe latency (from intended send time): p50 $p50 ms, p99 $p99 ms (target <= 50), max $mx ms; $rps req/s, $errs errors"
echo "  held connections after the probe: $still"
echo "  server RSS: $rss_before MB before, $rss_held MB holding, $rss_after MB after the probe"
echo "logs: $log"
