#!/usr/bin/env bash
# The main job: build gprime (Release) and run `gprime demo`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh build
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" --target gprime_cli >/dev/null
exec build/tools/gprime/gprime demo "$@"
