#!/usr/bin/env bash
# Whole-process benchmark of the note's Pool.map: `./conclab map --task squares --n 10000`
# against the note's snippet run by CPython (bench/python/pool_map.py with fork, forkserver and
# spawn), in one run, plus the in-process pool start (StartupMain against the snippet's
# --in-process mode) and the physical floor (one and two bare JVMs started together).
#
#   bench/scripts/map-bench.sh [RUNS=10]
#   CONCLAB_JAR=/path/conclab.jar bench/scripts/map-bench.sh   # skip the build check
#   PYTHON=python3.14 bench/scripts/map-bench.sh               # another CPython (default: Debian's
#                                                                /usr/bin/python3, else python3)
#   PARTS="whole" bench/scripts/map-bench.sh                   # whole | inprocess | floor
#
# Needs a JDK 21+ (found like ./conclab does), python3, and hyperfine (apt-get install
# hyperfine). Every figure is the median of RUNS runs with min-max and the CPU time (user + sys
# of the process and its children): on a loaded machine the wall time swings, the CPU time much
# less. The first ./conclab call after a build creates its caches (one warm-up run is not timed).
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
runs=${1:-10}
parts=${PARTS:-whole inprocess floor}
python=${PYTHON:-}
if [ -z "$python" ]; then
  python=python3
  [ -x /usr/bin/python3 ] && python=/usr/bin/python3
fi
command -v hyperfine >/dev/null || { echo "map-bench: needs hyperfine (apt-get install -y hyperfine)" >&2; exit 1; }
command -v "$python" >/dev/null || { echo "map-bench: needs $python" >&2; exit 1; }
# The interpreter itself, not a wrapper in front of it: a pyenv shim on the PATH is a shell script
# that adds about 60 ms to every start (python3 -c pass: 105 ms through it, 42 ms without).
python=$("$python" -c 'import sys; print(sys.executable or "")') || { echo "map-bench: $python does not run" >&2; exit 1; }
[ -n "$python" ] && [ -x "$python" ] || { echo "map-bench: cannot tell which interpreter python3 runs (sys.executable)" >&2; exit 1; }

. "$root/bin/jdk.sh"
conclab_use_jdk || exit 1
java="$JAVA_HOME/bin/java"
unsafe=()
[ "$(conclab_jdk_version "$JAVA_HOME")" -ge 24 ] && unsafe=(--sun-misc-unsafe-memory-access=allow)
jar=${CONCLAB_JAR:-$root/cli/target/conclab.jar}
bench_jar=$root/bench/target/benchmarks.jar
if [ -z "${CONCLAB_JAR:-}" ]; then
  "$root/conclab" --version >/dev/null # builds the jar if sources changed
fi
[ -f "$bench_jar" ] || (cd "$root" && ./mvnw -q -B -DskipTests -pl bench -am package >&2)
snippet=$root/bench/python/pool_map.py
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

echo "# map-bench $(date -u +%FT%TZ): $(nproc) cores, $("$java" -version 2>&1 | head -n 1), $("$python" --version 2>&1) ($python)"
echo "# load before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"

# The launcher trains a command's AOT cache in the background after its first call (JDK 25+):
# wait for that to finish, so that no training JVM loads the cores being measured. A training's
# lock folder older than 10 minutes is one the launcher treats as stale (a killed training).
cds_dir=${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}
cds_dir=${cds_dir%/}/conclab/cds
await_caches() {
  local i
  for i in $(seq 1 600); do
    [ -n "$(find "$cds_dir" -maxdepth 1 -name '*.lock' -mmin -10 -print -quit 2>/dev/null)" ] || return 0
    sleep 0.2
  done
  echo "map-bench: an AOT cache training still runs after 120 s; figures may be loaded" >&2
}

