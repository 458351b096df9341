#!/usr/bin/env bash
# A newcomer's first hour, on every CI run: from a clean clone, on a machine
# that has only the build tools, the README's first command (scripts/demo.sh)
# must print the demo, and the plain library build must configure, build and
# install.  The test and peer -dev packages are hidden, not removed: in a
# private mount namespace (unshare -m) an overlay over /usr/include and
# /usr/lib/<multiarch> holds a whiteout for every file that `dpkg -L` lists
# for them, so a configure that needs one of them fails here.  Nothing outside
# the namespace changes.
#   scripts/fresh-demo.sh [--require] [REV]
# REV: the commit to clone (default HEAD).  Needs root (mount namespaces);
# otherwise, or where overlayfs is unavailable, it is skipped with a note,
# unless --require (CI) makes that a failure.  Budget: about 2 minutes.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HIDE=(libcmocka-dev libmpfr-dev libgmp-dev libsleef-dev libdnnl-dev libxnnpack-dev libpthreadpool-dev)
require=0
if [ "${1:-}" = "--require" ]; then require=1; shift; fi
rev="${1:-HEAD}"

skip() {
  if [ "$require" -eq 1 ]; then echo "fresh-demo: FAIL: $*" >&2; exit 1; fi
  echo "fresh-demo: SKIPPED: $*" >&2
  exit 0
}
fail() { echo "fresh-demo: FAIL: $*" >&2; exit 1; }
say() { echo "fresh-demo: $*"; }

if [ "${GP_FRESH_INSIDE:-0}" != 1 ]; then
  # ---- outside: check that it can be done, then run this script in a namespace
  [ "$(id -u)" -eq 0 ] || skip "needs root for a private mount namespace (unshare -m)"
  command -v unshare >/dev/null || skip "unshare (util-linux) not found"
  grep -qw overlay /proc/filesystems || modprobe overlay 2>/dev/null || true
  grep -qw overlay /proc/filesystems || skip "overlayfs not available"
  unshare -m --propagation private true 2>/dev/null || skip "unshare -m not permitted here"
  sha="$(git -C "$root" rev-parse --verify "$rev^{commit}")" || fail "no commit $rev"
  tmp="$(mktemp -d "${TMPDIR:-/tmp}/gprime-fresh.XXXXXX")"
  trap 'rm -rf "$tmp"' EXIT
  args=("$rev")
  [ "$require" -eq 0 ] || args=(--require "$rev")
  status=0
  GP_FRESH_INSIDE=1 GP_FRESH_TMP="$tmp" GP_FRESH_SHA="$sha" \
    unshare -m --propagation private "${BASH_SOURCE[0]}" "${args[@]}" || status=$?
  exit $status
fi

# ---- inside the private mount namespace ----------------------------------------
tmp="$GP_FRESH_TMP"
sha="$GP_FRESH_SHA"
mount -t tmpfs -o size=2g gprime-fresh "$tmp"
multiarch="$(gcc -print-multiarch 2>/dev/null || dpkg-architecture -qDEB_HOST_MULTIARCH)"
dirs=(/usr/include "/usr/lib/$multiarch")

# whiteouts: a character device 0/0 in the upper layer hides the lower file
hidden=0
for d in "${dirs[@]}"; do
  mkdir -p "$tmp/upper$d" "$tmp/work$d"
done
# the native architecture's package: with a foreign one installed too (arm64.sh
# installs libcmocka-dev:arm64), a bare name is ambiguous to dpkg -L
arch="$(dpkg --print-architecture)"
for p in "${HIDE[@]}"; do
  files="$(dpkg -L "$p:$arch" 2>/dev/null || dpkg -L "$p" 2>/dev/null)" || continue # not installed
  while IFS= read -r f; do
    for d in "${dirs[@]}"; do
      case "$f" in "$d"/*) ;; *) continue ;; esac
      # directories are shared with other packages: hide only files and links
      if [ -d "$f" ] && [ ! -L "$f" ]; then continue; fi
      [ -e "$f" ] || [ -L "$f" ] || continue
      mkdir -p "$tmp/upper$(dirname "$f")"
      mknod "$tmp/upper$f" c 0 0
      hidden=$((hidden + 1))
    done
  done <<<"$files"
done
for d in "${dirs[@]}"; do
  mount -t overlay gprime-fresh -o "lowerdir=$d,upperdir=$tmp/upper$d,workdir=$tmp/work$d" "$d" ||
    skip "cannot mount an overlay over $d"
done
for f in /usr/include/cmocka.h /usr/include/mpfr.h /usr/include/sleef.h "/usr/lib/$multiarch/libmpfr.so"; do
  [ ! -e "$f" ] || fail "$f is still visible in the namespace"
done
say "hid $hidden files of ${HIDE[*]} (private mount namespace)"

# ---- 1. a clean clone and the README's first command
git clone --quiet --no-checkout "$root" "$tmp/src"
git -C "$tmp/src" -c advice.detachedHead=false checkout --quiet --detach "$sha"
say "cloned $(git -C "$tmp/src" log -1 --format='%h %s' | cut -c1-72)"
cmd="$(sed -n '/^```sh$/,/^```$/p' "$tmp/src/README.md" | sed -n '2p' | sed 's/ *#.*//')"
[ -n "$cmd" ] || fail "no first command in README.md"
say "running the README's first command: $cmd"
start=$(date +%s)
if ! (cd "$tmp/src" && bash -c "$cmd") >"$tmp/demo.out" 2>"$tmp/demo.err"; then
  cat "$tmp/demo.err" >&2
  fail "$cmd failed on a fresh machine"
