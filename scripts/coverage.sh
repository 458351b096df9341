#!/usr/bin/env bash
# Line and branch coverage of the library (src/, without src/nn, the example
# network's support code) from the unit and robustness tests (CTest labels unit
# and robust; the robust tests run every ISA path this CPU has).  gcc
# --coverage, gcovr.  Prints the figures and the lines not covered; fails if
# line coverage is below 80 % (the aim: 100 % lines, 95 % branches; it was
# 90 % until the eleven newer activations, whose MPFR reference and screen
# code in src/act/ is exercised by the accuracy label, not by these, and the
# rare-lane branches of issue 19 brought it to 83.1 % on 2026-12-07).  Counters
# are updated atomically: the kernels run on the pool's threads too, and racing
# counters came out negative, which gcovr refuses.
# Extra configure arguments: GP_CMAKE_ARGS.  Build dir: build-coverage (override with GP_BUILD_DIR).  Budget: ~5 min.
set -euo pipefail
cd "$(dirname "$0")/.."
B=${GP_BUILD_DIR:-build-coverage}
JOBS=${GP_JOBS:-2}
MIN_LINES=${GP_COVERAGE_MIN_LINES:-80}

scripts/deps.sh test gcovr

t0=$(date +%s)
CC=gcc cmake -S . -B "$B" -DCMAKE_BUILD_TYPE=Debug -DGPRIME_WERROR=ON -DGPRIME_BUILD_BENCH=OFF \
  -DGPRIME_BUILD_TOOLS=OFF -DGPRIME_BUILD_TESTS=ON -DGPRIME_BUILD_FUZZ=OFF -DCMAKE_C_FLAGS="-O0 -g --coverage -fprofile-update=atomic" -DCMAKE_EXE_LINKER_FLAGS="--coverage" \
  -DCMAKE_SHARED_LINKER_FLAGS="--coverage" \
  ${GP_CMAKE_ARGS:-} >/dev/null
cmake --build "$B" -j"$JOBS"
find "$B" -name '*.gcda' -delete
ctest --test-dir "$B" --output-on-failure -L '^(unit|robust)$' -j"$JOBS" || {
  echo "coverage: some tests failed (figures below are still reported)" >&2
  tests_failed=1
}

GCOVR=(gcovr -r . --object-directory "$B" -f 'src/' -e 'src/nn/' --exclude-unreachable-branches)
echo
echo "=== lines: files not fully covered (Missing = uncovered line numbers)"
"${GCOVR[@]}" 2>/dev/null | sed -n '/^File/,$p' | awk '$4 != "100%" || /TOTAL/'
echo
echo "=== branches"
"${GCOVR[@]}" --branches 2>/dev/null | sed -n '/^File/,$p' | awk '$4 != "100%" || /TOTAL/'
# -o into the build dir, never /dev/null: gcovr replaces its output file, and
# as root it replaced the system's /dev/null with a regular file
summary=$("${GCOVR[@]}" --print-summary -o "$B/coverage-summary.txt" 2>/dev/null)
echo
echo "$summary"
lines=$(echo "$summary" | awk '/^lines:/ {sub("%", "", $2); print $2}')
echo "coverage: $(( $(date +%s) - t0 )) s"
if [ -n "${tests_failed:-}" ]; then
  exit 1
fi
if awk -v l="$lines" -v m="$MIN_LINES" 'BEGIN { exit !(l < m) }'; then
  echo "coverage: lines ${lines}% < ${MIN_LINES}%" >&2
  exit 1
fi
