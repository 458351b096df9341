#!/usr/bin/env bash
# Command-line tests of `gprime`: normal and bad use of every command.
#   cli_test.sh GPRIME GROUP [BREAST_CANCER_CSV]
# Each group is one CTest test.  A check prints what it ran on failure.
set -u
G="$1"; group="$2"; BC="${3:-}"
T="$(mktemp -d)"; trap 'rm -rf "$T"' EXIT
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

# run EXPECTED_STATUS ARGS...: runs gprime, keeps stdout in $T/out, stderr in $T/err
run() {
  local want="$1"; shift
  "$G" "$@" >"$T/out" 2>"$T/err"; local rc=$?
  [ "$rc" -eq "$want" ] || fail "gprime $* -> status $rc, want $want; stderr: $(head -c 400 "$T/err")"
}
has() { grep -qE -- "$2" "$T/$1" || fail "'$3' output lacks /$2/: $(head -c 600 "$T/$1")"; }
hasnt() { grep -qE -- "$2" "$T/$1" && fail "'$3' output has /$2/"; return 0; }

case "$group" in
general)
  run 0 --help; has out "eval" "--help"; has out "demo" "--help"
  has out "^  leaky_relu +alpha=0\.01, grad_at_zero=0\.01 in \[0\.01, 1\]" "--help lists the activations from the table"
  run 0 eval --help; has out "^ +g' from a = a\(1-a\)$" "eval --help has the formulas"
  run 0 --version; has out "^gprime [0-9]+\.[0-9]+\.[0-9]+" "--version"
  run 2; has err "Usage" "no command"
  run 2 frobnicate; has err "unknown command 'frobnicate'" "frobnicate"
  run 2 --bogus; has err "Try 'gprime --help'" "--bogus"
  for c in eval check plot train predict data demo isa bench; do
    run 0 "$c" --help; has out "[Uu]sage: gprime $c" "$c --help"
  done
  ;;
eval)
  run 0 eval sigmoid -10 0 10
  has out "sigmoid, float64" "eval"
  has out "^ +0 +0\.5 +0\.25 +0\.25$" "eval sigmoid 0"
  has out "^ +-10 +4\.53978687e-05 +4\.53958077e-05 +4\.53958077e-05$" "eval sigmoid -10"
  has out "^ +10 +0\.999954602 +4\.53958077e-05 +4\.53958077e-05$" "eval sigmoid 10"
  run 0 eval --format csv tanh -1 0
  has out "^z,g,dg_from_z,dg_from_a$" "csv header"
  has out "^0,0,1,1$" "csv tanh 0"
  has out "^-1,-0\.76159415595576485,0\.4199743416140260[0-9]," "csv tanh -1"
  run 0 eval -f json -t f32 relu -- -2 inf
  has out '"activation": "relu", "type": "f32"' "json head"
  has out '\{"z": -2, "g": 0, "dg_from_z": 0, "dg_from_a": 0\}' "json relu -2"
  has out '\{"z": null, "g": null, "dg_from_z": 1, "dg_from_a": 1\}' "json relu inf"
  run 0 eval 'leaky_relu(alpha=0.2)' -1 ; has out "-0\.2 +0\.2 +0\.2" "leaky alpha"
  run 0 eval 'relu(grad_at_zero=1)' 0 ; has out "^ +0 +0 +1 +0$" "relu g'(0)=1 from z, 0 from a"
  run 2 eval; has err "missing activation" "eval no act"
  run 2 eval sigmoid; has err "no values" "eval no z"
  run 2 eval nosuch 1; has err "bad activation 'nosuch'" "eval nosuch"
  run 2 eval sigmoid 1 abc; has err "'abc' is not a number" "eval abc"
  run 2 eval --format xml sigmoid 1; has err "--format" "eval xml"
  run 2 eval -t f16 sigmoid 1; has err "--type" "eval f16"
  run 2 eval --nope sigmoid 1
  # no g' from a where the activation's parameters rule that form out: no such column
  run 0 eval 'leaky_relu(alpha=-1)' 1; has out "^ +z +g\(z\) +g'\(z\) from z$" "eval no from-a column"
  hasnt out "from a" "eval no from-a column"
  run 0 eval -f csv 'leaky_relu(alpha=-1)' -2; has out "^z,g,dg_from_z$" "csv no from-a column"
  has out "^-2,2,-1$" "csv leaky alpha=-1"
  ;;
