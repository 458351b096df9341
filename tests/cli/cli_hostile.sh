#!/usr/bin/env bash
# Issue 19: hostile use of the gprime command-line tool, one group per class
# of defect.  Every run is bounded (timeout, a file-size limit), so a
# regression fails instead of hanging or filling the disk.
#   cli_hostile.sh GPRIME GROUP     GROUP: ranges outputs signals input smaller
# Exit 0 when every check of the group holds, 1 otherwise (77: skipped).
set -u
G=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
GROUP=$2
W=$(mktemp -d "${TMPDIR:-/tmp}/gp_hostile.XXXXXX")
trap 'rm -rf "$W"' EXIT
cd "$W" || exit 1
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
# run WANT_STATUS CMD...: bounded to 20 s and 20 MB of output files
run() {
    local want=$1
    shift
    (ulimit -f 40000; timeout -s KILL 20 "$@") >out.txt 2>err.txt
    local rc=$?
    [ "$rc" = "$want" ] || fail "exit $rc, want $want: $* ($(head -c 300 err.txt))"
}
no_tmp() { # no temporary file left in the directory
    local left
    left=$(find . -name '*.tmp.*' | head -3)
    [ -z "$left" ] || fail "temporary file left: $left ($*)"
    find . -name '*.tmp.*' -delete
}

case $GROUP in
ranges) # degenerate numbers in ranges: exit 2 with a message, never a hang, a huge or a broken file
    for r in 0:5e-324 0:1e-320 -1e308:1e308 0:1e-310 1e300:1.7e308 -1.7e308:0 -5e-324:5e-324 \
             1e-400:1 0:1e400 nan:1 0:inf 2:1 1:1 : 0: :1 1:2:3 x:1 '' \
             0:0x1p-1074 -0x1.fffffffffffffp1023:0; do
        run 2 "$G" plot relu --range "$r" --out den.svg
        [ ! -e den.svg ] || fail "plot --range $r wrote den.svg"
        grep -q "range" err.txt || fail "plot --range $r: no message about the range"
        run 2 "$G" check sigmoid --range "$r"
        run 2 "$G" plot relu --range "$r" # text chart
    done
    run 2 "$G" check sigmoid --type f32 --range -1e39:1e39
    run 2 "$G" check sigmoid --type f32 --range 0:1e-35
    # the extremes the rule allows work: finite coordinates, exit 0
    for r in -1e300:1e300 0:1e-300 1e300:1e300 1:1.0000000000000002 -1e-300:0; do
        [ "$r" = 1e300:1e300 ] && continue
        run 0 "$G" plot relu sigmoid 'leaky_relu(alpha=1e300)' --range "$r" --out ok.svg
        if grep -qiE 'nan|inf' ok.svg; then fail "plot --range $r: non-finite coordinate in the SVG"; fi
        [ "$(wc -c <ok.svg)" -lt 2000000 ] || fail "plot --range $r: SVG of $(wc -c <ok.svg) bytes"
        run 0 "$G" plot relu --range "$r"
    done
    for t in f64 f32; do
        run 0 "$G" check sigmoid --type $t --range -1e30:1e30
        run 0 "$G" check relu --type $t --range -1e-30:1e-30
    done
    run 0 "$G" check tanh --range -1e300:1e300
    run 2 "$G" check sigmoid --points 100000000
    ;;
outputs) # special files as --out: devices and FIFOs written to, never replaced; links followed
    # As root a broken writer would replace the system's /dev/null: use private
    # nodes of the same devices then (mknod), the real ones only when not root
    # (a rename into /dev then fails, whatever the writer does).
    null=/dev/null full=/dev/full
    if [ "$(id -u)" = 0 ]; then
        if mknod -m 666 null c 1 3 2>/dev/null && mknod -m 666 full c 1 7 2>/dev/null; then
            null=$PWD/null full=$PWD/full
        else
            null= full=
        fi
    fi
    if [ -n "$null" ]; then
        run 0 "$G" plot relu --out "$null"
        [ -c "$null" ] || fail "$null is no longer a character device"
        run 1 "$G" plot relu --out "$full"
        [ -c "$full" ] || fail "$full replaced"
        run 0 "$G" train --iters 3 --quiet --points 20 --save-curve "$null"
        [ -c "$null" ] || fail "train --save-curve replaced $null"
    fi
    mkfifo fifo
    run 2 "$G" plot relu --out fifo # nobody reads: refused at once
    [ -p fifo ] || fail "the FIFO was replaced"
    (cat fifo >from_fifo.svg) &
    reader=$!
    sleep 0.3
    run 0 "$G" plot relu --out fifo
    wait $reader
    [ -p fifo ] || fail "the FIFO was replaced after writing"
    grep -q '</svg>' from_fifo.svg || fail "the FIFO's reader got no SVG"
    echo old >real.svg
    chmod 640 real.svg
    ln -s real.svg link.svg
    run 0 "$G" plot relu --out link.svg
    [ -L link.svg ] || fail "the symlink was replaced by a regular file"
    grep -q '</svg>' real.svg || fail "the symlink's target was not written"
    [ "$(stat -c %a real.svg)" = 640 ] || fail "the target's mode $(stat -c %a real.svg), want 640"
    mkdir sub
    ln -s sub/new.svg dangling.svg
    run 0 "$G" plot relu --out dangling.svg
    [ -L dangling.svg ] && [ -f sub/new.svg ] || fail "a dangling symlink was not followed"
    ln -s loop1 loop2
    ln -s loop2 loop1
    run 2 "$G" plot relu --out loop1
    run 2 "$G" plot relu --out sub
    [ -d sub ] || fail "a directory was replaced"
    run 2 "$G" plot relu --out ''
    grep -q "file name" err.txt || fail "--out '': no clear message"
    run 2 "$G" plot relu --out missing-dir/x.svg
    if command -v python3 >/dev/null; then
        python3 -c "import socket; socket.socket(socket.AF_UNIX).bind('sock')"
        run 2 "$G" plot relu --out sock
        [ -S sock ] || fail "a socket was replaced"
    fi
    run 2 "$G" train --iters 1 --quiet --save-curve ''
    run 0 "$G" train --iters 3 --quiet --points 20 --save-curve link.svg
    [ -L link.svg ] || fail "train --save-curve replaced the symlink"
    no_tmp outputs
    ;;
