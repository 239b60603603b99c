#!/usr/bin/env bash
# Installs every Debian package Intent needs to build and test. Idempotent:
# packages already present are left alone; safe to run on every build.
set -euo pipefail

# --tests: also what only the tests need (a browser for the approvals page).
with_tests=0
for arg in "$@"; do
  case "$arg" in
    --tests) with_tests=1 ;;
    *) echo "usage: scripts/install-deps.sh [--tests]" >&2; exit 2 ;;
  esac
done

packages=(
  build-essential cmake ninja-build pkg-config git
  antlr4 libantlr4-runtime-dev uuid-dev
  llvm-14-dev clang-14 libclang-rt-14-dev
  nlohmann-json3-dev libsimdjson-dev libfmt-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libre2-dev libcli11-dev libhowardhinnant-date-dev tzdata
  libboost1.81-dev libssl-dev curl wrk
  clang-format clang-tidy
)
if [ "${with_tests}" -eq 1 ]; then packages+=(chromium); fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
