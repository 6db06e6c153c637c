#!/usr/bin/env bash
# Assembles the seed corpora of the fuzz targets into OUT/<target>/ (default build-fuzz/fuzz/corpus):
# the example configs, every rule's documented examples (docs/rules/*.md), the golden fix inputs,
# the rule packs, a few project files, the saved crashers, and the upstream corpus in ../shared when
# it is there. Nothing is copied into the repository; seeds are named by content, so running this
# again adds nothing twice.
# Usage: fuzz/seeds.sh [OUT]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-build-fuzz/fuzz/corpus}
shared=../shared/corpus/upstream
targets=(properties flink_legacy flink_yaml es_json jvm_options project rule_pack fix yaml_events)
for t in "${targets[@]}"; do mkdir -p "$out/$t"; done

# seed TARGET FILE [PREFIX-BYTE]: copies FILE, named by its content (with a leading byte for the
# fix target's kind).
seed() {
  local target=$1 file=$2 prefix=${3:-}
  local tmp
  tmp=$(mktemp)
  if [[ -n $prefix ]]; then printf "\\x$(printf %02x "$prefix")" >"$tmp"; fi
  cat "$file" >>"$tmp"
  local sum
  sum=$(sha1sum "$tmp" | cut -c1-16)
  mv "$tmp" "$out/$target/seed-$sum"
  # The YAML subset reader is held to yaml-cpp on every YAML seed.
  if [[ $target == flink_yaml || $target == project ]]; then cp "$out/$target/seed-$sum" "$out/yaml_events/"; fi
}

# The fix target's first byte is the kind (fuzz_fix.cpp): 0 broker, 1 producer, 2 consumer,
# 3 connect, 4 zookeeper, 5 flink-conf.yaml, 6 config.yaml, 7 index JSON, 8 jvm.options.
seed_by_name() {
  local file=$1 name
  name=$(basename "$file")
  case "$name" in
    *producer*.properties) seed properties "$file"; seed fix "$file" 1 ;;
    *consumer*.properties) seed properties "$file"; seed fix "$file" 2 ;;
    connect*.properties | *mirror*.properties) seed properties "$file"; seed fix "$file" 3 ;;
    zookeeper*.properties) seed properties "$file"; seed fix "$file" 4 ;;
    *.properties) seed properties "$file"; seed fix "$file" 0 ;;
    flink-conf*.yaml) seed flink_legacy "$file"; seed flink_yaml "$file"; seed fix "$file" 5 ;;
    *.yaml | *.yml) seed flink_yaml "$file"; seed flink_legacy "$file"; seed fix "$file" 6 ;;
    *.json) seed es_json "$file"; seed fix "$file" 7 ;;
    jvm.options | *.options) seed jvm_options "$file"; seed fix "$file" 8 ;;
  esac
}

while IFS= read -r -d '' f; do seed_by_name "$f"; done < <(find examples -type f -print0)
if [[ -d $shared ]]; then
  while IFS= read -r -d '' f; do seed_by_name "$f"; done < <(find "$shared" -type f -print0)
fi

# Every rule's examples: the first fenced block after "## Example" and the one after "Use instead:",
# given to the parsers of the kinds the rule applies to.
tmpdir=$(mktemp -d)
trap 'rm -rf "$tmpdir"' EXIT
for doc in docs/rules/[A-Z]*.md; do
  id=$(basename "$doc" .md)
  kinds=$(awk -F'|' '/^\| applies to/ { getline; getline; print $2; exit }' "$doc")
  awk -v dir="$tmpdir" -v id="$id" '
    /^```/ { if (inblock) { inblock = 0; close(file); next } else { n++; inblock = 1; file = dir "/" id "-" n; printf "" > file; next } }
    inblock { print > file }
  ' "$doc"
  for ex in "$tmpdir/$id"-*; do
    [[ -e $ex ]] || continue
    bytes=()
    case "$kinds" in *all*) bytes=(0 1 2 3 4 5 6 7 8) ;; esac
    [[ $kinds == *kafka-broker* ]] && bytes+=(0)
    [[ $kinds == *kafka-producer* ]] && bytes+=(1)
    [[ $kinds == *kafka-consumer* ]] && bytes+=(2)
    [[ $kinds == *kafka-connect* ]] && bytes+=(3)
    [[ $kinds == *zookeeper* ]] && bytes+=(4)
    [[ $kinds == *flink* ]] && bytes+=(5 6)
    [[ $kinds == *elasticsearch* ]] && bytes+=(7)
    [[ $kinds == *jvm* ]] && bytes+=(8)
    for b in "${bytes[@]}"; do
      seed fix "$ex" "$b"
      case $b in
        0 | 1 | 2 | 3 | 4) seed properties "$ex" ;;
        5) seed flink_legacy "$ex" ;;
        6) seed flink_yaml "$ex" ;;
        7) seed es_json "$ex" ;;
        8) seed jvm_options "$ex" ;;
      esac
    done
    rm -f "$ex"
  done
done

# Rule packs, and YAML shapes for the project file.
for f in rules/packs/*.yaml; do seed rule_pack "$f"; seed project "$f"; done
cat >"$tmpdir/project1" <<'YAML'
targets: {kafka: "3.9", flink: "1.20", elasticsearch: "8.15", jdk: 17}
select: [S]
ignore: [S004]
severity: {S002: error}
per-file-ignores: {"legacy/*.properties": [S011]}
fail-on: warning
deployment:
  kafka-broker:      {count: 3, cores: 4, memory: 16g, disk: {type: ssd, size: 1t}}
  flink-jobmanager:  {count: 1, cores: 2, memory: 4g}
  flink-taskmanager: {count: 3, cores: 8, memory: 16g}
  elasticsearch:     {count: 3, cores: 8, memory: 32g, disk: {type: ssd, size: 2t}}
workload: {events-per-second: 10000, bytes-per-second: 100m, latency-p95: 1s, retention: 168h}
YAML
cat >"$tmpdir/project2" <<'YAML'
targets:
  kafka: 4.0
  jdk: 1.8
rules: [rules]
baseline: .streamlint-baseline.json
select:
  - S0
  - duplicate-key
workload:
  retention: 7d
  latency-p95: 250ms
YAML
seed project "$tmpdir/project1"
seed project "$tmpdir/project2"
seed rule_pack "$tmpdir/project1"

# The saved crashers, each to its own target (and the fix target's to the fix target).
for t in "${targets[@]}"; do
  if [[ -d fuzz/crashers/$t ]]; then
    for f in fuzz/crashers/"$t"/*; do [[ -f $f ]] && seed "$t" "$f"; done
  fi
done
for t in "${targets[@]}"; do
  printf '%-14s %5d seeds\n' "$t" "$(find "$out/$t" -type f | wc -l)"
done
