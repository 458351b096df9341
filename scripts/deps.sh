#!/usr/bin/env bash
# Installs the Debian packages a task needs, only those missing.
#   scripts/deps.sh build   compiler, CMake (enough for the library and `gprime demo`)
#   scripts/deps.sh test    + cmocka, MPFR, scikit-learn's data, rsvg-convert, locale sources, peers
#   scripts/deps.sh bench   + oneDNN, XNNPACK, SLEEF
#   scripts/deps.sh arm64   the AArch64 cross compiler, qemu-user, and cmocka and MPFR
#                           for arm64 (Debian multiarch: adds the arm64 architecture)
# Needs root (or sudo) only when something is missing.
set -euo pipefail
want=(cmake gcc make pkg-config libc6-dev)
case "${1:-build}" in
  build) ;;
  test) want+=(libcmocka-dev libmpfr-dev python3-sklearn librsvg2-bin locales libdnnl-dev libxnnpack-dev libpthreadpool-dev libsleef-dev) ;;
  bench) want+=(libdnnl-dev libxnnpack-dev libpthreadpool-dev libsleef-dev) ;;
  arm64) want+=(gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user libcmocka-dev:arm64 libmpfr-dev:arm64) ;;
  *) echo "usage: scripts/deps.sh build|test|bench|arm64" >&2; exit 2 ;;
esac
shift || true
want+=("$@")
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "deps: installing ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then sudo="sudo"; else
    echo "deps: missing ${missing[*]} and not root; install them with apt-get" >&2; exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
if printf '%s\n' "${missing[@]}" | grep -q ':arm64$' && ! dpkg --print-foreign-architectures | grep -qx arm64; then
  $sudo dpkg --add-architecture arm64
fi
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
