#!/usr/bin/env bash
# The pre-commit hook (.pre-commit-hooks.yaml) run by the real pre-commit, from a hooks repository
# as users reference it, on a project with configs streamlint reads and files it does not.
# Usage: pre_commit.sh BINARY_DIR SOURCE_DIR      (skipped, exit 77, without pre-commit or git)
set -euo pipefail
bindir=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
for tool in pre-commit git python3; do
  if ! command -v "$tool" >/dev/null; then
    echo "SKIP: $tool is not installed"
    exit 77
  fi
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
pass=0
ok() { echo "ok: $*"; pass=$((pass + 1)); }

export HOME="$tmp/home" PRE_COMMIT_HOME="$tmp/pre-commit-cache" PATH="$bindir:$PATH"
export GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@example.invalid GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=test@example.invalid
export GIT_CONFIG_NOSYSTEM=1 NO_COLOR=1
mkdir -p "$HOME"
unset GITHUB_ACTIONS CI_PROJECT_DIR
git config --global init.defaultBranch main
git config --global protocol.file.allow always

# The files pattern selects exactly the kinds streamlint recognises.
python3 - "$src/.pre-commit-hooks.yaml" <<'PY' || fail "the files pattern"
import re, sys
text = open(sys.argv[1]).read()
patterns = set(re.findall(r"^  files: '(.*)'$", text, re.M))
if len(patterns) != 1:
    print("the hooks' files patterns differ:", patterns)
    sys.exit(1)
rx = re.compile(patterns.pop())
# Every name streamlint may read (some only by content: config.yaml, *.json, Kubernetes *.yaml) ...
yes = ["server.properties", "kafka/producer.properties", "a/b/consumer.properties", "connect-distributed.properties",
       "flink-conf.yaml", "conf/flink-conf.yml", "flink-conf-prod.yaml", "flink/config.yaml", "Config.YAML",
       "es/index-settings.json", "template.json", "jvm.options", "es/jvm.options.d/heap.options",
       "SERVER.PROPERTIES", "docker-compose.yml", "compose.yaml", "k8s/deployment.yaml"]
# ... and no name it never reads.
no = ["README.md", "src/main.cpp", "heap.options", "jvm.options.bak", "config.yaml.orig", "notes.txt",
      "Dockerfile", "settings.gradle", "pom.xml"]
bad = [n for n in yes if not rx.search(n)] + [n for n in no if rx.search(n)]
if bad:
    print("misclassified:", bad)
    sys.exit(1)
PY
ok "the files pattern matches every name streamlint may read and nothing else"

# A hooks repository holding the manifest, as users reference it with repo: and rev:.
mkdir "$tmp/hooks"
cp "$src/.pre-commit-hooks.yaml" "$tmp/hooks/"
git -C "$tmp/hooks" init -q
git -C "$tmp/hooks" add .pre-commit-hooks.yaml
git -C "$tmp/hooks" commit -qm hooks
rev=$(git -C "$tmp/hooks" rev-parse HEAD)

proj="$tmp/project"
mkdir -p "$proj/kafka" "$proj/es"
cd "$proj"
git init -q
cat >.pre-commit-config.yaml <<YAML
repos:
  - repo: $tmp/hooks
    rev: $rev
    hooks:
      - id: streamlint
        args: [--select, S]
YAML
printf 'num.io.threads=8\nnum.io.threads=16\n' >kafka/server.properties
printf 'log4j.rootLogger=INFO, stdout\n' >kafka/log4j.properties     # matched by *.properties, not a Kafka config
printf '{"name": "x", "version": "1.0.0"}\n' >package.json            # matched by *.json, not an index body
printf '{"settings": {"index": {"number_of_shards": 1}}}\n' >es/index.json
printf '# notes\n' >README.md
printf 'replicaCount: 1\nimage: {tag: latest}\n' >values.yaml    # matched by *.yaml, a Helm values file
git add -A
git commit -qm "initial" --no-verify

set +e
out=$(pre-commit run --all-files 2>&1)
status=$?
set -e
echo "$out"
[[ $status -eq 1 ]] || fail "pre-commit run should fail on the duplicate key (status $status)"
grep -q 'kafka/server.properties:1:1: warning\[S002\]' <<<"$out" || fail "the finding is not in the hook's output"
grep -q 'cannot tell what kind' <<<"$out" && fail "a file streamlint does not read stopped the hook"
ok "pre-commit run --all-files fails with the finding at its line; unrelated files are skipped"

printf 'num.io.threads=16\n' >kafka/server.properties
git add -A
out=$(pre-commit run --all-files 2>&1) || fail "pre-commit run should pass once fixed: $out"
grep -q 'streamlint.*Passed' <<<"$out" || fail "the hook did not report Passed: $out"
ok "pre-commit run --all-files passes once the config is fixed"

# As a git hook: a commit that adds a broken config is refused, a good one goes through.
pre-commit install -q >/dev/null 2>&1 || pre-commit install >/dev/null
git commit -qm "fixed" >/dev/null 2>&1 || fail "committing the fixed config"
printf 'a=1\na=2\n' >kafka/producer.properties
git add kafka/producer.properties
if git commit -qm "broken" >"$tmp/commit.log" 2>&1; then
  fail "the commit of a broken config went through"
fi
grep -q 'kafka/producer.properties:1:1: warning\[S002\]' "$tmp/commit.log" || fail "$(cat "$tmp/commit.log")"
printf 'a=2\n' >kafka/producer.properties
git add kafka/producer.properties
git commit -qm "producer" >/dev/null 2>&1 || fail "the commit of the fixed config was refused"
ok "as a git hook it refuses a commit that adds a broken config and lets the fixed one through"
echo "$pass passed, 0 failed"
