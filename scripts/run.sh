#!/usr/bin/env bash
# The main job: install what is missing, build intentc and intent-gateway
# (release), check every example bundle under examples/ and decide its test
# cases, then start the gateway on the gmail example, send it three calls
# over HTTP (allowed, asked, denied), approve the asked one as a person
# would (docs/approvals.md) and send it again, print the answers and stop it.
# Usage: scripts/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)" --target intentc intent-gateway

status=0
for bundle in examples/*/; do
  # examples/embed/ holds programs that embed the runtime, not a bundle.
  compgen -G "${bundle}*.intent" >/dev/null || continue
  echo "== intentc check ${bundle}"
  ./build-release/tools/intentc/intentc check -Werror "${bundle}" || status=1
done
echo "== intentc test examples/*/*.cases.json"
./build-release/tools/intentc/intentc test examples/*/*.cases.json || status=1

echo "== intent-gateway serve --policy examples/gmail (docs/gateway.md)"
out="$(mktemp)"
token="$(mktemp)"
echo "demo-token-$$-${RANDOM}" >"${token}"
./build-release/tools/gateway/intent-gateway serve --policy examples/gmail \
  --listen 127.0.0.1:0 --admin-token-file "${token}" >"${out}" 2>&1 &
gateway=$!
trap 'kill "${gateway}" 2>/dev/null || true; rm -f "${out}" "${token}"' EXIT
port="$(./scripts/gateway-port.sh "${out}")"
answer=""
call() {  # DESCRIPTION OPERATION MESSAGE-JSON [APPROVAL-ID]
  echo "-- $1"
  local approval=""
  [ -n "${4:-}" ] && approval=", \"approval\": \"$4\""
  answer="$(curl -sS --max-time 5 -H 'Content-Type: application/json' \
    --data "{\"principal\": \"mail-bot\", \"operation\": \"gmail.messages.$2\", \"input\": {\"message\": $3}, \"context\": {\"time\": \"2026-11-28T10:00:00Z\"${approval}}}" \
    "http://127.0.0.1:${port}/v1/decide")" || status=1
  echo "${answer}"
}
message='{"id": "m1", "sender": "me@example.com", "to": [TO], "unread": false, "received": "2026-11-28T08:00:00Z", "labels": [], "size": 1200}'
call "send inside the company: allowed" send "${message/TO/\"bob@example.com\"}"
call "send outside: a person must approve" send "${message/TO/\"eve@elsewhere.test\"}"
id="$(sed -n 's/.*"approval":{"id":"\([0-9a-f]*\)".*/\1/p' <<<"${answer}")"
echo "-- a person approves it: intent-gateway approvals approve ${id} --by demo"
./build-release/tools/gateway/intent-gateway approvals approve "${id}" --by demo \
  --gateway "http://127.0.0.1:${port}" --admin-token-file "${token}" || status=1
call "the same call again, presenting the approval: allowed once" send \
  "${message/TO/\"eve@elsewhere.test\"}" "${id}"
grep -q '"decision":"allow"' <<<"${answer}" || { echo "the approved call was not allowed"; status=1; }
call "delete: never" delete "${message/TO/\"bob@example.com\"}"
kill -TERM "${gateway}"
wait "${gateway}" || { echo "intent-gateway did not stop cleanly"; status=1; }
exit "${status}"