check)
  # every activation `gprime --help` lists (the table), with its defaults
  "$G" --help | awk '/^Activations/ { on = 1; next } on && /^  [a-z]/ { print $1 }' >"$T/acts"
  [ "$(wc -l <"$T/acts")" -ge 4 ] || fail "--help lists $(wc -l <"$T/acts") activations"
  # the default 1001 points and 1000 (z = 0 on the grid, and not): softsign's g'
  # has a corner at 0 (g'' jumps), where the central difference alone is only of
  # first order (error h = 6e-6) and check also takes 2 D(h/2) - D(h); relu's
  # kink at 0 is checked below.
  for a in $(cat "$T/acts") 'leaky_relu(alpha=0.3)'; do
    for pts in 1000 1001; do
      run 0 check --points $pts "$a"; has out "result: ok" "check $a ($pts points)"
      has out "vs central difference: +max \|diff\| ([0-9.]+e-(0[7-9]|1[0-9])|0\.000e\+00)" "check $a accuracy"
    done
  done
  run 0 check --range -20:20 --points 4001 sigmoid
  has out "on \[-20, 20\], 4001 points" "check range"
  has out "from a = g\(z\): max \|diff\| [0-9.e+-]+ at z = " "check from-output"
  # the fast tier, against its own bounds (issue 17)
  for a in sigmoid tanh; do
    run 0 check --type f32 --range -110:110 --points 4000 "$a(accuracy=fast)"; has out "result: ok" "check f32 $a fast"
    has out "^check $a\(accuracy=fast\) on" "check names the tier"
  done
  run 0 check -t f32 tanh; has out "float32" "check f32"
  run 0 check relu; has out "skipped 1 point" "check relu kink"; has out "on \[-3, 3\]" "check default range"
  has out "backward \(da = 1\) vs g'\(z\): +max 0\.00 ulp .*\(bound 0\)" "check relu backward exact"
  run 0 check 'leaky_relu(alpha=-0.5)'; has out "g'\(z\) from a: not defined" "check no from-a"
  hasnt out "backward from a" "check no backward from a"
  run 2 check; has err "missing activation" "check none"
  run 2 check --range 5:-5 tanh; has err "LO < HI" "check range order"
  run 2 check --range abc tanh
  run 2 check --points 1 tanh
  run 2 check tanh relu; has err "one activation" "check two"
  run 2 check softmax
  ;;
plot)
  run 0 plot sigmoid tanh relu leaky_relu --out "$T/a.svg" --range -4:4
  has out "wrote .*a\.svg \(4 activations" "plot svg"
  [ -s "$T/a.svg" ] || fail "no SVG written"
  grep -q '^<svg ' "$T/a.svg" && grep -q '</svg>' "$T/a.svg" || fail "SVG not complete"
  grep -q 'stroke-dasharray' "$T/a.svg" || fail "no dashed g' curves"
  [ "$(grep -c '<path ' "$T/a.svg")" -eq 8 ] || fail "expected 8 curves"
  grep -q '>leaky_relu</text>' "$T/a.svg" || fail "no legend entry"
  ls "$T" | grep -q 'tmp' && fail "temporary file left behind"
  if command -v rsvg-convert >/dev/null; then
    rsvg-convert "$T/a.svg" -o "$T/a.png" 2>"$T/rsvg.err" || fail "rsvg-convert rejects the SVG: $(cat "$T/rsvg.err")"
    [ -s "$T/a.png" ] || fail "no PNG rendered"
  fi
  if command -v python3 >/dev/null; then
    python3 -c "import sys, xml.dom.minidom as m; m.parse(sys.argv[1])" "$T/a.svg" || fail "SVG is not well-formed XML"
  fi
  run 0 plot sigmoid relu --out "$T/d.svg"; has out "z in \[-8, 8\]" "plot default range from the facts"
  run 0 plot tanh
  has out "T  tanh g\(z\)" "text legend"
  has out "^ +1 \|" "text y label"
  has out "^ +0 \|" "text zero row"
  [ "$(grep -c '|' "$T/out")" -ge 22 ] || fail "text chart too short"
  # bad use; an unwritable place leaves nothing behind
  run 2 plot --out "$T/nodir/x.svg" tanh; has err "cannot write" "plot unwritable"
  [ -e "$T/nodir" ] && fail "created a directory"
  if [ -w /dev/full ]; then
    :
  fi
  run 2 plot; has err "missing activation" "plot none"
  run 2 plot --range 1:1 tanh
  run 2 plot --points 1 tanh
  run 2 plot tanh bogus
  run 2 plot a b c d e f g h i
  ;;
