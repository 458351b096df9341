#!/usr/bin/env bash
# The unit and robustness tests (CTest labels `unit` and `robust`) under
# valgrind memcheck: --leak-check=full, any error exits 99 and fails the test.
# Built with gcc -O1 -g.  The runs use the generic path only (GPRIME_ISA=generic,
# and GPRIME_TEST_ISAS=generic for the tests that walk the ISA tables):
# valgrind 3.19 does not decode AVX-512 (its CPUID hides it), and it emulates
# the AVX2 FMA instruction vfnmadd as -(a*b+c), so fnmadd(0,0,0) gives -0
# instead of +0 and the bit-exact tests would fail on valgrind's arithmetic,
# not on the library's.  The vector paths' memory accesses are checked by
# AddressSanitizer (scripts/sanitize.sh) and the fuzzer (scripts/fuzz.sh).
# The C library's fma() is pointed at its exact software version
# (GLIBC_TUNABLES: no FMA/AVX2 ifuncs), because valgrind's emulation of the
# hardware FMA gets signs of zero wrong; test_tails skips itself (valgrind runs
# x87 long double arithmetic in double precision).
# A test that fails for any reason (a memcheck report exits 99) fails this
# script.
# Extra configure arguments: GP_CMAKE_ARGS.  Build dir: build-valgrind (override with GP_BUILD_DIR).  Budget: ~5 min.
set -euo pipefail
cd "$(dirname "$0")/.."
B=${GP_BUILD_DIR:-build-valgrind}
JOBS=${GP_JOBS:-2}

scripts/deps.sh test valgrind

t0=$(date +%s)
VG="$(command -v valgrind);--error-exitcode=99;--leak-check=full;--errors-for-leak-kinds=definite,indirect;--show-leak-kinds=definite,indirect;--track-origins=yes;--quiet"
CC=gcc cmake -S . -B "$B" -DCMAKE_BUILD_TYPE=Debug -DGPRIME_WERROR=ON -DGPRIME_BUILD_BENCH=OFF \
  -DGPRIME_BUILD_TOOLS=OFF -DGPRIME_BUILD_TESTS=ON -DGPRIME_BUILD_FUZZ=OFF \
  -DCMAKE_C_FLAGS="-O1 -g" -DCMAKE_CROSSCOMPILING_EMULATOR="$VG" \
  ${GP_CMAKE_ARGS:-} >/dev/null
cmake --build "$B" -j"$JOBS"

# every selected test must really run under valgrind
# -FA: without fixture setups (test_spec's localedef run is not ours to check)
n_sel=$(ctest --test-dir "$B" -N -L '^(unit|robust)$' -FA '.*' | grep -c 'Test *#' || true)
n_vg=$(ctest --test-dir "$B" -N -V -L '^(unit|robust)$' -FA '.*' | grep 'Test command:' | grep -c valgrind || true)
if [ "$n_sel" -eq 0 ] || [ "$n_sel" -ne "$n_vg" ]; then
  echo "valgrind: $n_vg of $n_sel selected tests would run under valgrind" >&2
  exit 1
fi
export GPRIME_ISA=generic GPRIME_TEST_ISAS=generic GLIBC_TUNABLES=glibc.cpu.hwcaps=-FMA,-AVX2,-FMA4
# valgrind runs the tests some 50x slower than native and one thread at a
# time: give each test 15 minutes instead of CTest's default 2, and shorten the
# two that scale with the activations: robust_align over lengths 0..100, not
# 0..300 (still past every unrolled block and tail), robust_threads one round
# on 17000 elements, not two on 40000 (still above the split thresholds it races
# through; two rounds on 17000 took 625 s here); the full sizes run in
# scripts/test.sh, sanitize.sh and tsan.sh
GP_ALIGN_NMAX=100 GP_THREADS_N=17000 GP_THREADS_ROUNDS=1 ctest --test-dir "$B" --output-on-failure -L '^(unit|robust)$' -j"$JOBS" --timeout 900
echo "valgrind: $n_sel tests memcheck-clean (generic path), $(( $(date +%s) - t0 )) s"
