#!/usr/bin/env bash
# Installs the build into a fresh prefix, builds examples/embed against the
# installed package (find_package(intent), and the C example once more with
# pkg-config alone), and runs both programs on the gmail example.
# Usage: install_test.sh BUILD_DIR SOURCE_DIR [EXTRA_FLAGS]
set -euo pipefail
build_dir="$1"
source_dir="$2"
flags="${3:-}"
work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT
prefix="${work}/prefix"

cmake --install "${build_dir}" --prefix "${prefix}" >/dev/null
test -f "${prefix}/include/intent/intent.hpp"
test -f "${prefix}/include/intent/intent.h"
pc="$(find "${prefix}" -name intent.pc)"
test -n "${pc}"

cmake -S "${source_dir}/examples/embed" -B "${work}/build" -G Ninja \
  -DCMAKE_PREFIX_PATH="${prefix}" -DCMAKE_C_FLAGS="${flags}" -DCMAKE_CXX_FLAGS="${flags}" \
  -DCMAKE_EXE_LINKER_FLAGS="${flags}" >/dev/null
cmake --build "${work}/build" >/dev/null

echo "== embed_cpp (find_package)"
"${work}/build/embed_cpp" "${source_dir}/examples/gmail" 2>"${work}/log.jsonl"
grep -q '"operation":"gmail.messages.delete","decision":"deny","rules":\["no-delete"\]' "${work}/log.jsonl"
echo "== embed_c (find_package)"
"${work}/build/embed_c" "${source_dir}/examples/gmail"

echo "== embed_c (pkg-config)"
export PKG_CONFIG_PATH="$(dirname "${pc}")"
# shellcheck disable=SC2046,SC2086
cc ${flags} -std=c99 -Wall -Wextra -Werror "${source_dir}/examples/embed/main.c" \
  $(pkg-config --cflags --libs intent) -o "${work}/embed_c_pkgconfig"
LD_LIBRARY_PATH="$(pkg-config --variable=libdir intent)" "${work}/embed_c_pkgconfig" \
  "${source_dir}/examples/gmail"
echo "installed package OK"