train)
  run 0 train --flower --act tanh --hidden 4 --lr 1.2 --iters 10000 --seed 1 --gradcheck --save-curve "$T/c.csv"
  has out "gradient check \(float64.*relative difference [0-9.]+e-(0[89]|1[0-9]).* ok" "train gradcheck"
  has out "^Cost after iteration 0: 0\.69" "cost line"
  has out "^Cost after iteration 9000: " "cost 9000"
  acc=$(sed -n 's/^train accuracy \([0-9.]*\) %.*/\1/p' "$T/out")
  awk -v a="$acc" 'BEGIN { exit !(a >= 90) }' || fail "tanh flower train accuracy $acc < 90"
  hasnt err "\[#" "progress bar when stderr is not a terminal"
  [ "$(wc -l <"$T/c.csv")" -eq 10002 ] || fail "curve should have 10001 rows + header"
  head -1 "$T/c.csv" | grep -qx "iteration,cost" || fail "curve header"
  cp "$T/out" "$T/out1"
  run 0 train --iters 10000 --seed 1 --quiet
  diff <(grep -v '^time' "$T/out1" | grep -v '^gradient' | grep -v '^wrote') <(grep -v '^time' "$T/out") >/dev/null ||
    fail "same seed, different output"
  run 0 train --type f32 --act sigmoid --iters 2000 --gradcheck
  has out "gradient check \(float32" "f32 gradcheck"
  has out "float32" "f32 network"
  # leaky_relu with alpha < 0 has no from-output form: the network backpropagates from Z1
  run 0 train --act 'leaky_relu(alpha=-0.5)' --iters 300 --gradcheck --print-every 0
  has out "gradient check .* ok" "train from z"
  # the accuracy tier, wherever an activation is taken (issue 17)
  run 0 train --act 'tanh(accuracy=fast)' --iters 300 --print-every 0
  has out "train accuracy" "train with the fast tier"
  run 2 train --act 'tanh(accuracy=quick)' --iters 10; has err "tanh\(accuracy=quick\)" "train: an unknown tier"
  run 0 train --act relu --iters 500 --gradcheck --print-every 0
  has out "kink examples left out|gradient check" "relu gradcheck"
  run 0 train --flower --points 100 --test-frac 0.25 --iters 200 --print-every 0
  has out "train 75, test 25" "flower split"
  has out "^test accuracy" "test accuracy"
  # CSV input
  printf 'f1,f2,y\n0,0,0\n1,1,1\n0.1,0.2,0\n0.9,0.8,1\n0.2,0.1,0\n1,0.9,1\n' >"$T/ok.csv"
  run 0 train --data "$T/ok.csv" --label y --hidden 2 --iters 300 --lr 1 --test-frac 0 --print-every 0
  has out "label column 2 'y'" "csv label by name"
  has out "train accuracy 100\.00 %" "csv separable"
  run 0 train --data "$T/ok.csv" --label -1 --iters 10 --print-every 0; has out "label column 2" "label -1"
  run 0 train --data "$T/ok.csv" --label 2 --iters 10 --print-every 0 --no-standardize
  hasnt out "standardised" "no-standardize"
  printf 'a;b\n1;0\n2;1\n3;0\n' >"$T/semi.csv"
  run 0 train --data "$T/semi.csv" --delimiter ';' --iters 5 --print-every 0
  # CSV errors: file, line and column, status 2
  run 2 train --data "$T/missing.csv"; has err "missing\.csv: cannot open: No such file" "missing file"
  : >"$T/empty.csv"
  run 2 train --data "$T/empty.csv"; has err "empty\.csv: empty file" "empty file"
  printf 'a,b,y\n1,2,0\n3,4\n' >"$T/ragged.csv"
  run 2 train --data "$T/ragged.csv"; has err "ragged\.csv:3:3: 2 fields where the header has 3" "ragged"
  printf 'a,b,y\n1,2,0\n3,x,1\n' >"$T/nonnum.csv"
  run 2 train --data "$T/nonnum.csv"; has err "nonnum\.csv:3:2: not a number: 'x'" "non-numeric"
  printf 'a,b,y\n1,2,0\n3,4,2\n' >"$T/label.csv"
  run 2 train --data "$T/label.csv" --label y; has err "label\.csv:3:3: label 2 is not 0 or 1" "bad label"
  run 2 train --data "$T/ok.csv" --label nope; has err "no column named 'nope'" "unknown label"
  run 2 train --data "$T/ok.csv" --label 7; has err "out of range" "label index"
  printf 'y\n0\n1\n' >"$T/onecol.csv"
  run 2 train --data "$T/onecol.csv"; has err "no feature columns" "one column"
  run 2 train --data "$T"; has err "read error|cannot open" "directory"
  # bad use
  run 2 train --act nosuch
  run 2 train --act 'leaky_relu(alpha=nan)'
  run 2 train --hidden 0
  run 2 train --lr -1
  run 2 train --lr abc
  run 2 train --iters x
  run 2 train --seed -3
  run 2 train --type f16
  run 2 train --test-frac 1
  run 2 train --points 3
  run 2 train --flower --data "$T/ok.csv"
  run 2 train --label y; has err "need --data" "label without data"
  run 2 train extra
  run 2 train --save-curve "$T/nodir/c.csv" --iters 1 --print-every 0; has err "cannot write" "curve unwritable"
  ;;
