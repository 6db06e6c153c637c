#!/usr/bin/env bash
# streamlint's benchmark: lints generated deploy directories (bench/gen_corpus.py; 10, 100 and 1000
# directories of 7.5 files each) and compares with only reading the same files (bench/read_files.cpp,
# run alternately with streamlint), then measures start-up on one tiny file (bench/spawn_time.cpp).
# Prints a Markdown table: wall time (median of RUNS), CPU time, files/s, MB/s, peak RSS, and the
# ratio to reading.
#
# Never run by ctest or CI (timings depend on the machine). Usage:
#   bench/run.sh          environment: BUILD=build-bench RUNS=5 SIZES="10 100 1000" BENCH_DIR=/tmp/streamlint-bench
#                         BIN=path/to/streamlint (another binary, e.g. to compare before and after a change)
# The streamlint binary is $BIN, else $BUILD/streamlint (a Release build, configured and built when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD:-build-bench}
runs=${RUNS:-5}
sizes=${SIZES:-10 100 1000}
work=${BENCH_DIR:-/tmp/streamlint-bench}
mkdir -p "$work"
work=$(realpath "$work")

if [[ -n ${BIN:-} ]]; then
  bin=$(realpath "$BIN")
else
  if [[ ! -x $build/streamlint ]]; then
    cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DSTREAMLINT_TESTS=OFF >/dev/null
    cmake --build "$build" --target streamlint -j"${JOBS:-1}" >/dev/null
  fi
  bin=$(realpath "$build/streamlint")
fi
echo "streamlint: $bin ($("$bin" --version))"
reader="$work/read_files"
if [[ ! -x $reader || bench/read_files.cpp -nt $reader ]]; then
  c++ -O2 -std=c++20 -o "$reader" bench/read_files.cpp
fi

spawner="$work/spawn_time"
if [[ ! -x $spawner || bench/spawn_time.cpp -nt $spawner ]]; then
  c++ -O2 -std=c++20 -o "$spawner" bench/spawn_time.cpp
fi

# measure_pair: runs streamlint and the reader RUNS times each, alternately (the VM's speed drifts by
# a fifth from minute to minute: both see the same minutes), in the corpus directory, with
# posix_spawn and nothing in between (bench/spawn_time.cpp); prints "wall_ms cpu_ms maxrss_kib
# read_wall_ms": streamlint's median wall, mean CPU and largest peak RSS, and the reader's median wall.
measure_pair() {
  local median cpu rss rmedian
  {
    read -r median _ _ cpu rss
    read -r rmedian _
  } < <("$spawner" --warmup 1 "$runs" "$bin" check . --vs "$reader" .)
  echo "$median $cpu $rss $rmedian"
}

printf '| dirs | files | MB | streamlint wall | CPU | files/s | MB/s | peak RSS | read only | ratio |\n'
printf '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n'
for n in $sizes; do
  corpus="$work/corpus-$n"
  if [[ ! -d $corpus ]]; then
    python3 bench/gen_corpus.py --dirs "$n" --out "$corpus" >/dev/null
  fi
  files=$(find "$corpus" -type f | wc -l)
  bytes=$(find "$corpus" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')
  cat $(find "$corpus" -type f) >/dev/null  # warm the page cache
  read -r wall cpu rss rwall < <(cd "$corpus" && measure_pair)
  awk -v n="$n" -v f="$files" -v b="$bytes" -v w="$wall" -v c="$cpu" -v r="$rss" -v rw="$rwall" 'BEGIN {
    ws = (w > 0 ? w : 1) / 1000
    printf "| %d | %d | %.1f | %.0f ms | %.0f ms | %.0f | %.1f | %.1f MiB | %.0f ms | %.1f× |\n",
           n, f, b / 1e6, w, c, f / ws, b / 1e6 / ws, r / 1024, rw, w / (rw > 0 ? rw : 1)
  }'
done

# Start-up: one tiny file, many runs, each started with posix_spawn as hyperfine -N does (a shell
# loop adds the shell's own fork, 2 ms a run on the benchmark VM), beside a static program that does
# nothing: what starting any process costs on this machine.
tiny="$work/tiny"
mkdir -p "$tiny"
printf 'num.io.threads=16\n' >"$tiny/server.properties"
noop="$work/noop"
if [[ ! -x $noop ]]; then
  printf 'int main(void) { return 0; }\n' >"$work/noop.c"
  cc -O2 -static -o "$noop" "$work/noop.c" 2>/dev/null || cc -O2 -o "$noop" "$work/noop.c"
fi
startup_runs=${STARTUP_RUNS:-300}
echo
(
  cd "$tiny"
  read -r median mean fastest cpu _ < <("$spawner" "$startup_runs" "$bin" check server.properties)
  read -r nmedian _ nfastest _ < <("$spawner" "$startup_runs" "$noop")
  printf 'start-up (check one tiny file, %d runs): %s ms median, %s ms mean, %s ms fastest, %s ms CPU a run; ' \
    "$startup_runs" "$median" "$mean" "$fastest" "$cpu"
  printf 'a static program that does nothing: %s ms median, %s ms fastest\n' "$nmedian" "$nfastest"
)
