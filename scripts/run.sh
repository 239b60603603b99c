#!/usr/bin/env bash
# The main job: install what is missing, build intentc (release), check
# every example bundle under examples/ and decide its test cases.
# Usage: scripts/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)" --target intentc

status=0
for bundle in examples/*/; do
  # examples/embed/ holds programs that embed the runtime, not a bundle.
  compgen -G "${bundle}*.intent" >/dev/null || continue
  echo "== intentc check ${bundle}"
  ./build-release/tools/intentc/intentc check -Werror "${bundle}" || status=1
done
echo "== intentc test examples/*/*.cases.json"
./build-release/tools/intentc/intentc test examples/*/*.cases.json || status=1
exit "${status}"
