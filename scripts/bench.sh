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

"$root/scripts/deps.sh" bench >&2 || echo "bench.sh: peers missing; the absent ones will be skipped" >&2

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DGPRIME_BUILD_BENCH=ON >&2
cmake --build "$build" -j"$jobs" --target gprime-bench >&2

echo "# machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) CPUs;" \
     "$(uptime | sed 's/.*load average/load average/')"
exec "$build/bench/gprime-bench" "$@"
