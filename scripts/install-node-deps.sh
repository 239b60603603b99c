#!/usr/bin/env bash
# Installs the Node packages the tests drive (tests/node/package.json:
# puppeteer-core for the approvals page in Debian's chromium), exactly as
# pinned in tests/node/package-lock.json, with `npm ci`. Node and npm come
# from Debian (nodejs, npm) when the machine has none. Idempotent: skipped
# while node_modules matches the lock file.
set -euo pipefail
cd "$(dirname "$0")/../tests/node"

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  echo "install-node-deps: installing nodejs npm"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends nodejs npm
fi

stamp="node_modules/.intent-lock.sha256"
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ -f "${stamp}" ] && [ "$(cat "${stamp}")" = "${want}" ]; then
  echo "install-node-deps: node_modules matches package-lock.json"
  exit 0
fi
echo "install-node-deps: npm ci in tests/node"
# puppeteer-core never downloads a browser: the tests use Debian's chromium.
npm ci --no-audit --no-fund --loglevel=error
echo "${want}" >"${stamp}"
