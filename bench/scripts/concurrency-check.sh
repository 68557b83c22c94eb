#!/usr/bin/env bash
# Long runs of conclab's concurrency checks (the build runs them briefly):
#   - Lincheck's model checker on the Gil (GilLincheckTest) and fetch's ReorderWindow
#     (ReorderWindowLincheckTest), with INVOCATIONS interleavings per scenario (build: 100);
#   - the aio Queue/Semaphore schedule fuzzer for FUZZ_TIME (bench/scripts/fuzz.sh aio).
#
#   bench/scripts/concurrency-check.sh [INVOCATIONS=20000] [FUZZ_TIME=10m]
#
# Prints each check's result and time; exits 1 if any check fails (Lincheck prints the
# interleaving that breaks it, the fuzzer the program).
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
invocations=${1:-20000}
fuzz_time=${2:-10m}
if ! [[ "$invocations" =~ ^[0-9]+$ ]] || [ "$invocations" -lt 1 ]; then
  echo "concurrency-check: bad INVOCATIONS '$invocations' (expected a positive number)" >&2
  exit 2
fi
. "$root/bin/jdk.sh"
conclab_use_jdk || exit 1
cd "$root"
status=0
run() { # module test
  local start=$SECONDS
  if ./mvnw -q -B -pl "$1" -am test -Dtest="$2" -Dsurefire.failIfNoSpecifiedTests=false \
      -Dconclab.lincheck.invocations="$invocations" \
      >"$root/$1/target/concurrency-check-$2.log" 2>&1; then
    echo "concurrency-check: $2: $invocations invocations per scenario, passed in $((SECONDS - start))s"
  else
    echo "concurrency-check: $2: FAILED after $((SECONDS - start))s; see $root/$1/target/concurrency-check-$2.log and $1/target/surefire-reports" >&2
    status=1
  fi
}
mkdir -p core/target fetch/target
run core GilLincheckTest
run fetch ReorderWindowLincheckTest
bench/scripts/fuzz.sh aio "$fuzz_time" || status=1
exit $status