summary() { # name, hyperfine json
  "$python" - "$1" "$2" <<'EOF'
import json, statistics, sys
name, path = sys.argv[1], sys.argv[2]
for r in json.load(open(path))["results"]:
    t = [x * 1000 for x in r["times"]]
    cpu = (r["user"] + r["system"]) * 1000
    print(f"| {r['command'] if name == '-' else name} | {statistics.median(t):.0f} ms | {min(t):.0f}-{max(t):.0f} ms | {cpu:.0f} ms |")
EOF
}

if [[ " $parts " == *" whole "* ]]; then
  echo
  echo "## Whole process, the note's Pool.map over range(10_000), $runs runs each"
  echo
  echo "| command | median | min-max | CPU (mean) |"
  echo "|---|---|---|---|"
  "$root/conclab" map --task squares --n 10000 >/dev/null # creates the caches if missing
  await_caches
  i=0
  for spec in \
      "./conclab map|$root/conclab map --task squares --n 10000" \
      "java -jar conclab.jar map|$java ${unsafe[*]} -jar $jar map --task squares --n 10000" \
      "python fork|$python $snippet --start fork" \
      "python forkserver|$python $snippet --start forkserver" \
      "python spawn|$python $snippet --start spawn"; do
    i=$((i + 1))
    hyperfine -N -w 1 -r "$runs" --export-json "$out/w$i.json" "${spec#*|}" >/dev/null 2>&1
    summary "${spec%%|*}" "$out/w$i.json"
  done
  echo
  echo "Commands: \`./conclab map --task squares --n 10000\`, \`$python bench/python/pool_map.py --start fork|forkserver|spawn\`"
  echo
  echo "What ./conclab map printed on its last run:"
  "$root/conclab" map --task squares --n 10000 | sed 's/^/    /'
fi

if [[ " $parts " == *" inprocess "* ]]; then
  echo
  echo "## In process: create a 2-worker pool + the note's map + close, $runs times in one process"
  echo
  "$java" -cp "$bench_jar" dev.conclab.bench.pool.StartupMain "$runs" | tail -n 1 | sed 's/^/    conclab ProcessPool:      /'
  for m in forkserver fork spawn; do
    "$python" "$snippet" --start "$m" --workers 2 --in-process "$runs" | tail -n 1 | sed "s/^/    CPython $m: /"
  done
  echo
  echo "Commands: \`java -cp bench/target/benchmarks.jar dev.conclab.bench.pool.StartupMain $runs\`,"
  echo "\`$python bench/python/pool_map.py --start forkserver --workers 2 --in-process $runs\`"
fi

if [[ " $parts " == *" floor "* ]]; then
  echo
  echo "## The floor: bare JVMs (no conclab code), $runs runs each"
  echo
  echo "| command | median | min-max | CPU (mean) |"
  echo "|---|---|---|---|"
  hyperfine -N -w 1 -r "$runs" --export-json "$out/f1.json" "$java -Xshare:auto -version" >/dev/null 2>&1
  summary "java -version" "$out/f1.json"
  hyperfine -w 1 -r "$runs" --export-json "$out/f2.json" \
    "$java -Xshare:auto -version 2>/dev/null & $java -Xshare:auto -version 2>/dev/null; wait" >/dev/null 2>&1
  summary "two java -version at once (via sh)" "$out/f2.json"
  hyperfine -w 1 -r "$runs" --export-json "$out/f3.json" \
    "$java -Xshare:auto -version 2>/dev/null & $java -Xshare:auto -version 2>/dev/null & $java -Xshare:auto -version 2>/dev/null; wait" >/dev/null 2>&1
  summary "three java -version at once (parent + 2 workers; via sh)" "$out/f3.json"
  "$root/conclab" --version >/dev/null # the default commands' cache
  await_caches
  hyperfine -N -w 1 -r "$runs" --export-json "$out/f4.json" "$root/conclab --version" "$root/conclab --help" >/dev/null 2>&1
  summary - "$out/f4.json" | sed "s#$root/##"
fi
echo
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"
