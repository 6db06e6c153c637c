#!/usr/bin/env bash
# Regenerates docs/rules/ from the rules' metadata (the same text `streamlint explain` prints).
# The test suite fails when docs/rules/ is stale.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --build build --target streamlint -j"$(nproc)" >/dev/null
build/streamlint rules --write-docs docs/rules
