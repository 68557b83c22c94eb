#!/usr/bin/env bash
# Start-up timeline of `conclab map` (the note's Pool.map) for the parent JVM and one worker JVM:
# when each phase begins, from the JVMs' own class-loading and start-up logs (-Xlog with
# wall-clock millisecond stamps, so the parent's and the workers' logs line up), plus the
# process's exit as the shell sees it.
#
#   bench/scripts/startup-timeline.sh [conclab map options...]     # default: --task squares --n 10000
#   CONCLAB_JAR=/path/conclab.jar bench/scripts/startup-timeline.sh
#
# The logging itself costs a little (a few ms per thousand classes). Run it twice: the first run
# after a build also writes the workers' class-data archive.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
. "$root/bin/jdk.sh"
conclab_use_jdk || exit 1
java="$JAVA_HOME/bin/java"
jar=${CONCLAB_JAR:-$root/cli/target/conclab.jar}
[ -f "$jar" ] || { echo "startup-timeline: no $jar (run ./conclab --version to build it)" >&2; exit 1; }
[ $# -gt 0 ] || set -- --task squares --n 10000
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
unsafe=()
[ "$(conclab_jdk_version "$JAVA_HOME")" -ge 24 ] && unsafe=(--sun-misc-unsafe-memory-access=allow)
t0=$(date +%s%3N)
JAVA_TOOL_OPTIONS="-Xlog:class+load=info,startuptime=info:file=$logs/%p.log:tm,um" \
  "$java" "${unsafe[@]}" -jar "$jar" map "$@" 2>&1 | grep -v 'Picked up JAVA_TOOL_OPTIONS' || true
t1=$(date +%s%3N)
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"
python3 - "$logs" "$t0" "$t1" <<'EOF'
import os, re, sys
logs, t0, t1 = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
line = re.compile(r"^\[(\d+)ms\]\[(\d+)ms\] (.*)$")
def read(path):
    ev = []
    for l in open(path, errors="replace"):
        m = line.match(l.rstrip("\n"))
        if m:
            ev.append((int(m.group(1)), int(m.group(2)), m.group(3)))
    return ev
runs = {}
for f in os.listdir(logs):
    ev = read(os.path.join(logs, f))
    if ev:
        runs[f] = ev
def first(ev, needle):
    for tm, um, text in ev:
        if needle(text):
            return tm
    return None
def cls(name):
    return lambda t: t.startswith(name + " source:")
parent = next(e for e in runs.values() if first(e, cls("dev.conclab.cli.Main")))
workers = [e for e in runs.values() if e is not parent and first(e, cls("dev.conclab.pool.internal.WorkerMain"))]
start = parent[0][0] - parent[0][1]
def row(what, tm):
    if tm is not None:
        print(f"| {tm - start:6d} | {what} |")
print(f"\n| ms since the parent JVM started | event |\n|---:|---|")
print(f"| {t0 - start:6d} | shell starts the java command |")
row("parent: JVM created (Create VM done)", first(parent, lambda t: t.startswith("Create VM")))
row("parent: main class loaded", first(parent, cls("dev.conclab.cli.Main")))
row("parent: picocli loaded", first(parent, cls("picocli.CommandLine")))
row("parent: map command built (picocli reads its options)", first(parent, cls("dev.conclab.cli.MapCommand")))
row("parent: arguments parsed, model registry", first(parent, cls("dev.conclab.model.ExecutionModels")))
row("parent: pool engine (create begins)", first(parent, cls("dev.conclab.pool.internal.PoolEngine")))
row("parent: first worker command built (archive looked up)", first(parent, cls("dev.conclab.pool.internal.Launcher$Cds")))
for i, w in enumerate(sorted(workers, key=lambda e: e[0][0] - e[0][1])):
    ws = w[0][0] - w[0][1]
    row(f"worker {i + 1}: process started", ws)
    row(f"worker {i + 1}: JVM created", first(w, lambda t: t.startswith("Create VM")))
    row(f"worker {i + 1}: WorkerMain loaded", first(w, cls("dev.conclab.pool.internal.WorkerMain")))
    row(f"worker {i + 1}: connects to the parent", first(w, cls("sun.nio.ch.UnixDomainSockets")))
    row(f"worker {i + 1}: init received (filter set up)", first(w, cls("dev.conclab.pool.internal.SerialFilter")))
    row(f"worker {i + 1}: first function received (lambda deserialized)", first(w, cls("java.lang.invoke.SerializedLambda")))
    row(f"worker {i + 1}: exits", first(w, cls("java.lang.Shutdown")))
    n = len([e for e in w if " source: " in e[2]])
    shared = len([e for e in w if "shared objects file" in e[2]])
    print(f"|        | worker {i + 1}: {n} classes loaded, {shared} from the class-data archive |")
row("parent: first worker handshake", first(parent, cls("dev.conclab.pool.internal.Link")))
row("parent: exit begins", first(parent, cls("java.lang.Shutdown")))
print(f"| {t1 - start:6d} | the shell sees the process end |")
n = len([e for e in parent if " source: " in e[2]])
shared = len([e for e in parent if "shared objects file" in e[2]])
print(f"\nparent: {n} classes loaded, {shared} from the JDK's or an archive's shared classes")
EOF
