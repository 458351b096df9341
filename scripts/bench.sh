#!/usr/bin/env bash
# Builds gprime in Release and runs the full benchmark against the peers.
#   scripts/bench.sh [gprime-bench options...]     e.g. --quick, --json out.json
# Installs the peers' Debian packages when missing (needs root or sudo then):
# libdnnl-dev (oneDNN), libxnnpack-dev + libpthreadpool-dev (XNNPACK), libsleef-dev.
# Environment: BUILD_DIR (default build-bench), JOBS (default nproc).
# The table goes to stdout; the machine (lscpu) and load are printed first.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${BUILD_DIR:-$root/build-bench}"
jobs="${JOBS:-$(nproc)}"

want=(cmake gcc make libc6-dev libdnnl-dev libxnnpack-dev libpthreadpool-dev libsleef-dev)
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "bench.sh: installing ${missing[*]}" >&2
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null; then sudo="sudo"; else
      echo "bench.sh: missing ${missing[*]} and not root; the absent peers will be skipped" >&2
      missing=()
    fi
  fi
  if [ ${#missing[@]} -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  fi
fi

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DGPRIME_BUILD_BENCH=ON >&2
cmake --build "$build" -j"$jobs" --target gprime-bench >&2

echo "# machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) CPUs;" \
     "$(uptime | sed 's/.*load average/load average/')"
exec "$build/bench/gprime-bench" "$@"
