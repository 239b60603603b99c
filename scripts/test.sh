#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test: first the normal
# build, then the same suite under AddressSanitizer + UndefinedBehaviorSanitizer,
# then the concurrency tests under ThreadSanitizer, then a short run of each
# fuzz target (scripts/fuzz.sh).
# Usage: scripts/test.sh [--no-asan] [--no-tsan] [--no-fuzz]
set -euo pipefail
cd "$(dirname "$0")/.."

asan=1
tsan=1
fuzz=1
for arg in "$@"; do
  case "$arg" in
    --no-asan) asan=0 ;;
    --no-tsan) tsan=0 ;;
    --no-fuzz) fuzz=0 ;;
    *) echo "usage: scripts/test.sh [--no-asan] [--no-tsan] [--no-fuzz]" >&2; exit 2 ;;
  esac
done

./scripts/install-deps.sh --tests
./scripts/install-node-deps.sh
jobs="$(nproc)"
# Each pass's ctest summary line, repeated at the end: the dev pass's would
# otherwise scroll away behind the later passes.
summary="$(mktemp)"
trap 'rm -f "${summary}"' EXIT
run_ctest() {
  local name="$1"
  shift
  local log
  log="$(mktemp)"
  local status=0
  ctest "$@" 2>&1 | tee "${log}" || status=$?
  echo "${name}: $(grep -E 'tests passed|tests failed' "${log}" | tail -n 1)" >>"${summary}"
  rm -f "${log}"
  return "${status}"
}

echo "== build and test: dev (RelWithDebInfo)"
cmake --preset dev >/dev/null
cmake --build --preset dev -j "${jobs}"
run_ctest dev --preset dev -j "${jobs}"

if [ "${asan}" -eq 1 ]; then
  echo "== build and test: asan (AddressSanitizer + UndefinedBehaviorSanitizer)"
  cmake --preset asan >/dev/null
  cmake --build --preset asan -j "${jobs}"
  run_ctest asan --preset asan -j "${jobs}"
fi

if [ "${tsan}" -eq 1 ]; then
  # Only intent_concurrency_tests is built (the tsan build preset's target).
  echo "== build and test: tsan (ThreadSanitizer, the concurrency tests)"
  cmake --preset tsan >/dev/null
  cmake --build --preset tsan -j "${jobs}"
  run_ctest tsan --preset tsan -j "${jobs}"
fi

if [ "${fuzz}" -eq 1 ]; then
  echo "== fuzz: every target for 20 s"
  ./scripts/fuzz.sh 20
  echo "fuzz: no findings (20 s per target)" >>"${summary}"
fi

echo "== summary"
cat "${summary}"
