#!/usr/bin/env bash
# `conclab fetch` against Python's asyncio + aiohttp, same server, same URLs, one run.
#
#   bench/scripts/fetch-vs-aiohttp.sh [N=10000] [DELAY_MS=100]
#   REPEAT=7 bench/scripts/fetch-vs-aiohttp.sh               # runs per client (default 5)
#   CLIENTS="async aiohttp" bench/scripts/fetch-vs-aiohttp.sh # default: async virtual aiohttp
#   CONCURRENCY=2000 ...                                     # conclab's in flight (default N)
#   CLIENTS="threads aiohttp" THREADS=200 ...                # threads: a pool of THREADS (200)
#   TARGET=latency ...                                       # LatencyServer instead of serve
#   CONCLAB_JAR=cli/target/conclab.jar ...                   # skip the build
#   CONCLAB_JAVA_OPTS="-XX:TieredStopAtLevel=1" ...          # JVM flags for conclab fetch
#   WARM=15 ...                                              # warm phase too (see below)
#   SYSCTL=no ...                                            # leave the kernel's queues alone
#
# The target is `conclab serve --fetch-delay DELAY_MS --mode event-loop` (GET /items/ID, one
# row of the embedded H2 database after a DELAY_MS timer), started once in its own JVM and
# warmed. Each client is a fresh process per run, as a user runs it, and the clients take turns
# (run 1 of each, then run 2 of each, ...), so that a slow phase of the machine hits them all:
#   async, virtual  `conclab fetch --model M --concurrency N --json --file URLS` (rows to a file)
#   aiohttp         bench/python/aiohttp_fetch.py URLS (TCPConnector(limit=0), gather of N GETs)
# Per client it prints the whole-process wall time and the client's CPU (user + sys of the
# client process and its children, from /usr/bin/time), median and range over the runs, the
# ratio of each median to aiohttp's in this run, the server's CPU while that client ran, the
# client's peak RSS, for conclab its peak heap (the most used before a collection, from
# -Xlog:gc; "-" when none ran), in how many runs every request got a 200, and for conclab in
# how many runs the rows came out in input order. The server's CPU is never in a client's figure.
#
# The 100,000-URL run (memory bounded, rows in order; aiohttp would open 100,000 sockets at once):
#   CLIENTS="async virtual" CONCURRENCY=10000 CONCLAB_JAVA_OPTS=-Xmx128m \
#     bench/scripts/fetch-vs-aiohttp.sh 100000
#
# WARM=K adds a warm phase: each client first fetches the list K times in the same process
# (fresh connections each time) and reports its own time and process CPU for the measured fetch
# only (conclab: hidden --warmup K, time_ms/cpu_ms of its JSON summary; aiohttp: --warmup K).
#
# Needs a JDK 21+, /usr/bin/time, ulimit -n above N + 1024 (raised here up to the hard limit),
# Debian's python3-aiohttp (installed here with apt-get when missing, as root) and, for N above
# the kernel's accept/SYN queues, net.core.somaxconn and net.ipv4.tcp_max_syn_backlog >= N:
# as root the script raises them and restores them on exit; otherwise it prints the command.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
n=${1:-10000}
delay=${2:-100}
repeat=${REPEAT:-5}
clients=${CLIENTS:-async virtual aiohttp}
concurrency=${CONCURRENCY:-$n}
target=${TARGET:-serve}
warm=${WARM:-0}
python=${PYTHON:-/usr/bin/python3}

die() { echo "fetch-vs-aiohttp: $*" >&2; exit 1; }
case "$n$delay$repeat$concurrency$warm" in *[!0-9]*) die "N, DELAY_MS, REPEAT, CONCURRENCY and WARM are whole numbers";; esac
[ -x /usr/bin/time ] || die "needs /usr/bin/time (apt-get install time)"

