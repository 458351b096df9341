#!/bin/sh
# The full accuracy sweep of issue #4: every float32 bit pattern for every
# activation x operation x instruction set (the widest path measured against
# the references, the others compared with it bit for bit), 1e8 float64
# inputs (long double screen, MPFR for every result near or past half an
# ulp), the peers found at build time on every 16th input; writes
# docs/ACCURACY.md with the run time.  Measured: 22.8 min on the 2-core
# machine while two other jobs kept it loaded (load average 3.5-5.5, about
# 1.2 cores for the sweep); the per-input cost (~0.25 us of CPU per float32
# input over all 60 kernels) puts 2 idle cores near 12-15 min.  Run it in
# the background, e.g.
#   nohup scripts/exhaustive.sh > exhaustive.log 2>&1 &
#   scripts/exhaustive.sh [BUILD_DIR] [extra gprime-ulp options]
# BUILD_DIR defaults to build-exhaustive (configured if needed, always brought up to date).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-"$root/build-exhaustive"}
[ $# -gt 0 ] && shift
# always (re)build: a sweep of stale kernels would prove nothing
[ -f "$build/CMakeCache.txt" ] || cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DGPRIME_BUILD_ULP=ON >/dev/null
cmake --build "$build" -j2 --target gprime-ulp >/dev/null
start=$(date +%s)
status=0
"$build/tools/ulp/gprime-ulp" --mode full --threads "${GPRIME_ULP_THREADS:-2}" \
    --markdown "$root/docs/ACCURACY.md" "$@" || status=$?
echo "exhaustive sweep: $(( $(date +%s) - start )) s, exit status $status, report in docs/ACCURACY.md"
exit $status
