#!/usr/bin/env bash
# streamlint's benchmark: lints generated deploy directories (bench/gen_corpus.py; 10, 100 and 1000
# directories of 7.5 files each) and compares with only reading the same files (bench/read_files.cpp),
# then measures start-up on one tiny file. Prints a Markdown table: wall time (median of RUNS), CPU
# time, files/s, MB/s, peak RSS, and the ratio to reading.
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

# measure CMD...: runs it RUNS times in the corpus directory; prints "wall_ms cpu_ms maxrss_kib" (median
# wall time, the CPU time and peak RSS of that run).
measure() {
  local i out results=()
  for ((i = 0; i < runs; i++)); do
    local t0 t1
    t0=$(date +%s%N)
    /usr/bin/time -o "$work/time.out" -f '%U %S %M' "$@" >/dev/null 2>&1 || true
    out=$(tail -1 "$work/time.out")
    t1=$(date +%s%N)
    read -r u s m <<<"$out"
    results+=("$(( (t1 - t0) / 1000000 )) $(awk -v u="$u" -v s="$s" 'BEGIN { printf "%d", (u + s) * 1000 }') $m")
  done
  printf '%s\n' "${results[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p"
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
  read -r wall cpu rss < <(cd "$corpus" && measure "$bin" check .)
  read -r rwall _ _ < <(cd "$corpus" && measure "$reader" .)
  awk -v n="$n" -v f="$files" -v b="$bytes" -v w="$wall" -v c="$cpu" -v r="$rss" -v rw="$rwall" 'BEGIN {
    ws = (w > 0 ? w : 1) / 1000
    printf "| %d | %d | %.1f | %d ms | %d ms | %.0f | %.1f | %.1f MiB | %d ms | %.1f× |\n",
           n, f, b / 1e6, w, c, f / ws, b / 1e6 / ws, r / 1024, rw, w / (rw > 0 ? rw : 1)
  }'
done

# Start-up: one tiny file, many runs.
tiny="$work/tiny"
mkdir -p "$tiny"
printf 'num.io.threads=16\n' >"$tiny/server.properties"
echo
if command -v hyperfine >/dev/null 2>&1; then
  (cd "$tiny" && hyperfine -N --warmup 20 -i "$bin check server.properties")
else
  startup_runs=${STARTUP_RUNS:-200}
  (
    cd "$tiny"
    for ((i = 0; i < 20; i++)); do "$bin" check server.properties >/dev/null || true; done
    t0=$(date +%s%N)
    for ((i = 0; i < startup_runs; i++)); do "$bin" check server.properties >/dev/null || true; done
    t1=$(date +%s%N)
    cpu=$( { /usr/bin/time -f '%U %S' bash -c "for ((i = 0; i < $startup_runs; i++)); do '$bin' check server.properties >/dev/null || true; done" ; } 2>&1 | tail -1)
    awk -v t="$(( (t1 - t0) / 1000 ))" -v n="$startup_runs" -v c="$cpu" 'BEGIN {
      split(c, p, " ")
      printf "start-up (check one tiny file, %d runs): %.2f ms wall, %.2f ms CPU per run\n", n, t / n / 1000, (p[1] + p[2]) * 1000 / n
    }'
  )
fi