. "$root/bench/scripts/lib.sh"
bench_use_conclab
jvm=("$java")
if [ "$(conclab_jdk_version "$JAVA_HOME")" -ge 24 ]; then
  jvm+=(--sun-misc-unsafe-memory-access=allow)   # as the conclab launcher runs it
fi

if [[ " $clients " == *" aiohttp "* ]] && ! "$python" -c 'import aiohttp' 2>/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "fetch-vs-aiohttp: installing python3-aiohttp" >&2
    apt-get install -y -q python3-aiohttp >/dev/null || die "apt-get install python3-aiohttp failed"
  else
    die "aiohttp missing for $python: apt-get install python3-aiohttp (as root)"
  fi
fi

need=$(( (concurrency > n ? n : concurrency) + 1024 ))
[[ " $clients " == *" aiohttp "* ]] && need=$((n + 1024))
soft=$(ulimit -n)
if [ "$soft" != unlimited ] && [ "$soft" -lt "$need" ]; then
  hard=$(ulimit -Hn)
  if [ "$hard" = unlimited ] || [ "$hard" -ge "$need" ]; then ulimit -n "$need"; else
    ulimit -n "$hard"; echo "fetch-vs-aiohttp: warning: open files limited to $hard (want $need)" >&2
  fi
fi

tmp=$(mktemp -d)
server_pid=
restore_sysctl=()
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [ "${#restore_sysctl[@]}" -gt 0 ]; then
    sysctl -q -w "${restore_sysctl[@]}" >/dev/null || echo "fetch-vs-aiohttp: could not restore ${restore_sysctl[*]}" >&2
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for key in net.core.somaxconn net.ipv4.tcp_max_syn_backlog; do
  cur=$(sysctl -n "$key" 2>/dev/null || echo "$n")
  if [ "$cur" -lt "$n" ]; then
    if [ "${SYSCTL:-yes}" != no ] && [ "$(id -u)" = 0 ] && sysctl -q -w "$key=$((n > 16384 ? n : 16384))" >/dev/null 2>&1; then
      restore_sysctl+=("$key=$cur")
    else
      echo "fetch-vs-aiohttp: note: $key=$cur < $n: a burst of $n connects overflows the queue (1 s SYN" \
        "retransmits). As root: sysctl -w net.core.somaxconn=16384 net.ipv4.tcp_max_syn_backlog=16384" >&2
    fi
  fi
done

# The target, in its own JVM; `serve` prints "listening on URL", LatencyServer prints the URL.
if [ "$target" = serve ]; then
  "${jvm[@]}" -jar "$jar" serve --port 0 --mode event-loop --fetch-delay "${delay}ms" \
    >"$tmp/server.out" 2>"$tmp/server.err" &
elif [ "$target" = latency ]; then
  "${jvm[@]}" -cp "$jar" dev.conclab.fetch.LatencyServer 0 "$delay" </dev/zero >"$tmp/server.out" 2>"$tmp/server.err" &
else
  die "TARGET is serve or latency, got '$target'"
fi
server_pid=$!
base=
server_url() { # sets $base to the URL the server printed, if it has
  base=$(grep -o 'http://[^ ]*' "$tmp/server.out" 2>/dev/null | head -n 1 || true)
  [ -n "$base" ]
}
bench_wait_for "$server_pid" 600 0.1 server_url || true
[ -n "$base" ] || { echo "fetch-vs-aiohttp: $target did not start:" >&2; cat "$tmp/server.err" >&2; exit 1; }
base=${base%/}
if [ "$target" = serve ]; then
  awk -v b="$base" -v n="$n" 'BEGIN{for(i=0;i<n;i++) printf "%s/items/%d?i=%d\n", b, i%1000+1, i}' >"$tmp/urls.txt"
else
  awk -v b="$base" -v n="$n" 'BEGIN{for(i=0;i<n;i++) printf "%s?i=%d\n", b, i}' >"$tmp/urls.txt"
fi

