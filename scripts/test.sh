#!/usr/bin/env bash
# Build with warnings as errors and run every test (all but the long
# `exhaustive` label, which `make exhaustive` / scripts/exhaustive.sh runs).
# Installs missing test dependencies with apt-get, then asks for every part
# (tests, the accuracy checker, the peers: ON), so that a dependency that is
# still missing stops the configure instead of skipping tests.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh test
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DGPRIME_WERROR=ON -DGPRIME_BUILD_TESTS=ON \
      -DGPRIME_BUILD_ULP=ON -DGPRIME_BUILD_BENCH=ON -DGPRIME_PEERS=ON >/dev/null
cmake --build build -j"$(nproc)"
ctest --test-dir build --output-on-failure -LE exhaustive -j"$(nproc)"
