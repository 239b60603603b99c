#!/usr/bin/env bash
# The include graph must point down the pipeline (docs/architecture.md):
# a file may include its own folder and folders of lower layers, never a
# higher one. Layers, lowest first; a folder not listed (tests, bench,
# examples) may include anything and is not checked.
# Usage: check_includes.sh [--graph] [SOURCE_DIR]
#   --graph: print "FROM -> TO  (N)" for every folder edge, then check.
set -euo pipefail

graph=0
if [ "${1:-}" = "--graph" ]; then graph=1; shift; fi
cd "${1:-$(dirname "$0")/../..}"

layers=(
  include/intent          # the public headers: include nothing of ours
  stdlib                  # built-in value parsing and functions
  compiler/source
  compiler/diag
  compiler/types
  compiler/ast
  compiler/schema
  compiler/parse
  compiler/check
  compiler/driver
  runtime/core            # shared by both engines
  runtime/bind
  runtime/interp
  runtime/native/ir
  runtime/native/abi      # the contract between generated code and its helpers
  runtime/native/codegen
  runtime/native/jit
  runtime/engine
  runtime/api
  tools/intentc
  tools/gateway           # an embedder like any other: the public API only
)

# The layer of a folder: the longest listed prefix; -1 when unlisted.
rank_of() {
  local folder="$1" best=-1 best_len=0 i
  for i in "${!layers[@]}"; do
    local layer="${layers[$i]}"
    if [ "${folder}" = "${layer}" ] || [[ "${folder}" == "${layer}/"* ]]; then
      if [ "${#layer}" -gt "${best_len}" ]; then best="$i"; best_len="${#layer}"; fi
    fi
  done
  echo "${best}"
}

# Quoted includes name a path from the repository root, or from include/
# for the public headers ("intent/intent.hpp").
resolve() {
  case "$1" in
    intent/*) echo "include/$(dirname "$1")" ;;
    *) dirname "$1" ;;
  esac
}

declare -A edges=()
violations=0
while IFS= read -r file; do
  from="$(dirname "${file}")"
  from_rank="$(rank_of "${from}")"
  [ "${from_rank}" -ge 0 ] || continue
  while IFS= read -r included; do
    to="$(resolve "${included}")"
    # The parser generated from grammar/ is included from the build folder.
    case "${included}" in Intent*.h) to="grammar" ;; esac
    edges["${from} -> ${to}"]=$(( ${edges["${from} -> ${to}"]:-0} + 1 ))
    [ "${to}" = "${from}" ] && continue
    if [ "${to}" = "grammar" ]; then
      [ "${from}" = "compiler/parse" ] && continue
      echo "${file}: includes the generated parser '${included}' (only compiler/parse may)"
      violations=$((violations + 1)); continue
    fi
    to_rank="$(rank_of "${to}")"
    if [[ "${from}" == tools/gateway* ]] && [ "${to}" != "include/intent" ] &&
       [[ "${to}" != tools/gateway* ]]; then
      echo "${file}: includes '${included}': the gateway uses the public API (include/intent) only"
      violations=$((violations + 1))
    elif [ "${to_rank}" -lt 0 ]; then
      echo "${file}: includes '${included}' from ${to}/, which is no layer of the library"
      violations=$((violations + 1))
    elif [ "${to_rank}" -gt "${from_rank}" ]; then
      echo "${file}: includes '${included}': ${from}/ may not include ${to}/, a later stage"
      violations=$((violations + 1))
    fi
  done < <(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "${file}")
done < <(git ls-files '*.h' '*.hpp' '*.cc' '*.c' '*.def' 2>/dev/null ||
         find include stdlib compiler runtime tools -type f \( -name '*.h' -o -name '*.hpp' \
           -o -name '*.cc' -o -name '*.c' -o -name '*.def' \) 2>/dev/null)

if [ "${graph}" -eq 1 ]; then
  for edge in "${!edges[@]}"; do echo "${edge}  (${edges[${edge}]})"; done | sort
fi
if [ "${violations}" -ne 0 ]; then
  echo "check_includes: ${violations} include(s) point up the pipeline"
  exit 1
fi
echo "check_includes: every include points down (${#layers[@]} layers)"
