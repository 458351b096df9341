#!/usr/bin/env bash
# gprime on 64-bit ARM, from this x86-64 machine: cross-compiles everything
# with Debian's gcc-aarch64-linux-gnu (-Werror; cmake/aarch64-linux-gnu.cmake)
# and runs the tests that finish in reasonable time under qemu-user, which
# emulates every floating-point instruction in software (the unit tests with
# their MPFR references take over ten minutes there, robust_api_edges and
# robust_threads minutes, so they, the accuracy sweep and the tests that run
# the CLI through a shell script are left to native ARM machines; the rest
# take about 40 s).  On AArch64 the library builds its portable kernels;
# robust_align checks every kernel, length and misalignment, so this proves
# that the build, the dispatch and the arithmetic hold on a second
# architecture.  Installs what it needs (scripts/deps.sh arm64).
#   scripts/arm64.sh [BUILD_DIR]      default build-arm64
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$root/build-arm64}"
# A machine that cannot get the cross toolchain (no network, no root, a
# mirror without arm64) skips this check with a note rather than failing.
if ! "$root/scripts/deps.sh" arm64; then
  echo "arm64.sh: SKIPPED: the AArch64 cross toolchain could not be installed (scripts/deps.sh arm64)" >&2
  exit 0
fi
export PKG_CONFIG_LIBDIR=/usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig
cmake -S "$root" -B "$build" -DCMAKE_TOOLCHAIN_FILE="$root/cmake/aarch64-linux-gnu.cmake" \
      -DCMAKE_BUILD_TYPE=Release -DGPRIME_WERROR=ON -DGPRIME_BUILD_BENCH=OFF -DGPRIME_BUILD_TESTS=ON \
      -DGPRIME_BUILD_FUZZ=OFF >/dev/null
cmake --build "$build" -j"$(nproc)"
file "$build/tools/gprime/gprime" | grep -q "ARM aarch64" || { echo "arm64.sh: not an AArch64 build" >&2; exit 1; }
cd "$build"
ctest -j"$(nproc)" --output-on-failure --timeout 300 \
      -R '^(unit\.test_semantics|unit\.test_spec|unit\.test_isa_env_generic|unit\.test_isa_env_bogus|nn\.rng_data|nn\.csv|nn\.net|robust_edge_table|robust_align|robust_tails|robust_fuzz_act_replay|robust_fuzz_array_replay|robust_fuzz_csv_replay)$'
qemu-aarch64 -L /usr/aarch64-linux-gnu tools/gprime/gprime eval sigmoid -10 0 10
