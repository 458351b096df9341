#!/usr/bin/env bash
# Installs gprime into a temporary prefix and checks that a consumer can use it:
#   1. pkg-config --cflags --libs gprime       (shared, run with LD_LIBRARY_PATH)
#   2. CMake find_package(gprime) + gprime::gprime
#   3. pkg-config --static --cflags --libs gprime against libgprime.a
# Each consumer must run and print the expected lines.  Exits non-zero on any
# failure.  Works from any directory; everything is built under a temp dir.
#   scripts/check-install.sh [--keep]     (--keep: leave the temp dir)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
keep=0
[ "${1:-}" = "--keep" ] && keep=1
jobs="${CHECK_INSTALL_JOBS:-2}"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/gprime-check-install.XXXXXX")"
cleanup() { if [ "$keep" -eq 0 ]; then rm -rf "$tmp"; else echo "check-install: kept $tmp"; fi; }
trap cleanup EXIT

fail() { echo "check-install: FAIL: $*" >&2; exit 1; }
step() { echo "check-install: $*"; }

for tool in cmake cc pkg-config; do
  command -v "$tool" >/dev/null || fail "$tool not found (scripts/deps.sh build installs it)"
done

prefix="$tmp/prefix"
build="$tmp/build"

step "configure + build the library ($build)"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$prefix" \
  -DGPRIME_BUILD_TESTS=OFF -DGPRIME_BUILD_TOOLS=OFF -DGPRIME_BUILD_BENCH=OFF >"$tmp/configure.log" 2>&1 ||
  { cat "$tmp/configure.log" >&2; fail "configure"; }
cmake --build "$build" -j"$jobs" >"$tmp/build.log" 2>&1 || { cat "$tmp/build.log" >&2; fail "build"; }

step "install to $prefix"
cmake --install "$build" >"$tmp/install.log" 2>&1 || { cat "$tmp/install.log" >&2; fail "install"; }

# the library directory (lib or lib64, as GNUInstallDirs chose)
pcfile="$(find "$prefix" -name gprime.pc -path '*/pkgconfig/*' | head -n1)"
[ -n "$pcfile" ] || fail "no gprime.pc under $prefix"
libdir="$(dirname "$(dirname "$pcfile")")"
for f in "$prefix/include/gprime.h" "$libdir/libgprime.a" "$libdir/cmake/gprime/gprimeConfig.cmake"; do
  [ -f "$f" ] || fail "missing $f"
done
ls "$libdir"/libgprime.so* >/dev/null 2>&1 || fail "missing $libdir/libgprime.so"

version="$(sed -n 's/^#define GPRIME_VERSION_STRING "\(.*\)"/\1/p' "$root/include/gprime.h")"
[ -n "$version" ] || fail "cannot read GPRIME_VERSION_STRING"

# a consumer's output must be exactly these lines
expected="gprime $version
sigmoid'(0) = 0.25
tanh'(0) = 1
leaky_relu(-2) = -0.5
consumer ok"

check_output() { # name, binary, [env...]
  local name="$1" bin="$2"
  shift 2
  local out
  out="$(env "$@" "$bin")" || fail "$name: consumer exited with $?: $out"
  [ "$out" = "$expected" ] || fail "$name: unexpected output:
$out
--- expected:
$expected"
  step "$name: ok"
}

export PKG_CONFIG_PATH="$libdir/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
src="$root/examples/consumer/main.c"

step "1. pkg-config (shared)"
[ "$(pkg-config --modversion gprime)" = "$version" ] || fail "pkg-config --modversion != $version"
# shellcheck disable=SC2046
cc -std=c11 -Wall -Wextra -Wpedantic -Werror -o "$tmp/consumer-pc" "$src" $(pkg-config --cflags --libs gprime) ||
  fail "pkg-config build"
# the temp prefix is not on the loader path: point LD_LIBRARY_PATH at it
check_output "pkg-config shared" "$tmp/consumer-pc" LD_LIBRARY_PATH="$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

step "2. CMake find_package"
cmake -S "$root/examples/consumer" -B "$tmp/consumer-cmake" -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_BUILD_TYPE=Release >"$tmp/consumer-configure.log" 2>&1 ||
  { cat "$tmp/consumer-configure.log" >&2; fail "consumer configure (find_package)"; }
cmake --build "$tmp/consumer-cmake" -j"$jobs" >"$tmp/consumer-build.log" 2>&1 ||
  { cat "$tmp/consumer-build.log" >&2; fail "consumer build (CMake)"; }
# the imported target carries the install path; run without LD_LIBRARY_PATH (RPATH from the build tree)
check_output "cmake find_package" "$tmp/consumer-cmake/consumer"

step "3. pkg-config --static (libgprime.a)"
# link the archive explicitly so the shared library cannot be picked instead
static_flags="$(pkg-config --static --libs gprime | sed "s|-lgprime|$libdir/libgprime.a|")"
# shellcheck disable=SC2046,SC2086
cc -std=c11 -Wall -Wextra -Wpedantic -Werror -DGPRIME_STATIC_DEFINE -o "$tmp/consumer-static" "$src" \
  $(pkg-config --cflags gprime) $static_flags || fail "static build"
if command -v ldd >/dev/null && ldd "$tmp/consumer-static" | grep -q libgprime; then
  fail "static consumer still depends on libgprime.so"
fi
check_output "pkg-config static" "$tmp/consumer-static" LD_LIBRARY_PATH=

step "all checks passed"