fi
secs=$(( $(date +%s) - start ))
grep -q "sigmoid" "$tmp/demo.out" || { cat "$tmp/demo.out" "$tmp/demo.err" >&2; fail "the demo printed no table"; }
head -n 12 "$tmp/demo.out"
say "... ($(wc -l <"$tmp/demo.out") lines) $cmd: ok in $secs s"

# ---- 2. the library and what needs nothing: defaults, build, install
say "cmake -S . -B build (defaults), build, install"
cd "$tmp/src"
cmake -S . -B "$tmp/build" -DCMAKE_INSTALL_PREFIX="$tmp/prefix" >"$tmp/configure.log" 2>&1 ||
  { cat "$tmp/configure.log" >&2; fail "configure with the defaults"; }
grep -E '^-- gprime: skipping' "$tmp/configure.log" | sed 's/^/  /' || true
cmake --build "$tmp/build" -j"$(nproc)" >"$tmp/build.log" 2>&1 || { tail -40 "$tmp/build.log" >&2; fail "build"; }
cmake --install "$tmp/build" >"$tmp/install.log" 2>&1 || { cat "$tmp/install.log" >&2; fail "install"; }
[ -f "$tmp/prefix/include/gprime.h" ] || fail "gprime.h not installed"
cfg="$(find "$tmp/prefix" -name gprimeConfig.cmake | head -n1)"
[ -n "$cfg" ] || fail "gprimeConfig.cmake not installed"
cmake -S examples/consumer -B "$tmp/consumer" -DCMAKE_PREFIX_PATH="$tmp/prefix" >/dev/null &&
  cmake --build "$tmp/consumer" >/dev/null || fail "a find_package(gprime) consumer does not build"
"$tmp/consumer/consumer" | grep -q "consumer ok" || fail "the consumer does not run"
say "configure, build, install and a find_package consumer: ok"
say "  CTest has the $(cd "$tmp/build" && ctest -N | sed -n 's/^Total Tests: //p') tests that need nothing"

# ---- 3. asking for the tests makes their missing dependency an error
if cmake -S . -B "$tmp/build-on" -DGPRIME_BUILD_TESTS=ON >"$tmp/on.log" 2>&1; then
  fail "-DGPRIME_BUILD_TESTS=ON configured without cmocka and MPFR"
fi
grep -q "cmocka" "$tmp/on.log" || { cat "$tmp/on.log" >&2; fail "-DGPRIME_BUILD_TESTS=ON failed, but not on cmocka"; }
say "-DGPRIME_BUILD_TESTS=ON without cmocka: configure stops, as it should:"
grep -m1 'gprime:' "$tmp/on.log" | sed 's/^ */  /' || true

# ---- 4. as a subproject: the library only, no tests
mkdir -p "$tmp/parent"
cat >"$tmp/parent/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.16)
project(parent LANGUAGES C)
enable_testing()
add_subdirectory("$tmp/src" gprime)
add_executable(consumer "$tmp/src/examples/consumer/main.c")
target_link_libraries(consumer PRIVATE gprime::gprime_static)
target_compile_definitions(consumer PRIVATE GPRIME_STATIC_DEFINE)
CMAKE
cmake -S "$tmp/parent" -B "$tmp/parent-build" >"$tmp/parent.log" 2>&1 || { cat "$tmp/parent.log" >&2; fail "add_subdirectory configure"; }
if grep -q 'gprime: skipping' "$tmp/parent.log"; then fail "as a subproject gprime still looks for its test dependencies"; fi
cmake --build "$tmp/parent-build" -j"$(nproc)" --target consumer >/dev/null || fail "add_subdirectory build"
"$tmp/parent-build/consumer" | grep -q "consumer ok" || fail "the subproject consumer does not run"
n="$(cd "$tmp/parent-build" && ctest -N | sed -n 's/^Total Tests: //p')"
[ "$n" = 0 ] || fail "as a subproject gprime added $n tests"
say "add_subdirectory(gprime): library only, no tests, no note: ok"
say "all checks passed"
