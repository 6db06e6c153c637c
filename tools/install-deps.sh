#!/usr/bin/env bash
# Installs what building and testing streamlint needs on Debian 12, and nothing that is already there.
# Usage: tools/install-deps.sh [--tests]   (--tests adds the JDK the differential tests use and the tools
#        that read the CI reports: python3-jsonschema, xmllint, groff, zsh, dpkg-deb, pre-commit)
set -euo pipefail

packages=(cmake g++ make pkg-config libyaml-cpp-dev nlohmann-json3-dev libcli11-dev libfmt-dev catch2)
if [[ "${1:-}" == "--tests" ]]; then
  packages+=(git)
  # The CI formats read by their real consumers, and the install/package/pre-commit tests:
  # SARIF schema validation, xmllint for JUnit and checkstyle, groff and man for the man page, zsh
  # for its completion, dpkg-deb (dpkg-dev) for the .deb, pre-commit for the hook.
  packages+=(python3-jsonschema libxml2-utils groff-base man-db zsh dpkg-dev pre-commit)
  # The .properties and JVM tests compare against a real JDK; any JDK on PATH will do.
  if ! command -v javac >/dev/null 2>&1; then
    packages+=(openjdk-17-jdk-headless)
  fi
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
if ((${#missing[@]} == 0)); then
  exit 0
fi

sudo=""
if [[ $(id -u) -ne 0 ]]; then
  sudo="sudo"
fi
echo "Installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