breast_cancer)
  [ -r "$BC" ] || { echo "SKIP: $BC not found"; exit 77; }
  run 2 train --data "$BC"; has err "breast_cancer\.csv:2:5: 31 fields where the header has 4" "bc as shipped"
  run 0 train --data "$BC" --skip-rows 1 --no-header --label -1 --hidden 8 --act tanh --lr 0.5 --iters 1000 \
    --gradcheck --print-every 0
  has out "569 rows, 30 features" "bc shape"
  has out "train 398, test 171, standardised" "bc split"
  has out "gradient check .* ok" "bc gradcheck"
  acc=$(sed -n 's/^test accuracy \([0-9.]*\) %.*/\1/p' "$T/out")
  echo "breast cancer test accuracy: $acc %"
  awk -v a="$acc" 'BEGIN { exit !(a >= 95) }' || fail "breast-cancer test accuracy $acc < 95"
  ;;
demo)
  start=$(date +%s)
  run 0 demo --plots "$T/plots"
  end=$(date +%s)
  cat "$T/out"
  has out "^  sigmoid +0 +0\.5 +0\.25 +0\.25$|^ +0 +0\.5 +0\.25 +0\.25$" "demo sanity sigmoid 0"
  # the order: sanity table, the notebook's costs, the activations, the hidden sizes
  [ "$(grep -nE '^[1-4]\. ' "$T/out" | cut -d: -f2 | cut -c1-2 | tr -d '\n')" = "1.2.3.4." ] || fail "demo parts out of order"
  for i in 0 1000 2000 3000 4000 5000 6000 7000; do
    has out "^  Cost after iteration $i: +([0-9.]+) +\1 +same$" "demo notebook cost $i"
  done
  # every activation of the table (as `gprime --help` lists them) has a row and a picture
  for a in $("$G" --help | awk '/^Activations/ { on = 1; next } on && /^  [a-z]/ { print $1 }'); do
    has out "^  $a +[0-9.]+e-(0[89]|1[0-9]) +[0-9.]+ +[0-9.]+ % +(-|[0-9.]+ %) +[0-9.]+ s$" "demo row $a"
    [ -s "$T/plots/boundary_$a.svg" ] || fail "no boundary picture for $a"
  done
  has out "^  tanh .* 90\.75 % +90 % " "demo tanh beside the notebook's 90 %"
  # the hidden-size study within half a point of the notebook's figures
  awk '/^4\./ { on = 1 } on && $1 ~ /^[0-9]+$/ && $3 == "%" { n++; d = $2 - $4; if (d < -0.5 || d > 0.5) bad = 1 }
       END { exit !(n == 7 && !bad) }' "$T/out" || fail "hidden-size study not within 0.5 points of the notebook"
  for n in 1 2 3 4 5 20 50; do [ -s "$T/plots/boundary_nh$n.svg" ] || fail "no picture for n_h $n"; done
  [ -s "$T/plots/cost_tanh.svg" ] || fail "no cost picture"
  echo "demo wall time: $((end - start)) s"
  # the 30 s promise is for a release build; a sanitizer build (ASAN_OPTIONS set by scripts/sanitize.sh) only runs it
  [ -n "${ASAN_OPTIONS:-}" ] || [ $((end - start)) -lt 30 ] || fail "demo took $((end - start)) s"
  run 2 demo --iters x
  run 2 demo extra
  run 2 demo --seed 4294967296
  run 2 demo --plots /dev/null/x; has err "cannot create /dev/null/x" "demo plots dir"
  run 0 demo --iters 50 --hidden 3
  has out "2-3-1 network" "demo options"
  ;;
