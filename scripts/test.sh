#!/usr/bin/env bash
# Build with warnings as errors and run every test (all but the long
# `exhaustive` label, which `make exhaustive` / scripts/exhaustive.sh runs).
# Installs missing test dependencies with apt-get.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh test
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DGPRIME_WERROR=ON >/dev/null
cmake --build build -j"$(nproc)"
ctest --test-dir build --output-on-failure -LE exhaustive -j"$(nproc)"