# Warm the server (its JIT and its pools) with two untimed runs of each kind of client.
for _ in 1 2; do
  "${jvm[@]}" -jar "$jar" fetch --model async --concurrency 1000 --timeout 60s --json --no-progress \
    --file "$tmp/urls.txt" >/dev/null 2>&1 || true
  if [[ " $clients " == *" aiohttp "* ]]; then "$python" "$root/bench/python/aiohttp_fetch.py" "$tmp/urls.txt" >/dev/null 2>&1 || true; fi
done

# CPU ticks (user + sys) of the server so far
server_ticks() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }
hz=$(getconf CLK_TCK)

# run CLIENT PHASE: one fresh process; appends "wall cpu server_cpu ok rss_mb heap_mb in_order sys"
# to $tmp/CLIENT.PHASE
run() {
  local client=$1 phase=$2 w=0 cmd s0 s1 wall user sys rss ok line heap=- order=-
  [ "$phase" = warm ] && w=$warm
  if [ "$client" = aiohttp ]; then
    cmd=("$python" "$root/bench/python/aiohttp_fetch.py" "$tmp/urls.txt" --warmup "$w")
  else
    # shellcheck disable=SC2206
    rm -f "$tmp/gc.log"
    local c=$concurrency
    [ "$client" = threads ] && c=${THREADS:-200}
    cmd=("${jvm[@]}" ${CONCLAB_JAVA_OPTS:-} "-Xlog:gc:file=$tmp/gc.log" -jar "$jar" fetch --model "$client" --concurrency "$c"
      --timeout 60s --json --no-progress --warmup "$w" ${FETCH_OPTS:-} --file "$tmp/urls.txt")
  fi
  s0=$(server_ticks)
  /usr/bin/time -f '%e %U %S %M' -o "$tmp/time" "${cmd[@]}" >"$tmp/out" 2>"$tmp/err" || true
  s1=$(server_ticks)
  read -r wall user sys rss < <(tail -n 1 "$tmp/time")
  rss=$((rss / 1024))
  if [ "$client" = aiohttp ]; then
    line=$(grep '"time_ms"' "$tmp/out" || true)
    ok=$(sed -n 's/.*"200": \([0-9]*\).*/\1/p' <<<"$line")
  else
    line=$(grep '"summary"' "$tmp/err" || true)
    ok=$(sed -n 's/.*"ok":\([0-9]*\).*/\1/p' <<<"$line")
    heap=$(sed -n 's/.* \([0-9]*\)M->[0-9]*M(.*/\1/p' "$tmp/gc.log" 2>/dev/null | sort -n | tail -n 1)
    [ -n "$heap" ] || heap=-
    order=$(sed -n 's/^{"index":\([0-9]*\),.*/\1/p' "$tmp/out" \
      | awk -v n="$n" '$1 != NR - 1 {bad = 1} END {print (bad || NR != n) ? 0 : 1}')
  fi
  if [ -z "$line" ]; then
    echo "fetch-vs-aiohttp: $client ($phase) run failed:" >&2; tail -n 5 "$tmp/err" >&2
    return
  fi
  if [ "${ok:-0}" != "$n" ]; then
    echo "fetch-vs-aiohttp: $client ($phase): ${ok:-0} of $n answered 200:" >&2
    if [ "$client" = aiohttp ]; then echo "$line" >&2; else
      grep -v '"ok":true' "$tmp/out" | sed -n 's/.*"error":"\([^"]*\)".*/\1/p' | sort | uniq -c >&2 || true
    fi
  fi
  if [ "$phase" = warm ]; then   # the measured fetch only, as the client reports it
    wall=$(sed -n 's/.*"time_ms": *\([0-9.]*\).*/\1/p' <<<"$line")
    cpu=$(sed -n 's/.*"cpu_ms": *\([0-9.]*\).*/\1/p' <<<"$line")
    wall=$(awk -v t="$wall" 'BEGIN{printf "%.3f", t/1000}')
    cpu=$(awk -v t="${cpu:-0}" 'BEGIN{printf "%.3f", t/1000}')
  else
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN{printf "%.3f", u+s}')
  fi
  echo "$wall $cpu $(awk -v a="$s0" -v b="$s1" -v hz="$hz" 'BEGIN{printf "%.2f", (b-a)/hz}') ${ok:-0}" \
    "$rss $heap $order $([ "$phase" = warm ] && echo - || echo "$sys")" >>"$tmp/$client.$phase"
}

