#!/usr/bin/env bash
# What `cmake --install` and `cpack -G DEB` deliver, tried with the tools that read it.
# Usage: install.sh install|package BUILD_DIR SOURCE_DIR
#   install: cmake --install into a DESTDIR puts the binary, the man page and the completions in
#            place; groff/man render the page without warnings; bash and zsh accept the completions,
#            and both the page and the completions know every option `--help` lists.
#   package: cpack -G DEB builds a package whose contents and metadata are right (skipped, exit 77,
#            when dpkg-deb is missing).
set -euo pipefail
mode=$1
build=$(cd "$2" && pwd)
src=$(cd "$3" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
pass=0
ok() { echo "ok: $*"; pass=$((pass + 1)); }

# Every long option `--help` lists for each command.
help_options() {
  local bin=$1 cmd
  for cmd in check show rules explain advise; do
    "$bin" "$cmd" --help | grep -o -- '--[a-z][a-z-]*' || true
  done | sort -u
}

if [[ $mode == install ]]; then
  DESTDIR="$tmp/root" "${CMAKE:-cmake}" --install "$build" --prefix /usr >/dev/null
  for f in usr/bin/streamlint usr/share/man/man1/streamlint.1 \
           usr/share/bash-completion/completions/streamlint usr/share/zsh/vendor-completions/_streamlint; do
    [[ -f $tmp/root/$f ]] || fail "cmake --install did not put $f in place"
  done
  [[ -x $tmp/root/usr/bin/streamlint ]] || fail "the installed binary is not executable"
  "$tmp/root/usr/bin/streamlint" --version | grep -q '^streamlint ' || fail "the installed binary does not run"
  ok "cmake --install --prefix /usr: binary, man page, bash and zsh completions"

  DESTDIR="$tmp/local" "${CMAKE:-cmake}" --install "$build" --prefix /usr/local >/dev/null
  [[ -f $tmp/local/usr/local/share/zsh/site-functions/_streamlint ]] || fail "no zsh completion under /usr/local"
  ok "cmake --install --prefix /usr/local: zsh completion in site-functions"

  page="$tmp/root/usr/share/man/man1/streamlint.1"
  if command -v groff >/dev/null; then
    warnings=$(groff -man -Tutf8 -ww -z "$page" 2>&1)
    [[ -z $warnings ]] || fail "groff warns about the man page: $warnings"
    rendered=$(groff -man -Tutf8 -P-cbou "$page" 2>/dev/null)
    grep -q 'EXIT STATUS' <<<"$rendered" || fail "the rendered page has no EXIT STATUS section"
    ok "groff -man -ww renders the man page without warnings"
  else
    echo "skip: groff is not installed"
  fi
  if command -v man >/dev/null; then
    warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null)
    [[ -z $warnings ]] || fail "man -l warns: $warnings"
    ok "man -l renders the man page without warnings"
  fi

  bin="$tmp/root/usr/bin/streamlint"
  options=$(help_options "$bin")
  [[ -n $options ]] || fail "no options found in --help"
  for opt in $options; do
    [[ $opt == --help ]] && continue
    grep -qF -- "${opt//-/\\-}" "$page" || fail "the man page does not document $opt"
    grep -qF -- "$opt" "$src/completions/streamlint.bash" || fail "the bash completion does not know $opt"
    grep -qF -- "$opt" "$src/completions/_streamlint" || fail "the zsh completion does not know $opt"
  done
  for cmd in check show rules explain advise; do
    grep -q "^\.B.* $cmd\b\|^\.BR $cmd\b\|^\.BI $cmd\b" "$page" || fail "the man page does not document the command $cmd"
  done
  ok "the man page and both completions know every option of --help ($(wc -w <<<"$options") options)"

  completion="$tmp/root/usr/share/bash-completion/completions/streamlint"
  bash -n "$completion" || fail "bash -n rejects the bash completion"
  # Drive the completion function as bash does on TAB.
  result=$(cd "$tmp" && bash -c '
    source "$1"
    complete_words() { COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=(); _streamlint; echo "${COMPREPLY[*]}"; }
    echo "1:$(complete_words streamlint ch)"
    echo "2:$(complete_words streamlint check --fo)"
    echo "3:$(complete_words streamlint check --format "")"
    echo "4:$(complete_words streamlint show --format "")"
    echo "5:$(complete_words streamlint check --fail-on w)"
    echo "6:$(complete_words streamlint check --kind kafka-c)"
    echo "7:$(complete_words streamlint check --changed)"
    echo "8:$(complete_words streamlint check --write-b)"
    echo "9:$(complete -p streamlint)"
  ' _ "$completion")
  grep -qx '1:check' <<<"$result" || fail "completing 'ch': $result"
  grep -qx '2:--format' <<<"$result" || fail "completing '--fo': $result"
  grep -qx '3:text json sarif github gitlab junit checkstyle' <<<"$result" || fail "check --format: $result"
  grep -qx '4:text json' <<<"$result" || fail "show --format: $result"
  grep -qx '5:warning' <<<"$result" || fail "--fail-on: $result"
  grep -qx '6:kafka-consumer kafka-connect' <<<"$result" || fail "--kind: $result"
  grep -qx '7:--changed-since' <<<"$result" || fail "--changed: $result"
  grep -qx '8:--write-baseline' <<<"$result" || fail "--write-b: $result"
  grep -q '^9:complete .*-F _streamlint streamlint$' <<<"$result" || fail "not registered: $result"
  ok "bash -n accepts the bash completion, and it completes commands, options and values"

  if command -v zsh >/dev/null; then
    zsh -n "$tmp/root/usr/share/zsh/vendor-completions/_streamlint" || fail "zsh -n rejects _streamlint"
    # compinit finds it through $fpath and binds it to the command.
    bound=$(HOME=$tmp zsh -fc 'fpath=("$1" $fpath); autoload -Uz compinit; compinit -u -d "$2"; print -r -- ${_comps[streamlint]}' \
      _ "$tmp/root/usr/share/zsh/vendor-completions" "$tmp/zcompdump")
    [[ $bound == _streamlint ]] || fail "compinit does not bind _streamlint to streamlint: '$bound'"
    ok "zsh -n accepts _streamlint and compinit binds it"
  else
    echo "skip: zsh is not installed"
  fi
  echo "$pass passed, 0 failed"
  exit 0
fi

if [[ $mode == package ]]; then
  if ! command -v dpkg-deb >/dev/null; then
    echo "SKIP: dpkg-deb is not installed"
    exit 77
  fi
  (cd "$tmp" && "${CPACK:-cpack}" -G DEB --config "$build/CPackConfig.cmake" -B "$tmp/pkg" >"$tmp/cpack.log" 2>&1) ||
    { cat "$tmp/cpack.log" >&2; fail "cpack -G DEB failed"; }
  debs=("$tmp"/pkg/*.deb)
  [[ ${#debs[@]} -eq 1 && -f ${debs[0]} ]] || fail "cpack made no .deb: $(ls "$tmp/pkg")"
  deb=${debs[0]}
  [[ $(basename "$deb") == streamlint_*_*.deb ]] || fail "unexpected package file name $(basename "$deb")"
  contents=$(dpkg-deb -c "$deb")
  for f in ./usr/bin/streamlint ./usr/share/man/man1/streamlint.1 \
           ./usr/share/bash-completion/completions/streamlint ./usr/share/zsh/vendor-completions/_streamlint; do
    grep -q " $f\$" <<<"$contents" || fail "dpkg-deb -c does not list $f"
  done
  ok "dpkg-deb -c lists the binary, the man page and the completions"

  [[ $(dpkg-deb -f "$deb" Package) == streamlint ]] || fail "Package"
  version=$(dpkg-deb -f "$deb" Version)
  [[ $version == "$("$build/streamlint" --version | cut -d' ' -f2)"* ]] || fail "Version $version"
  [[ -n $(dpkg-deb -f "$deb" Maintainer) ]] || fail "no Maintainer"
  [[ -n $(dpkg-deb -f "$deb" Description) ]] || fail "no Description"
  [[ $(dpkg-deb -f "$deb" Architecture) == "$(dpkg --print-architecture)" ]] || fail "Architecture"
  depends=$(dpkg-deb -f "$deb" Depends || true)
  dpkg-deb -x "$deb" "$tmp/x"
  static=no
  if command -v ldd >/dev/null && ! ldd "$tmp/x/usr/bin/streamlint" >/dev/null 2>&1; then
    static=yes  # STREAMLINT_STATIC (the default of a Release build): no shared library, no Depends
  fi
  if [[ $static == no ]]; then
    for p in libyaml-cpp0.7 libfmt9; do
      grep -q "\b$p\b" <<<"$depends" || fail "Depends lacks $p: $depends"
    done
  fi
  ok "metadata: Package, Version $version, Maintainer, Description, Architecture, Depends (static: $static)"

  # Every shared library the binary needs comes from a package in Depends (sanitizer runtimes aside).
  "$tmp/x/usr/bin/streamlint" --version >/dev/null || fail "the packaged binary does not run"
  if command -v ldd >/dev/null && command -v dpkg >/dev/null; then
    while read -r lib path; do
      [[ $lib == libasan* || $lib == libubsan* || $lib == linux-vdso* || -z $path ]] && continue
      pkg=$(dpkg -S "$(readlink -f "$path")" 2>/dev/null | head -1 | cut -d: -f1 || true)
      [[ -z $pkg ]] && pkg=$(dpkg -S "$path" 2>/dev/null | head -1 | cut -d: -f1 || true)
      [[ -z $pkg ]] && continue
      grep -q "\b$pkg\b" <<<"$depends" || fail "$lib comes from $pkg, which Depends lacks: $depends"
    done < <(ldd "$tmp/x/usr/bin/streamlint" | awk '$2 == "=>" {print $1, $3} $2 != "=>" {print $1, ""}')
    ok "every library ldd lists comes from a package in Depends"
  fi
  echo "$pass passed, 0 failed"
  exit 0
fi
fail "unknown mode $mode"
