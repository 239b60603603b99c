#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test: first the normal
# build, then the same suite under AddressSanitizer + UndefinedBehaviorSanitizer.
# Usage: scripts/test.sh [--no-asan]
set -euo pipefail
cd "$(dirname "$0")/.."

asan=1
for arg in "$@"; do
  case "$arg" in
    --no-asan) asan=0 ;;
    *) echo "usage: scripts/test.sh [--no-asan]" >&2; exit 2 ;;
  esac
done

./scripts/install-deps.sh
jobs="$(nproc)"

echo "== build and test: dev (RelWithDebInfo)"
cmake --preset dev >/dev/null
cmake --build --preset dev -j "${jobs}"
ctest --preset dev -j "${jobs}"

if [ "${asan}" -eq 1 ]; then
  echo "== build and test: asan (AddressSanitizer + UndefinedBehaviorSanitizer)"
  cmake --preset asan >/dev/null
  cmake --build --preset asan -j "${jobs}"
  ctest --preset asan -j "${jobs}"
fi
