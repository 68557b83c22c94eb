#!/usr/bin/env bash
# Runs `conclab compare --workloads all --format json` RUNS times in a row (default 2) and the
# default `conclab compare` once, and checks what a trustworthy lab must show on a quiet machine
# with 2+ cores: gil not parallel and GIL-affected; threads, virtual and processes parallel;
# sequential and async not; no CPU speedup above cores x 1.1; every cell's spread at most 10 %
# or the cell flagged; `--workloads all` within 3 minutes and the default within 60 s.
# Prints one line per check and exits 1 if any failed.
#   CONCLAB_JAR=cli/target/conclab.jar bench/scripts/compare-trust.sh        (RUNS=2 OUT=/tmp/trust)
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
runs=${RUNS:-2}
out=${OUT:-$(mktemp -d)}
mkdir -p "$out"
if [ -n "${CONCLAB_JAR:-}" ]; then
  . "$root/bin/jdk.sh"; conclab_use_jdk
  conclab=("$JAVA_HOME/bin/java" --sun-misc-unsafe-memory-access=allow ${CONCLAB_JAVA_OPTS:-} -jar "$CONCLAB_JAR")
else
  conclab=("$root/conclab")
fi
echo "compare-trust: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), reports in $out"
fail=0
for i in $(seq 1 "$runs"); do
  start=$(date +%s.%N)
  "${conclab[@]}" compare --workloads all --no-progress --format json --out "$out/all-$i.json" > "$out/all-$i.txt"
  end=$(date +%s.%N)
  python3 - "$out/all-$i.json" "$start" "$end" "$i" <<'PY' || fail=1
import json, sys
path, start, end, run = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
r = json.load(open(path))
cores = r["machine"]["cores"]
v = {x["model"]: x for x in r["verdicts"]}
bad = []
def want(model, field, value):
    got = v.get(model, {}).get(field)
    ok = got == value
    print(f"  run {run}: {model:10s} {field:11s} = {got!s:5s} (want {value}) {'ok' if ok else 'FAIL'}")
    if not ok: bad.append(model)
want("gil", "parallel", False); want("gil", "gilAffected", True)
for m in ("threads", "virtual", "processes"): want(m, "parallel", True)
for m in ("sequential", "async"): want(m, "parallel", False)
over = [f'{c["model"]}/{c["workload"]} {c["speedup"]}' for c in r["cells"]
        if c["kind"] == "cpu" and c["speedup"] is not None and c["error"] is None and c["speedup"] > cores * 1.1]
print(f"  run {run}: CPU speedups above {cores} x 1.1: {over or 'none'} {'ok' if not over else 'FAIL'}")
loose = [f'{c["model"]}/{c["workload"]} {c["spreadPct"]}%' for c in r["cells"]
         if c["error"] is None and c["spreadPct"] > 10 and not any(w.startswith("unstable") for w in c["warnings"])]
flagged = [f'{c["model"]}/{c["workload"]}' for c in r["cells"] if any(w.startswith("unstable") for w in c["warnings"])]
print(f"  run {run}: cells over 10 % spread and not flagged: {loose or 'none'}; flagged unstable: {flagged or 'none'}"
      f" {'ok' if not loose else 'FAIL'}")
t = end - start
print(f"  run {run}: --workloads all took {t:.0f} s (lab: {r['elapsedSeconds']:.0f} s), load average {r['conditions']['loadAverage']},"
      f" other processes {r['conditions']['otherCores']} cores {'ok' if t <= 180 else 'FAIL (over 180 s)'}")
sys.exit(1 if bad or over or loose or t > 180 else 0)
PY
done
if [ "$runs" -ge 2 ]; then
  "${conclab[@]}" compare --diff "$out/all-1.json" "$out/all-2.json" > "$out/diff.txt"
  echo "  run 1 -> run 2: $(tail -n 1 "$out/diff.txt")"
fi
start=$(date +%s.%N)
"${conclab[@]}" compare --no-progress > "$out/default.txt"
end=$(date +%s.%N)
t=$(python3 -c "print(f'{$end - $start:.0f}')")
if [ "$t" -le 60 ]; then echo "  default compare took $t s ok"; else echo "  default compare took $t s FAIL (over 60 s)"; fail=1; fi
exit $fail
