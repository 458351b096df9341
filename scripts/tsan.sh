#!/usr/bin/env bash
# ThreadSanitizer over the heavy-threads test (8 pthreads calling the API at
# once, racing through the first use and through gp_set_isa and
# gp_set_num_threads), the thread-split test and the pool's own test, with the library's thread pool
# (src/pool.c, plain pthreads and C11 atomics, which TSan sees whole) doing the
# split, so its fork/join protocol is checked too.
# Extra configure arguments: GP_CMAKE_ARGS.  Build dir: build-tsan (override with GP_BUILD_DIR).  Budget: ~3 min.
set -euo pipefail
cd "$(dirname "$0")/.."
B=${GP_BUILD_DIR:-build-tsan}
JOBS=${GP_JOBS:-2}

scripts/deps.sh test clang libclang-rt-14-dev

t0=$(date +%s)
SAN="-fsanitize=thread -fno-omit-frame-pointer"
CC=clang cmake -S . -B "$B" -DCMAKE_BUILD_TYPE=Debug -DGPRIME_WERROR=ON \
  -DGPRIME_BUILD_BENCH=OFF -DGPRIME_BUILD_TOOLS=OFF -DGPRIME_BUILD_TESTS=ON -DGPRIME_BUILD_FUZZ=OFF \
  -DCMAKE_C_FLAGS="-O1 -g $SAN" \
  -DCMAKE_EXE_LINKER_FLAGS="$SAN" -DCMAKE_SHARED_LINKER_FLAGS="$SAN" \
  ${GP_CMAKE_ARGS:-} >/dev/null
cmake --build "$B" -j"$JOBS" --target test_threads test_split test_pool
export TSAN_OPTIONS="halt_on_error=1:abort_on_error=1:second_deadlock_stack=1"
# the tests run as built (no ctest: the other tests' targets are not built here)
"$B/tests/robust/test_threads"
"$B/tests/robust/test_split"
# test_pool forks after its workers exist, then makes new ones in the child
TSAN_OPTIONS="$TSAN_OPTIONS:die_after_fork=0" "$B/tests/robust/test_pool"
echo "tsan: no data race, $(( $(date +%s) - t0 )) s"
