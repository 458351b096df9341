#!/usr/bin/env bash
# libFuzzer: each harness in fuzz/ for a bounded time (GP_FUZZ_SECONDS, default
# 60 s each), built with clang -fsanitize=fuzzer,address,undefined over a library
# instrumented the same way (kernels included).  Seeds: fuzz/corpus/<harness>/
# and the regression inputs fuzz/regress/<harness>/ (read only; new inputs go
# to the build dir).  Any crash, sanitizer report or failed property fails the
# script; the reproducer is left in <build>/artifacts/ - add it to
# fuzz/regress/<harness>/ so that CTest (robust_<harness>_replay) replays it.
# Extra configure arguments: GP_CMAKE_ARGS.  Build dir: build-fuzz (override with GP_BUILD_DIR).  Budget: 3 x 60 s + build.
set -euo pipefail
cd "$(dirname "$0")/.."
B=${GP_BUILD_DIR:-build-fuzz}
JOBS=${GP_JOBS:-2}
SECS=${GP_FUZZ_SECONDS:-60}

scripts/deps.sh test clang libclang-rt-14-dev libomp-dev

SAN="-fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=all -fno-omit-frame-pointer"
CC=clang cmake -S . -B "$B" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGPRIME_WERROR=ON -DGPRIME_BUILD_FUZZ=ON \
  -DGPRIME_BUILD_TESTS=OFF -DGPRIME_BUILD_BENCH=OFF -DGPRIME_BUILD_TOOLS=OFF \
  -DCMAKE_C_FLAGS="$SAN" ${GP_CMAKE_ARGS:-} >/dev/null
targets=$(cmake --build "$B" --target help)
harnesses=()
for f in fuzz/fuzz_*.c; do
  h=$(basename "$f" .c)
  [ -d "fuzz/corpus/$h" ] || continue
  # fuzz/CMakeLists.txt leaves out fuzz_csv when the CSV reader (gprime_nn) is absent
  if ! grep -q "\.\.\. $h\$" <<<"$targets"; then
    echo "fuzz: $h skipped (no target)"
    continue
  fi
  harnesses+=("$h")
done
cmake --build "$B" -j"$JOBS" --target "${harnesses[@]}"

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
failed=()
mkdir -p "$B/artifacts"
for h in "${harnesses[@]}"; do
  work="$B/corpus/$h"
  mkdir -p "$work"
  rm -f "$B/artifacts/$h-"*
  seeds=("fuzz/corpus/$h")
  [ -d "fuzz/regress/$h" ] && seeds+=("fuzz/regress/$h")
  echo "=== $h: ${SECS} s"
  if ! "$B/fuzz/$h" -max_total_time="$SECS" -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix="$B/artifacts/$h-" "$work" "${seeds[@]}" 2>"$B/$h.log"; then
    failed+=("$h")
    grep -E 'property failed|^  |ERROR|SUMMARY|runtime error' "$B/$h.log" | head -20 >&2 || true
    echo "fuzz: $h failed; reproducer(s): $(ls "$B/artifacts/$h-"* 2>/dev/null | tr '\n' ' ')" >&2
  fi
  grep -E '^stat::number_of_executed_units|^Done|cov:' "$B/$h.log" | tail -2
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: FAILED: ${failed[*]} (full logs in $B/<harness>.log)" >&2
  exit 1
fi
echo "fuzz: ${harnesses[*]}: ${SECS} s each, no finding"
