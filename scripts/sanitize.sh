#!/usr/bin/env bash
# The whole test suite a second time under AddressSanitizer (leaks included) +
# UndefinedBehaviorSanitizer, built with clang, -fno-sanitize-recover=all: any
# report aborts the test and fails this script.  The library's thread pool is
# on (src/pool.c); libomp is only for the tools' oneDNN peer.
# Extra configure arguments: GP_CMAKE_ARGS.  Build dir: build-sanitize (override with GP_BUILD_DIR).  Budget: ~8 min.
set -euo pipefail
cd "$(dirname "$0")/.."
B=${GP_BUILD_DIR:-build-sanitize}
JOBS=${GP_JOBS:-2}

# Debian packages, installed only when missing
scripts/deps.sh test clang libclang-rt-14-dev libomp-dev

SAN="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
t0=$(date +%s)
CC=clang cmake -S . -B "$B" -DCMAKE_BUILD_TYPE=Debug -DGPRIME_WERROR=ON -DGPRIME_BUILD_BENCH=OFF \
  -DGPRIME_BUILD_TESTS=ON -DGPRIME_BUILD_FUZZ=OFF \
  -DCMAKE_C_FLAGS="-O1 -g $SAN" \
  -DCMAKE_EXE_LINKER_FLAGS="$SAN" -DCMAKE_SHARED_LINKER_FLAGS="$SAN" \
  ${GP_CMAKE_ARGS:-} >/dev/null
cmake --build "$B" -j"$JOBS"

# libomp (linked by the tools for oneDNN) keeps its thread-team descriptors
# until exit; LeakSanitizer sees them as leaks.  Only allocations made inside
# libomp itself are suppressed.
supp="$(cd "$B" && pwd)/lsan.supp"
printf 'leak:libomp.so\nleak:libgomp.so\n' >"$supp"
export LSAN_OPTIONS="suppressions=$supp:print_suppressions=0"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# Every test but the accuracy sweeps: tools/ulp links the peers it measures
# (oneDNN, XNNPACK) and MPFR/GMP, whose one-time allocations LeakSanitizer
# reports; the library itself runs under ASan in every other test.
ctest --test-dir "$B" --output-on-failure -LE 'exhaustive|accuracy' -j"$JOBS"
echo "sanitize: ASan+UBSan clean, $(( $(date +%s) - t0 )) s"