notebook)
  # the course notebook's printed cost lines, iterations 0-7000, with gprime train's defaults
  run 0 train --quiet
  i=0
  for c in 0.693048 0.288083 0.254385 0.233864 0.226792 0.222644 0.219731 0.217504; do
    has out "^Cost after iteration $i: $c$" "notebook cost at $i"; i=$((i + 1000))
  done
  has out "^Cost after iteration 9000: " "cost 9000"
  has out "^train accuracy 90\.75 % \(363/400\)$" "notebook accuracy (it prints 90%)"
  has out "np\.random\.seed\(1\)" "data seed"; has out "np\.random\.seed\(2\) weights" "weight seed"
  # other seeds, other samples; bad seeds
  run 0 data --seed 3 --out "$T/s3.csv"; run 0 data --out "$T/s1.csv"
  cmp -s "$T/s1.csv" "$T/s3.csv" && fail "--seed 3 gives the same data"
  run 2 train --seed 4294967296; has err "np\.random\.seed" "flower seed range"
  run 2 train --init-seed 4294967296
  # the oracle: numpy's own lines give the same 400 points (skipped without numpy)
  py=python3; [ -x /usr/bin/python3 ] && py=/usr/bin/python3
  if "$py" -c "import numpy" 2>/dev/null; then
    "$py" "$(dirname "$0")/../nn/numpy_oracle.py" "$G" >"$T/oracle" 2>&1 || fail "numpy oracle: $(cat "$T/oracle")"
    cat "$T/oracle"
  else
    echo "numpy absent: the oracle is skipped"
  fi
  ;;
