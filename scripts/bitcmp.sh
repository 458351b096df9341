#!/usr/bin/env bash
# Compares the results of two builds of gprime bit for bit: every float32
# input and N float64 inputs of every operation of the given activations
# (tools/bitcmp/bitcmp.c), on the ISA each run selects (GPRIME_ISA works).
#   scripts/bitcmp.sh REV [SPEC...]     REV: the commit to compare HEAD's working tree with
# Default specs: sigmoid tanh relu leaky_relu.  Exit 0 when every line agrees.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rev="${1:?usage: scripts/bitcmp.sh REV [SPEC...]}"
shift
specs=("$@")
[ ${#specs[@]} -gt 0 ] || specs=(sigmoid tanh relu leaky_relu)
tmp="$(mktemp -d "${TMPDIR:-/tmp}/gprime-bitcmp.XXXXXX")"
trap 'git -C "$root" worktree remove --force "$tmp/old" >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
git -C "$root" worktree add -q --detach "$tmp/old" "$rev"
for side in old new; do
  src="$root"; [ "$side" = old ] && src="$tmp/old"
  cmake -S "$src" -B "$tmp/build-$side" -DCMAKE_BUILD_TYPE=Release -DGPRIME_BUILD_TESTS=OFF \
    -DGPRIME_BUILD_TOOLS=OFF -DGPRIME_BUILD_BENCH=OFF >/dev/null
  cmake --build "$tmp/build-$side" -j"$(nproc)" --target gprime_static >/dev/null
  cc -O2 -std=c11 "$root/tools/bitcmp/bitcmp.c" -I"$src/include" "$tmp/build-$side/libgprime.a" -lm -lpthread \
    -o "$tmp/bitcmp-$side"
  echo "bitcmp: $side ($([ "$side" = old ] && echo "$rev" || echo "working tree")), isa ${GPRIME_ISA:-auto}" >&2
  "$tmp/bitcmp-$side" "${specs[@]}" > "$tmp/$side.txt"
done
if diff "$tmp/old.txt" "$tmp/new.txt"; then
  echo "bitcmp: identical: $(wc -l < "$tmp/new.txt") (activation, operation, type) digests"
else
  echo "bitcmp: DIFFERENT results (lines above)"; exit 1
fi
