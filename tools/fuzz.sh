#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ with clang-14 (ASan + UBSan) and runs each for a short while
# on the seed corpora (fuzz/seeds.sh). Installs clang-14 and libclang-rt-14-dev when missing.
# Prints executions and coverage per target; exit status 1 when a target found a crash, a leak or a
# timeout (its input is saved under BUILD/fuzz/found/<target>/: copy it into fuzz/crashers/<target>/,
# where the normal build's ctest replays it, and fix the bug).
#
# Usage: tools/fuzz.sh [TARGET...]          (default: every target)
# Environment: FUZZ_SECONDS per target (default 50), FUZZ_BUILD_DIR (default build-fuzz),
#              FUZZ_JOBS build parallelism (default: nproc).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS:-50}
build=${FUZZ_BUILD_DIR:-build-fuzz}
jobs=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 2)}
all_targets=(properties flink_legacy flink_yaml es_json jvm_options project rule_pack fix yaml_events)
targets=("$@")
((${#targets[@]})) || targets=("${all_targets[@]}")

missing=()
for p in clang-14 libclang-rt-14-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  echo "Installing: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
tools/install-deps.sh

echo "== Fuzz build (clang-14, libFuzzer, ASan + UBSan) in $build"
cmake -S . -B "$build" -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSTREAMLINT_FUZZ=ON \
  -DSTREAMLINT_TESTS=OFF -DSTREAMLINT_WERROR=OFF >/dev/null
cmake --build "$build" --target fuzz_all -j"$jobs"

corpus="$build/fuzz/corpus"
fuzz/seeds.sh "$corpus" >/dev/null

echo "== Fuzzing, ${seconds}s a target"
export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
failed=()
report=()
for t in "${targets[@]}"; do
  found="$build/fuzz/found/$t"
  log="$build/fuzz/$t.log"
  mkdir -p "$found" "$corpus/$t"
  dict=()
  [[ -f fuzz/dict/$t.dict ]] && dict=("-dict=fuzz/dict/$t.dict")
  status=0
  "$build/fuzz/fuzz_$t" "${dict[@]}" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2560 \
    -max_len=16384 -print_final_stats=1 -artifact_prefix="$found/" "$corpus/$t" >"$log" 2>&1 || status=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  units=$(find "$corpus/$t" -type f | wc -l)
  result=ok
  if ((status != 0)); then
    why=$(grep -m1 -o 'ERROR: [A-Za-z]*: [^ ]*\|deadly signal\|out-of-memory' "$log" | head -1 || true)
    result="FAILED (${why:-exit $status})"
    failed+=("$t")
  fi
  report+=("$(printf '%-13s %12s %9s %7s %7s  %s' "$t" "${execs:-?}" "${rate:-?}" "${cov:-?}" "$units" "$result")")
done

printf '%-13s %12s %9s %7s %7s  %s\n' target executions exec/s cov corpus result
printf '%s\n' "${report[@]}"
if ((${#failed[@]})); then
  for t in "${failed[@]}"; do
    echo "fuzz_$t failed: see $build/fuzz/$t.log; inputs in $build/fuzz/found/$t/ (save them in fuzz/crashers/$t/)" >&2
  done
  exit 1
fi
