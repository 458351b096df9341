#!/usr/bin/env bash
# Every part built with clang and -Werror (library, CLI, tests, benchmark with
# its peers, gprime-ulp, the libFuzzer harnesses), then the test suite as
# scripts/test.sh runs it (all but the `exhaustive` label).  scripts/test.sh
# does the same with gcc; together they prove both compilers.
# Extra configure arguments: GP_CMAKE_ARGS.  Build dir: build-clang (override with GP_BUILD_DIR).  Budget: ~2 min here.
set -euo pipefail
cd "$(dirname "$0")/.."
B=${GP_BUILD_DIR:-build-clang}
JOBS=${GP_JOBS:-$(nproc)}

scripts/deps.sh test clang libclang-rt-14-dev libomp-dev

t0=$(date +%s)
CC=clang cmake -S . -B "$B" -DCMAKE_BUILD_TYPE=Release -DGPRIME_WERROR=ON -DGPRIME_BUILD_TESTS=ON \
  -DGPRIME_BUILD_ULP=ON -DGPRIME_BUILD_BENCH=ON -DGPRIME_PEERS=ON -DGPRIME_BUILD_FUZZ=ON \
  ${GP_CMAKE_ARGS:-} >/dev/null
grep -q '^CMAKE_C_COMPILER:FILEPATH=.*clang' "$B/CMakeCache.txt" ||
  { echo "clang.sh: $B is not a clang build (remove it)" >&2; exit 1; }
cmake --build "$B" -j"$JOBS"
ctest --test-dir "$B" --output-on-failure -LE 'exhaustive|accuracy' -j"$JOBS" # gprime-ulp's strided sweep runs once, in test.sh's gcc build
echo "clang.sh: $(clang --version | head -n1): -Werror build and tests passed, $(( $(date +%s) - t0 )) s"
