#!/usr/bin/env bash
# The main job: build the gprime command-line tool (Release) and run `gprime demo`.
# Configures only what the demo needs (no tests, benchmark, accuracy checker,
# fuzzers or peers), so a fresh machine with a compiler, CMake and git is
# enough; its own build directory, build-demo, leaves scripts/test.sh's alone.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh build
start=$(date +%s)
cmake -S . -B build-demo -DCMAKE_BUILD_TYPE=Release -DGPRIME_BUILD_TESTS=OFF -DGPRIME_BUILD_BENCH=OFF \
      -DGPRIME_BUILD_ULP=OFF -DGPRIME_BUILD_FUZZ=OFF -DGPRIME_PEERS=OFF >/dev/null
cmake --build build-demo -j"$(nproc)" --target gprime_cli >/dev/null
echo "demo.sh: configured and built in $(( $(date +%s) - start )) s" >&2
exec build-demo/tools/gprime/gprime demo "$@"
