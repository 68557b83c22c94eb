#!/usr/bin/env bash
# Benchmark for the `cluster` model (issue 7), on one machine:
#   1. overhead per task: the seed's squares (n*n, tiny tasks) on `processes` and on `cluster`
#      (one embedded member) with the same number of workers, chunksize 1 and the default chunksize;
#      reported as wall time / n.
#   2. speedup of 2 members versus 1 on CPU work: `conclab compare`'s primes workload at full scale
#      (192 tasks, each counting the primes in its own block of 100,000 numbers: about 26 ms of
#      work, so the figure is about the CPU, not the per-task overhead of part 1), chunksize 1.
#      Each member is its own JVM started with `conclab member --threads 1`,
#      -XX:ActiveProcessorCount=1 and, when taskset is there and the machine has 2+ cores, pinned
#      to its own core (taskset -c 0 / -c 1). The driver (`conclab compare --models
#      cluster:members=...`) joins as a lite member, runs no tasks and is not pinned.
#
#   bench/scripts/cluster-bench.sh [N_SQUARES=20000] [WORKERS=2]
#   REPEAT=3 bench/scripts/cluster-bench.sh                      # best of 3 runs per cell (part 1)
#   CONCLAB_JAR=/path/conclab.jar bench/scripts/cluster-bench.sh  # skip the build
#   PART=overhead|speedup bench/scripts/cluster-bench.sh          # one part only
#
# Part 1 times are `conclab map --json`'s wallMs: the map alone (JVM start, pool start-up and
# cluster join excluded). Part 2 times are `conclab compare`'s median of 3 runs after a warm-up,
# beside the sequential baseline it measures in the same JVM. Member JVMs are stopped with SIGTERM
# at the end (and on Ctrl-C).
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
n_squares=${1:-20000}
workers=${2:-2}
repeat=${REPEAT:-1}
part=${PART:-all}

. "$root/bench/scripts/lib.sh"
bench_use_conclab
jvm_opts=(-Xmx1g)
if [ "$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p')" -ge 23 ]; then
  jvm_opts+=(--sun-misc-unsafe-memory-access=allow)   # quiet the JDK's warning about Hazelcast's Unsafe use
fi

# Prints the best (lowest) wallMs of $repeat runs of `conclab map` with the given arguments.
best_ms() {
  local best= ms i
  for ((i = 0; i < repeat; i++)); do
    ms=$("$java" "${jvm_opts[@]}" -jar "$jar" map --json "$@" 2>/dev/null | sed -n 's/.*"wallMs":\([0-9.]*\).*/\1/p')
    if [ -z "$ms" ]; then
      echo "cluster-bench: conclab map $* failed:" >&2
      "$java" "${jvm_opts[@]}" -jar "$jar" map "$@" >&2 || true
      exit 1
    fi
    if [ -z "$best" ] || awk "BEGIN{exit !($ms < $best)}"; then best=$ms; fi
  done
  printf '%s' "$best"
}

if [ "$part" = all ] || [ "$part" = overhead ]; then
  echo "== overhead per task: squares, n=$n_squares, $workers workers (best of $repeat)"
  printf '%-32s %-10s %12s %14s\n' model chunksize wall_ms us_per_task
  for model in "processes:workers=$workers" "cluster:workers=$workers"; do
    for chunk in 1 default; do
      args=(--task squares --n "$n_squares" --model "$model")
      [ "$chunk" = default ] || args+=(--chunksize "$chunk")
      ms=$(best_ms "${args[@]}")
      printf '%-32s %-10s %12.1f %14.2f\n' "$model" "$chunk" "$ms" "$(awk "BEGIN{print $ms * 1000 / $n_squares}")"
    done
  done
fi

if [ "$part" = all ] || [ "$part" = speedup ]; then
  cluster="conclab-bench-$$"
  read -r port_a port_b < <(python3 -c 'import socket
s=[socket.socket() for _ in range(2)]
[x.bind(("127.0.0.1",0)) for x in s]
print(*[x.getsockname()[1] for x in s])' 2>/dev/null || echo "5801 5802")
  members="127.0.0.1:$port_a,127.0.0.1:$port_b"
  pids=()
  logs=$(mktemp -d)
  cleanup() {
    for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
    for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
    rm -rf "$logs"
  }
  trap cleanup EXIT INT TERM
  pin=
  if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then pin=yes; fi

  # Starts a member on core $1 and port $2, and waits until it has joined.
  start_member() {
    local core=$1 port=$2 log="$logs/member-$2.log"
    local cmd=("$java" "${jvm_opts[@]}" -XX:ActiveProcessorCount=1 -jar "$jar" member
      --port "$port" --members "$members" --cluster-name "$cluster" --threads 1)
    if [ -n "$pin" ]; then cmd=(taskset -c "$core" "${cmd[@]}"); fi
    "${cmd[@]}" >"$log" 2>&1 &
    pids+=($!)
    local rc=0
    bench_wait_for "$!" 1200 0.1 grep -q '^conclab member' "$log" || rc=$?
    case $rc in
      0) ;;
      1) echo "cluster-bench: member failed:" >&2; cat "$log" >&2; exit 1 ;;
      *) echo "cluster-bench: member on port $port did not start in 120 s" >&2; exit 1 ;;
    esac
  }

  spec="cluster:members=127.0.0.1:$port_a+127.0.0.1:$port_b,clusterName=$cluster,chunksize=1"
  # Prints "<sequential wallMs> <cluster wallMs>" from one `conclab compare` of primes.
  compare_ms() {
    local csv
    csv=$("$java" "${jvm_opts[@]}" -jar "$jar" compare --workloads primes --scale full --models "$spec" \
      --format csv --no-progress 2>"$logs/compare.err") || true
    # columns: model,workload,kind,tasks,unit,wallMs,...; the cluster spec is quoted (it holds commas)
    local seq clu
    seq=$(printf '%s\n' "$csv" | awk -F, '$1 == "sequential" {print $6}')
    clu=$(printf '%s\n' "$csv" | awk '/^"cluster:/ {sub(/^"[^"]*",/, "cluster,"); split($0, f, ","); print f[6]}')
    if [ -z "$seq" ] || [ -z "$clu" ]; then
      echo "cluster-bench: conclab compare --models $spec failed:" >&2
      printf '%s\n' "$csv" >&2
      cat "$logs/compare.err" >&2
      exit 1
    fi
    printf '%s %s\n' "$seq" "$clu"
  }

  echo "== speedup: compare's primes at full scale (192 tasks x 100,000 numbers), chunksize 1, members with 1 core each${pin:+ (taskset)}"
  start_member 0 "$port_a"
  read -r seq_one one < <(compare_ms)
  start_member 1 "$port_b"
  read -r seq_two two < <(compare_ms)
  printf '%-24s %12s %18s\n' run wall_ms sequential_wall_ms
  printf '%-24s %12.1f %18.1f\n' "1 member" "$one" "$seq_one" "2 members" "$two" "$seq_two"
  printf 'speedup 2 vs 1: %.2fx\n' "$(awk "BEGIN{print $one / $two}")"
fi
