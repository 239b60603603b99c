#!/usr/bin/env bash
# check_includes.sh must reject an include that points up the pipeline and
# accept one that points down: a tree of two files, outside git.
set -euo pipefail
script="$(cd "$(dirname "$0")" && pwd)/check_includes.sh"
work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT
mkdir -p "${work}/runtime/core" "${work}/runtime/api"
echo '#include "runtime/core/value.h"' >"${work}/runtime/api/engine.cc"
echo '// value' >"${work}/runtime/core/value.h"
(cd "${work}" && bash "${script}" "${work}") || { echo "self_test: a downward include was rejected"; exit 1; }
echo '#include "runtime/api/engine_state.h"' >"${work}/runtime/core/value.h"
if (cd "${work}" && bash "${script}" "${work}"); then
  echo "self_test: an upward include was accepted"; exit 1
fi
echo "self_test: upward includes are rejected, downward ones accepted"