model)
  run 0 data --flower --out "$T/f.csv"; has out "wrote .*f\.csv \(400 points" "data"
  head -1 "$T/f.csv" | grep -qx "x1,x2,y" || fail "data header"
  [ "$(wc -l <"$T/f.csv")" -eq 401 ] || fail "data rows"
  run 0 data --points 10; [ "$(wc -l <"$T/out")" -eq 11 ] || fail "data to stdout"
  run 2 data --points 3; run 2 data extra; run 2 data --out "$T/nodir/f.csv"; has err "cannot write" "data unwritable"
  # train, save, predict: the same labels as the run that trained it
  run 0 train --iters 2000 --print-every 0 --save-model "$T/m.txt" --plot "$T/b.svg" --plot-cost "$T/c.svg"
  acc=$(sed -n 's/^train accuracy \(.*\)$/\1/p' "$T/out" | sed 's/[().]/\\&/g')
  head -2 "$T/m.txt" | grep -qx "gprime-model 1" || fail "model magic line"
  grep -qx "act tanh" "$T/m.txt" || fail "model act"
  run 0 predict --model "$T/m.txt" --data "$T/f.csv" --label y --out "$T/p.csv"
  has out "^accuracy $acc$" "predict: the training run's accuracy ($acc)"
  head -1 "$T/p.csv" | grep -qx "probability,label" || fail "predict header"
  [ "$(wc -l <"$T/p.csv")" -eq 401 ] || fail "predict rows"
  awk -F, 'NR > 1 && (($1 > 0.5) != $2) { bad = 1 } END { exit bad }' "$T/p.csv" || fail "labels are p > 0.5"
  cut -d, -f1,2 "$T/f.csv" >"$T/x.csv"
  run 0 predict --model "$T/m.txt" --data "$T/x.csv"; cmp -s "$T/out" "$T/p.csv" || fail "predict to stdout differs"
  # --init: the saved weights again, no iterations: the same accuracy
  run 0 train --init "$T/m.txt" --iters 0 --print-every 0; has out "^train accuracy $acc$" "--init"
  has out "weights from .*m\.txt" "--init named"
  # a standardised CSV model keeps its standardisation
  awk -F, 'NR == 1 { print "a,b,y"; next } { print $1 * 100 "," $2 - 7 "," $3 }' "$T/f.csv" >"$T/g.csv"
  run 0 train --data "$T/g.csv" --test-frac 0 --iters 500 --print-every 0 --save-model "$T/g.txt"
  acc=$(sed -n 's/^train accuracy \(.*\)$/\1/p' "$T/out" | sed 's/[().]/\\&/g')
  grep -q "^mean " "$T/g.txt" && grep -q "^scale " "$T/g.txt" || fail "standardisation not saved"
  run 0 predict --model "$T/g.txt" --data "$T/g.csv" --label y; has err "^accuracy $acc$" "standardised predict"
  # bad models and data: a clear message, status 2, no output file
  run 2 predict --model "$T/none.txt" --data "$T/f.csv"; has err "none\.txt: cannot open" "missing model"
  run 2 predict --model "$T/f.csv" --data "$T/f.csv"; has err "f\.csv:1: not a gprime model" "not a model"
  sed 's/^W1 .*/W1 1 2 3/' "$T/m.txt" >"$T/short.txt"
  run 2 predict --model "$T/short.txt" --data "$T/x.csv" --out "$T/q.csv"; has err "short\.txt:[0-9]+: W1 has 3 values, want 8" "short W1"
  [ -e "$T/q.csv" ] && fail "an output file after an error"
  sed 's/^b2 .*/b2 nan/' "$T/m.txt" >"$T/nan.txt"
  run 2 predict --model "$T/nan.txt" --data "$T/x.csv"; has err "b2 value 1 is not a finite number" "nan weight"
  sed 's/^act .*/act nosuch/' "$T/m.txt" >"$T/act.txt"
  run 2 predict --model "$T/act.txt" --data "$T/x.csv"; has err "bad activation 'nosuch'" "bad act"
  run 2 predict --model "$T/m.txt" --data "$T/f.csv"; has err "3 feature columns, the model wants 2 .*--label" "label hint"
  run 2 predict --model "$T/m.txt" --data "$T/g.csv" --label nope; has err "no column named 'nope'" "predict label"
  run 2 predict --model "$T/m.txt"; has err "both needed" "predict no data"
  run 2 predict --model "$T/m.txt" --data "$T/x.csv" --out "$T/nodir/p.csv"; has err "cannot write" "predict unwritable"
  run 2 train --init "$T/m.txt" --hidden 3; has err "has 4 hidden units" "init vs hidden"
  run 2 train --init "$T/m.txt" --act relu; has err "activation is tanh" "init vs act"
  run 2 train --init "$T/nan.txt"; has err "not a finite number" "init bad model"
  # the model's standardisation (here none) replaces the data's own
  run 0 train --init "$T/m.txt" --data "$T/g.csv" --label y --iters 1 --print-every 0
  hasnt out "standardised" "--init without standardisation"
  # the pictures: well-formed SVG with the regions, the 400 points and the curve
  for f in b c; do
    grep -q '^<svg ' "$T/$f.svg" && grep -q '</svg>' "$T/$f.svg" || fail "$f.svg not complete"
    if command -v rsvg-convert >/dev/null; then rsvg-convert "$T/$f.svg" -o "$T/$f.png" || fail "rsvg-convert $f.svg"; fi
  done
  [ "$(grep -c '<circle ' "$T/b.svg")" -eq 402 ] || fail "boundary: 400 points + 2 legend dots"
  grep -q 'fill="#bcd6ec"' "$T/b.svg" && grep -q 'fill="#f6c2b8"' "$T/b.svg" || fail "boundary: both regions"
  grep -q '<polyline ' "$T/c.svg" || fail "cost curve"
  run 0 train --data "$T/g.csv" --iters 1 --plot "$T/x.svg" --label y --print-every 0 --test-frac 0
  [ "$(grep -c '<circle ' "$T/x.svg")" -eq 402 ] || fail "boundary of a 2-feature CSV"
  printf 'a,b,c,y\n1,2,3,0\n2,3,4,1\n' >"$T/three.csv"
  run 2 train --data "$T/three.csv" --iters 1 --print-every 0 --plot "$T/t.svg"; has err "needs 2 features" "plot 3 features"
  ls "$T" | grep -q '\.tmp\.' && fail "a temporary file left: $(ls "$T")"
  ;;