signals) # an interrupted run leaves no partial or temporary file
    # SIGXFSZ: plot past a 64 KB file-size limit
    (ulimit -f 64; exec "$G" plot relu sigmoid tanh --points 100000 --out big.svg) >/dev/null 2>&1
    rc=$?
    [ "$rc" -ge 128 ] || fail "plot past ulimit -f exited $rc, want death by SIGXFSZ"
    [ ! -e big.svg ] || fail "plot past ulimit -f left big.svg"
    no_tmp SIGXFSZ
    # SIGTERM and SIGINT while train writes its curve (a few million rows); job
    # control on, so that the background job does not start with SIGINT ignored
    set -m
    for sig in TERM INT; do
        "$G" train --points 2 --hidden 1 --iters 3000000 --print-every 0 --quiet --save-curve c.csv \
            >/dev/null 2>&1 &
        pid=$!
        for _ in $(seq 1 600); do # up to 60 s for the temporary file to appear
            if compgen -G 'c.csv.tmp.*' >/dev/null; then break; fi
            kill -0 $pid 2>/dev/null || break
            sleep 0.1
        done
        compgen -G 'c.csv.tmp.*' >/dev/null || { kill -KILL $pid 2>/dev/null; echo "note: SIG$sig not sent mid-write"; }
        kill -$sig $pid 2>/dev/null
        wait $pid
        rc=$?
        [ "$rc" -ge 128 ] || [ -e c.csv ] || fail "train after SIG$sig exited $rc without a file"
        if [ "$rc" -ge 128 ]; then [ ! -e c.csv ] || fail "SIG$sig left c.csv"; fi
        no_tmp "train SIG$sig"
        rm -f c.csv
    done
    ;;
input) # unbounded input: bounded memory, a clear message, exit 2
    run 2 "$G" train --data /dev/zero --quiet
    grep -q "limit" err.txt || fail "--data /dev/zero: no message about the limit"
    # under 1 GB of address space (not with AddressSanitizer, which reserves terabytes)
    if grep -qa __asan_init "$G"; then lim=unlimited; else lim=1000000; fi
    (ulimit -v $lim; timeout -s KILL 20 "$G" train --data /dev/urandom --quiet) >/dev/null 2>err.txt
    rc=$?
    [ "$rc" = 2 ] || fail "--data /dev/urandom (ulimit -v $lim): exit $rc"
    head -c 70000000 /dev/zero | tr '\0' '1' >big.csv
    run 2 "$G" train --data big.csv --quiet
    grep -q "limit" err.txt || fail "a 70 MB file: no message about the limit"
    rm -f big.csv
    run 2 "$G" train --data . --quiet
    yes '1,0' | head -c 5000000 >tall.csv # 2.5M rows of 2 cells: within the limits
    run 0 "$G" train --data tall.csv --iters 1 --quiet
    # pandas' to_csv() index column: refused with a message, not used as a feature
    printf ',x,label\n0,0.5,0\n1,0.7,0\n2,0.1,1\n3,0.2,1\n' >pandas.csv
    run 2 "$G" train --data pandas.csv --iters 10 --quiet
    grep -q "index" err.txt || fail "pandas index: no message naming it"
    printf 'i,x,label\n0,0.5,0\n1,0.7,0\n2,0.1,1\n3,0.2,1\n' >named.csv
    run 0 "$G" train --data named.csv --iters 10 --quiet --test-frac 0
    ;;
smaller)
    run 2 "$G" plot relu --out ''
    run 2 "$G" eval sigmoid 1e-400
    run 2 "$G" eval sigmoid 1e400
    run 0 "$G" eval sigmoid inf -inf nan 1e-310
    run 2 "$G" eval 'leaky_relu(alpha=1e-400)' 1
    digits=$(printf '0.5%0300d1' 0)
    run 0 "$G" eval "leaky_relu(alpha=$digits)" -1
    grep -q -- '-0.5' out.txt || fail "a 300-digit alpha was not read as 0.5"
    run 2 "$G" eval --type f32 'leaky_relu(alpha=3.4028235677973366e38)' 1
    # a network past its size limit is bad input with its own message, not "parameter out of range"
    awk 'BEGIN { OFS = ","; print "x1,x2,y"; for (i = 0; i < 3000; i++) print i % 7, i % 5, i % 2 }' > big.csv
    run 2 "$G" train --data big.csv --hidden 100000 --iters 1 --test-frac 0
    grep -q "too large" err.txt || fail "train past the size limit: $(head -c 200 err.txt)"
    grep -q "parameter out of range" err.txt && fail "train past the size limit says 'parameter out of range'"
    if ! "$G" bench --help 2>&1 | grep -q "built without"; then
        for l in , ,, 1, ,1 1,,2 ''; do
            run 2 "$G" bench --n "$l" --quick
        done
    fi
    ;;
*)
    echo "unknown group $GROUP"
    exit 2
    ;;
esac
[ "$fails" = 0 ] && echo "cli_hostile $GROUP: ok" && exit 0
echo "cli_hostile $GROUP: $fails failed"
exit 1
