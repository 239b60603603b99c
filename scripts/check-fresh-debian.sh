#!/usr/bin/env bash
# Runs one of the README's two commands in a fresh Debian 12 root, so that
# a package the machine happens to have (and the README's install step
# does not) can never hide: debootstrap a minimal bookworm into a folder,
# copy the committed tree into it, and run the command there under chroot.
# Prints the packages the command installed into the fresh root.
# Needs root and the network access to Debian's archive that apt has here.
# Usage: scripts/check-fresh-debian.sh [run|test] [FOLDER]
#   run   (default) ./scripts/run.sh, the main job
#   test  ./scripts/test.sh --no-fuzz (the whole suite but fuzzing; long)
#   FOLDER the root to build (default: a new temporary folder, removed after)
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"

which_command="${1:-run}"
case "${which_command}" in
  run) command=(./scripts/run.sh) ;;
  test) command=(./scripts/test.sh --no-fuzz) ;;
  *) echo "usage: scripts/check-fresh-debian.sh [run|test] [FOLDER]" >&2; exit 2 ;;
esac
if [ "$(id -u)" -ne 0 ]; then
  echo "check-fresh-debian: needs root (debootstrap, chroot)" >&2
  exit 2
fi

# The archive apt already uses on this machine: no host is named here.
mirror="$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -v security | head -n 1)"
if [ -z "${mirror}" ]; then
  mirror="$(awk '$1 == "deb" && $2 !~ /security/ { print $2; exit }' /etc/apt/sources.list 2>/dev/null || true)"
fi
if [ -z "${mirror}" ]; then
  echo "check-fresh-debian: no Debian archive in the apt sources" >&2
  exit 2
fi

if ! command -v debootstrap >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
fi

root="${2:-}"
remove_root=0
if [ -z "${root}" ]; then
  root="$(mktemp -d "${TMPDIR:-/tmp}/intent-fresh-debian.XXXXXX")"
  remove_root=1
fi
mounted=()
cleanup() {
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[$i]}" 2>/dev/null || true; done
  if [ "${remove_root}" -eq 1 ]; then rm -rf "${root}"; fi
}
trap cleanup EXIT

echo "== debootstrap bookworm (minbase) into ${root}"
debootstrap --variant=minbase bookworm "${root}" "${mirror}" >"${root}.debootstrap.log" 2>&1 || {
  tail -n 30 "${root}.debootstrap.log"
  exit 1
}
rm -f "${root}.debootstrap.log"
cp /etc/resolv.conf "${root}/etc/resolv.conf" 2>/dev/null || true
for fs in proc sys dev; do
  mount --bind "/${fs}" "${root}/${fs}"
  mounted+=("${root}/${fs}")
done

echo "== the committed tree (git archive HEAD) into ${root}/intent"
mkdir -p "${root}/intent"
git -C "${repo}" archive HEAD | tar -x -C "${root}/intent"
chroot "${root}" dpkg-query -W -f='${Package}\n' | sort >"${root}/packages-before.txt"

echo "== ${command[*]} in the fresh root"
status=0
chroot "${root}" /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
  /bin/bash -c "cd /intent && ${command[*]}" || status=$?

chroot "${root}" dpkg-query -W -f='${Package}\n' | sort >"${root}/packages-after.txt"
added="$(comm -13 "${root}/packages-before.txt" "${root}/packages-after.txt" | wc -l)"
echo "== the fresh root gained ${added} packages; those the install step named:"
sed -n '/^packages=(/,/^)/p' "${repo}/scripts/install-deps.sh" | tr -s ' ' '\n' | grep -v '^packages=(\|^)$\|^$' |
  sort | comm -12 - "${root}/packages-after.txt" | tr '\n' ' '
echo
if [ "${status}" -ne 0 ]; then
  echo "check-fresh-debian: '${command[*]}' failed in a fresh Debian 12 root (exit ${status})"
  exit "${status}"
fi
echo "check-fresh-debian: '${command[*]}' passed in a fresh Debian 12 root"
