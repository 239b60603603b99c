#!/usr/bin/env bash
# Load benchmark of intent-gateway serve with wrk (docs/gateway.md,
# "Performance"): the gateway on the gmail example on a free loopback port,
# keep-alive connections at 1, 16 and 64, and for each
#   floor    GET /healthz: the same server answering a constant body, no decision
#   decide   POST /v1/decide, 1,024 distinct Intent requests round-robin
#   authzen  POST /access/v1/evaluation, the same calls as AuthZEN evaluations
# (bench/gateway_load.lua makes the requests). Prints decisions/s (requests/s
# for the floor), p50 and p99 latency, and each throughput as a share of the
# floor's at the same connection count, the gateway's own CPU time per
# request, then the goal at 16 connections:
# at least 70 % of the floor's throughput and p99 under 1 ms.
#
# Usage: bench/gateway_load.sh [--seconds S] [--build DIR]
#   --seconds S  each measurement's length (default 5; 9 runs, plus warm-up)
#   --build DIR  the build folder holding tools/gateway/intent-gateway
#                (default: build-release if it has one, else build)
# Traffic goes to 127.0.0.1 only; every wrk run is bounded by `timeout`, and
# the gateway is stopped when the script exits, however it exits.
set -euo pipefail

cd "$(dirname "$0")/.."
seconds=5
build=""
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --build) build="$2"; shift 2 ;;
    *) echo "usage: bench/gateway_load.sh [--seconds S] [--build DIR]" >&2; exit 2 ;;
  esac
done
if [ -z "${build}" ]; then
  build=build
  [ -x build-release/tools/gateway/intent-gateway ] && build=build-release
fi
gateway="${build}/tools/gateway/intent-gateway"
[ -x "${gateway}" ] || { echo "no ${gateway}: build the intent-gateway target first" >&2; exit 2; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk (scripts/install-deps.sh)" >&2; exit 2; }
command -v curl >/dev/null || { echo "curl is missing" >&2; exit 2; }

out="$(mktemp)"
"${gateway}" serve --policy examples/gmail --listen 127.0.0.1:0 --no-watch >"${out}" 2>&1 &
pid=$!
trap 'kill -TERM "${pid}" 2>/dev/null || true; wait "${pid}" 2>/dev/null || true; rm -f "${out}"' EXIT
port="$(scripts/gateway-port.sh "${out}")"
url="http://127.0.0.1:${port}"
# Decisions run as native code once the JIT has compiled the bundle.
for _ in $(seq 300); do
  curl -sf --max-time 2 "${url}/readyz" | grep -q '"native":true' && break
  sleep 0.1
done

# run MODE CONNECTIONS SECONDS [check]: one wrk run; prints its RESULT line.
run() {
  local threads=2
  [ "$2" -lt 2 ] && threads=1
  GATEWAY_LOAD_MODE="$1" GATEWAY_LOAD_CHECK="${4:-0}" timeout $(($3 + 20)) \
    wrk -t"${threads}" -c"$2" -d"$3"s --latency -s bench/gateway_load.lua "${url}" |
    grep -E '^(RESULT|CHECK) '
}

# The traffic is what it claims: allows, asks and denies, no errors.
echo "traffic check (1 s each):"
for mode in decide authzen; do
  check="$(run "${mode}" 2 1 1 | grep '^CHECK')"
  echo "  ${mode}: ${check#CHECK }"
  case "${check}" in
    *" allow=0 "* | *" ask=0 "* | *" deny=0 "* | *"other="[1-9]*)
      echo "unexpected decisions for ${mode}: ${check}" >&2; exit 1 ;;
  esac
done
for mode in floor decide authzen; do run "${mode}" 16 1 >/dev/null; done  # warm-up

field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<<"$2"; }
# The gateway's CPU time so far (user + system), in clock ticks: per request,
# it is the server's cost alone, which another job on the machine does not
# inflate as much as it does latency.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/${pid}/stat"; }
ticks_per_second="$(getconf CLK_TCK)"
echo
printf '%-8s %5s %12s %9s %9s %9s %12s  %s\n' endpoint conns "per second" "p50 ms" "p99 ms" \
  "of floor" "CPU us/req" "errors"
goal=""
for connections in 1 16 64; do
  floor_rate=""
  for mode in floor decide authzen; do
    before="$(cpu_ticks)"
    result="$(run "${mode}" "${connections}" "${seconds}" | grep '^RESULT')"
    after="$(cpu_ticks)"
    requests="$(field requests "${result}")"
    duration="$(field seconds "${result}")"
    p50="$(field p50_us "${result}")"
    p99="$(field p99_us "${result}")"
    errors=$(($(field errors "${result}") + $(field non2xx "${result}")))
    rate="$(awk -v n="${requests}" -v s="${duration}" 'BEGIN { printf "%.0f", n / s }')"
    [ "${mode}" = floor ] && floor_rate="${rate}"
    share="$(awk -v r="${rate}" -v f="${floor_rate}" 'BEGIN { printf "%.0f %%", 100 * r / f }')"
    cpu="$(awk -v t=$((after - before)) -v hz="${ticks_per_second}" -v n="${requests}" \
      'BEGIN { printf "%.1f", 1e6 * t / hz / n }')"
    printf '%-8s %5d %12s %9.3f %9.3f %9s %12s  %s\n' "${mode}" "${connections}" "${rate}" \
      "$(awk -v u="${p50}" 'BEGIN { print u / 1000 }')" \
      "$(awk -v u="${p99}" 'BEGIN { print u / 1000 }')" "${share}" "${cpu}" "${errors}"
    if [ "${connections}" -eq 16 ] && [ "${mode}" != floor ]; then
      verdict="$(awk -v r="${rate}" -v f="${floor_rate}" -v p="${p99}" \
        'BEGIN { print (r >= 0.7 * f && p < 1000) ? "meets" : "misses" }')"
      goal+="  ${mode}: ${verdict} (${share} of the floor, p99 $(awk -v u="${p99}" 'BEGIN { print u / 1000 }') ms)"$'\n'
    fi
  done
done
echo
echo "goal at 16 connections (>= 70 % of the floor, p99 < 1 ms):"
printf '%s' "${goal}"
echo "(one machine runs both wrk and the gateway: $(nproc) cores; numbers are indicative)"