# median and range of column K of FILE: "median min max"
stats() {
  awk -v k="$2" '{print $k}' "$1" | sort -g | awk '{v[NR]=$1} END{printf "%.2f %.2f %.2f\n", v[int((NR+1)/2)], v[1], v[NR]}'
}

phases=cold
[ "$warm" -gt 0 ] && phases="cold warm"
echo "fetch-vs-aiohttp: $n URLs, conclab at $concurrency in flight (threads: ${THREADS:-200} threads), aiohttp all at once," \
  "${delay} ms $target at $base;" \
  "$(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $("$java" -version 2>&1 | head -n 1);" \
  "$("$python" -c 'import sys, aiohttp; print("Python", sys.version.split()[0], "aiohttp", aiohttp.__version__)')"
[ -n "${CONCLAB_JAVA_OPTS:-}" ] && echo "fetch-vs-aiohttp: CONCLAB_JAVA_OPTS=$CONCLAB_JAVA_OPTS"
for phase in $phases; do
  for _ in $(seq 1 "$repeat"); do
    for client in $clients; do run "$client" "$phase"; done
  done
  if [ "$phase" = cold ]; then what="whole process"; else what="measured fetch after $warm in-process warm-ups"; fi
  echo
  echo "$phase: $what; median [min-max] of $repeat runs; x = ratio of medians to aiohttp's;" \
    "of_sys = the client CPU's kernel part; server_s = server CPU; rss_mb, heap_mb = the most over the runs"
  printf '%-8s %-22s %-6s %-22s %-6s %-6s %-8s %-7s %-7s %-7s %s\n' client wall_s x client_cpu_s x \
    of_sys server_s rss_mb heap_mb all_200 in_order
  ref_wall= ref_cpu=
  if [ -s "$tmp/aiohttp.$phase" ]; then
    read -r ref_wall _ _ < <(stats "$tmp/aiohttp.$phase" 1)
    read -r ref_cpu _ _ < <(stats "$tmp/aiohttp.$phase" 2)
  fi
  for client in $clients; do
    f="$tmp/$client.$phase"
    [ -s "$f" ] || { printf '%-8s (no successful run)\n' "$client"; continue; }
    read -r wm wl wh < <(stats "$f" 1)
    read -r cm cl ch < <(stats "$f" 2)
    read -r sm _ _ < <(stats "$f" 3)
    read -r ym _ _ < <(stats "$f" 8)
    [ "$phase" = warm ] && ym=-
    good=$(awk -v n="$n" '$4 == n {g++} END{printf "%d/%d", g, NR}' "$f")
    rss=$(awk '$5 > m {m = $5} END{print m}' "$f")
    heap=$(awk '$6 != "-" && $6 > m {m = $6} END{print m ? m : "-"}' "$f")
    order=$(awk '$7 != "-" {t++; g += $7} END{print t ? g "/" t : "-"}' "$f")
    wx=- cx=-
    if [ -n "$ref_wall" ]; then
      wx=$(awk -v a="$wm" -v b="$ref_wall" 'BEGIN{printf "%.2f", a/b}')
      cx=$(awk -v a="$cm" -v b="$ref_cpu" 'BEGIN{printf "%.2f", a/b}')
    fi
    printf '%-8s %-22s %-6s %-22s %-6s %-6s %-8s %-7s %-7s %-7s %s\n' "$client" "$wm [$wl-$wh]" "$wx" \
      "$cm [$cl-$ch]" "$cx" "$ym" "$sm" "$rss" "$heap" "$good" "$order"
  done
done
