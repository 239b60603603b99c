#!/usr/bin/env bash
# Builds the libFuzzer targets (the `fuzz` preset: clang-14, ASan + UBSan)
# and runs each for SECONDS (default 30) on a copy of its seed corpus in a
# temporary folder: the committed corpus (tests/fuzz/corpus) is never
# written. Exits non-zero if any target finds a crash, a sanitizer report,
# a timeout or a leak, printing the reproducer's path.
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]   (targets: fuzz_policy fuzz_schema fuzz_request fuzz_http)
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

seconds="${1:-30}"
case "${seconds}" in
  ''|*[!0-9]*) echo "usage: scripts/fuzz.sh [SECONDS] [TARGET...]" >&2; exit 2 ;;
esac
shift $(($# > 0 ? 1 : 0))
targets=("$@")
[ "${#targets[@]}" -gt 0 ] || targets=(fuzz_policy fuzz_schema fuzz_request fuzz_http)

# Longest input per target: the largest seeds (policies, schemas) are ~6 KB;
# requests are small, and longer ones only cost time.
max_len() {
  case "$1" in
    fuzz_request | fuzz_http) echo 4096 ;;
    *) echo 8192 ;;
  esac
}

./scripts/install-deps.sh
echo "== build: fuzz (clang-14, libFuzzer, ASan + UBSan)"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$(nproc)"

work="$(mktemp -d "${TMPDIR:-/tmp}/intent-fuzz.XXXXXX")"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"
failed=0
for target in "${targets[@]}"; do
  binary="${root}/build-fuzz/tests/fuzz/intent_${target}"
  if [ ! -x "${binary}" ]; then
    echo "fuzz.sh: no target ${target}" >&2
    exit 2
  fi
  mkdir -p "${work}/${target}/corpus" "${work}/${target}/artifacts"
  cp "${root}/tests/fuzz/corpus/${target}/"* "${work}/${target}/corpus/"
  log="${work}/${target}/fuzz.log"
  echo "== fuzz: ${target} for ${seconds} s"
  status=0
  # -timeout: one input taking this long (under ASan) is a hang.
  "${binary}" "${work}/${target}/corpus" \
    -dict="${root}/tests/fuzz/${target}.dict" \
    -max_total_time="${seconds}" -max_len="$(max_len "${target}")" -timeout=10 \
    -artifact_prefix="${work}/${target}/artifacts/" -print_final_stats=1 \
    >"${log}" 2>&1 || status=$?
  runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "${log}")"
  rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "${log}")"
  echo "${target}: ${runs:-?} executions, ${rate:-?} exec/s"
  if [ "${status}" -ne 0 ]; then
    failed=1
    tail -n 60 "${log}"
    for reproducer in "${work}/${target}/artifacts/"*; do
      case "$(basename "${reproducer}")" in
        slow-unit-*) ;;
        *) [ -e "${reproducer}" ] && echo "FAILED ${target}: reproducer ${reproducer}" ;;
      esac
    done
    echo "FAILED ${target} (exit status ${status}); log ${log}"
    echo "  rerun: ${binary} REPRODUCER"
  fi
done

if [ "${failed}" -ne 0 ]; then
  echo "fuzz.sh: findings; the inputs and logs stay in ${work}"
  exit 1
fi
rm -rf "${work}"
echo "fuzz.sh: no findings"
