#!/usr/bin/env bash
# intent-gateway serve driven by curl, as a person or a shell script would:
# start on a free loopback port, decide one call, stop with SIGTERM (exit 0).
# Usage: curl_test.sh GATEWAY_BINARY SOURCE_DIR
set -euo pipefail
gateway_binary="$1"
source_dir="$2"
out="$(mktemp)"
"${gateway_binary}" serve --policy "${source_dir}/examples/gmail" --listen 127.0.0.1:0 >"${out}" 2>&1 &
pid=$!
trap 'kill -9 "${pid}" 2>/dev/null || true; rm -f "${out}"' EXIT
port="$("${source_dir}/scripts/gateway-port.sh" "${out}")"
answer="$(curl -sS --max-time 5 -H 'Content-Type: application/json' -H 'X-Request-ID: curl-1' \
  -D - --data @"${source_dir}/tests/cli/send_outside.json" "http://127.0.0.1:${port}/v1/decide")"
echo "${answer}"
grep -q '^HTTP/1.1 200' <<<"${answer}"
grep -qi '^X-Request-ID: curl-1' <<<"${answer}"
grep -q '"decision":"ask"' <<<"${answer}"
kill -TERM "${pid}"
status=0
wait "${pid}" || status=$?
[ "${status}" -eq 0 ] || { echo "exit status ${status}"; cat "${out}"; exit 1; }
echo "curl test passed"
