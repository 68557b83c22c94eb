#!/usr/bin/env bash
# Fuzzes one of conclab's Jazzer @FuzzTests for a given time (the build only replays their
# committed corpus). Prints the inputs tried and any finding; exits 1 when there is a finding.
#
#   bench/scripts/fuzz.sh TARGET [DURATION=10m]     # DURATION: 90s, 10m, 2h
#   bench/scripts/fuzz.sh all 5m                     # every target, one after the other
#
# Targets:
#   link        core   WorkerLinkFuzzTest   a worker's bytes as the parent's reader decodes them
#   model-spec  core   ModelSpecFuzzTest    ModelSpec.parse, and print/parse round trips
#   specs       cli    SpecParsersFuzzTest  every command's options as picocli converts them,
#                                           durations, sizes, URLs, headers, modes, model lists
#   items       server ItemsRequestFuzzTest GET /items requests on a raw socket to the real server
#   aio         aio    QueueSemaphoreScheduleFuzzTest  programs of tasks on one loop using a Queue
#                                           and a Semaphore, checked against a sequential model
#
# It runs the @FuzzTest method with Jazzer's own driver (com.code_intelligence.jazzer.Jazzer,
# from the jazzer jar the tests already use), which takes a duration and a corpus directory;
# JAZZER_FUZZ=1 under Maven would fuzz as well, but only for the time fixed in the annotation.
# The corpus grows in MODULE/target/fuzz/TARGET/corpus (seeded from the committed inputs in
# src/test/resources/.../<Test>Inputs/<method>/); findings are written next to it as crash-*.
# To keep a finding as a regression input, fix the bug and copy the crash file into that
# Inputs directory. JVM options: FUZZ_JAVA_OPTS (default -Xmx1g).
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
target=${1:-}
duration=${2:-10m}

case "$duration" in
  *h) seconds=$(( ${duration%h} * 3600 )) ;;
  *m) seconds=$(( ${duration%m} * 60 )) ;;
  *s) seconds=${duration%s} ;;
  *[!0-9]*|'') echo "fuzz: bad duration '$duration' (expected e.g. 90s, 10m, 2h)" >&2; exit 2 ;;
  *) seconds=$duration ;;
esac
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -lt 1 ]; then
  echo "fuzz: bad duration '$duration' (expected e.g. 90s, 10m, 2h)" >&2
  exit 2
fi

describe() {
  case "$1" in
    link) echo "core dev.conclab.pool.internal.WorkerLinkFuzzTest anyBytesFromAWorker_decodeOrBreakTheLink_neverAnErrorOrAForeignInstance" ;;
    model-spec) echo "core dev.conclab.model.ModelSpecFuzzTest anyText_parsesToASpecThatRoundTrips_orIsRejectedWithAMessage" ;;
    specs) echo "cli dev.conclab.cli.SpecParsersFuzzTest anyOptionValueOrSpec_isAcceptedOrRejectedWithTheDocumentedError" ;;
    items) echo "server dev.conclab.server.ItemsRequestFuzzTest anyItemsRequest_isAnsweredBelow500_withoutInternals" ;;
    aio) echo "aio dev.conclab.aio.QueueSemaphoreScheduleFuzzTest anySchedule_matchesTheSequentialModel_andNoTaskIsLeftWaiting" ;;
    *) return 1 ;;
  esac
}

if [ "$target" = all ]; then
  status=0
  for t in link model-spec specs items aio; do
    "$0" "$t" "$duration" || status=1
  done
  exit $status
fi
if ! spec=$(describe "$target"); then
  echo "fuzz: unknown target '$target' (expected link, model-spec, specs, items, aio or all)" >&2
  exit 2
fi
read -r module class method <<<"$spec"

. "$root/bin/jdk.sh"
conclab_use_jdk || exit 1
cd "$root"
echo "fuzz: building $module's test classes" >&2
./mvnw -q -B -pl "$module" -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/fuzz/classpath.txt -Dmdep.includeScope=test >&2

work="$root/$module/target/fuzz/$target"
mkdir -p "$work/corpus"
inputs="$root/$module/src/test/resources/$(dirname "${class//.//}")/${class##*.}Inputs/$method"
if [ -d "$inputs" ]; then
  cp -n "$inputs"/* "$work/corpus/" 2>/dev/null || true
fi
cp_line="$root/$module/target/classes:$root/$module/target/test-classes:$(cat "$root/$module/target/fuzz/classpath.txt")"
log="$work/fuzz-$(date -u +%Y%m%dT%H%M%SZ).log"
before=$(find "$work" -maxdepth 1 -name 'crash-*' | wc -l)
echo "fuzz: $target ($class#$method) for ${seconds}s; log $log" >&2
cd "$work"
set +e
# shellcheck disable=SC2086
"$JAVA_HOME/bin/java" ${FUZZ_JAVA_OPTS:--Xmx1g} -XX:+EnableDynamicAgentLoading -cp "$cp_line" \
  com.code_intelligence.jazzer.Jazzer --target_class="$class" --target_method="$method" \
  -max_total_time="$seconds" -artifact_prefix="$work/" corpus >"$log" 2>&1
rc=$?
set -e
runs=$(grep -a -o 'Done [0-9]* runs in [0-9]* second' "$log" | tail -1 || true)
after=$(find "$work" -maxdepth 1 -name 'crash-*' | wc -l)
echo "fuzz: $target: ${runs:-no summary (see the log)}; corpus $(find corpus -type f | wc -l) inputs; findings $((after - before)); exit $rc"
if [ "$after" -gt "$before" ] || [ "$rc" -ne 0 ]; then
  grep -a -A12 '== Java Exception' "$log" | head -40 || true
  echo "fuzz: findings in $work (crash-*); fix the bug, then copy the file into $inputs" >&2
  exit 1
fi
