#!/usr/bin/env bash
# Runs a command and checks its exit status and its output (stdout and
# stderr together) against an extended regular expression.
# Usage: expect_exit.sh STATUS PATTERN COMMAND [ARG...]
set -uo pipefail
want="$1" pattern="$2"
shift 2
output="$("$@" 2>&1)"
status=$?
printf '%s\n' "${output}"
if [ "${status}" -ne "${want}" ]; then
  echo "expect_exit: exit status ${status}, expected ${want}"
  exit 1
fi
if ! printf '%s\n' "${output}" | grep -Eq -- "${pattern}"; then
  echo "expect_exit: output does not match: ${pattern}"
  exit 1
fi
echo "expect_exit: ok"