isa)
  run 0 isa; has out "^active: (generic|avx2|avx512)$" "isa"; has out "^generic +available$" "generic"
  GPRIME_ISA=generic run 0 isa; has out "^active: generic$" "GPRIME_ISA=generic"
  run 0 --isa generic isa; has out "^active: generic$" "--isa generic"
  run 0 --isa generic eval tanh 1; has out "0\.761594156" "--isa generic eval"
  run 2 --isa sparc isa; has err "--isa sparc" "bad isa"
  run 2 isa extra
  ;;
bench)
  run 0 bench --help
  if grep -q "built without" "$T/out"; then
    run 2 bench; has err "gprime was built without the benchmark" "bench absent"
  else
    # gprime bench runs gprime-bench with the same arguments, under its own name
    run 2 bench --no-such-option; has err "^gprime bench: unknown option .*--no-such-option" "bench passes its arguments"
    small="--quick --n 64 --threads 1 --act relu --op forward --type f32 --no-thresholds"
    run 0 bench $small --json "$T/b.json" --markdown "$T/b.md"
    has out "^relu +forward +f32 +64 +1 +gprime-" "bench table"
    has out "^relu +forward +f32 +64 +1 +gprime-fast-" "bench table: the fast tier's row"
    grep -q '"act": "relu", "op": "forward", "type": "f32", "n": 64' "$T/b.json" || fail "bench --json lacks the row"
    grep -qE '^\| relu \| forward \| f32 \| 64 \| 1 \| exact \| [0-9.]+ \|' "$T/b.md" || fail "bench --markdown lacks the row"
    grep -qE '^\| relu \| forward \| f32 \| 64 \| 1 \| fast \| [0-9.]+ \|' "$T/b.md" || fail "bench --markdown lacks the fast row"
    run 0 bench $small --tier exact; hasnt out "gprime-fast-" "bench --tier exact"
    run 2 bench $small --tier quick; has err "bad list for --tier" "bench --tier quick"
    # a file that cannot be put in place: an error, and no file or temporary left
    mkdir "$T/dir"
    run 1 bench $small --json "$T/dir"; has err "cannot write $T/dir: Is a directory" "bench --json onto a directory"
    ls "$T" | grep -q '\.tmp\.' && fail "bench left a temporary file: $(ls "$T")"
    run 1 bench $small --markdown "$T/none/b.md"; has err "cannot write $T/none/b.md" "bench --markdown, no directory"
  fi
  ;;
*) echo "unknown group $group" >&2; exit 2 ;;
esac
[ "$fails" -eq 0 ] || { echo "$fails failure(s) in group $group" >&2; exit 1; }
echo "group $group: ok"
