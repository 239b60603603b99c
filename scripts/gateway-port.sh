#!/usr/bin/env bash
# Prints the port an intent-gateway started with --listen 127.0.0.1:0 is
# serving on, read from its output file, waiting up to 20 s; exit 1 (with
# the output) if it never says. Used by scripts/run.sh and the curl test.
# Usage: scripts/gateway-port.sh OUTPUT-FILE
set -euo pipefail
for _ in $(seq 200); do
  port="$(sed -n 's|.*serving on http://127.0.0.1:\([0-9]*\).*|\1|p' "$1")"
  if [ -n "${port}" ]; then
    echo "${port}"
    exit 0
  fi
  sleep 0.1
done
echo "intent-gateway did not start:" >&2
cat "$1" >&2
exit 1
