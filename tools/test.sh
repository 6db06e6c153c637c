#!/usr/bin/env bash
# Builds streamlint and runs every test twice: in a Release build, then under AddressSanitizer and
# UndefinedBehaviorSanitizer. Installs what is missing first. Exit status 0 only when all pass.
set -euo pipefail
cd "$(dirname "$0")/.."

tools/install-deps.sh --tests

jobs=$(nproc 2>/dev/null || echo 2)

echo "== Release build and tests"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DSTREAMLINT_WERROR=ON >/dev/null
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs"

echo "== AddressSanitizer + UndefinedBehaviorSanitizer build and tests"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DSTREAMLINT_SANITIZE=ON -DSTREAMLINT_WERROR=ON >/dev/null
cmake --build build-asan -j"$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j"$jobs"
