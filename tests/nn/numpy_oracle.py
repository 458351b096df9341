#!/usr/bin/env python3
"""Test oracle: numpy draws the course notebook's data and initial weights
(the few lines of load_planar_dataset and initialize_parameters, written here
from the notebook's description), and gprime's must be the same bits.

    numpy_oracle.py GPRIME

Exit 0: every point of `gprime data --flower` equals numpy's, bit for bit.
Exit 77 (skipped): no numpy (Debian: apt-get install python3-numpy).

numpy's own sin and cos are the C library's, except where numpy dispatches to
Intel's SVML on AVX-512 CPUs (numpy >= 1.22); SVML differs from glibc in the
last bit for about 60 % of arguments.  The check runs numpy with those paths
switched off (NPY_DISABLE_CPU_FEATURES), which is what numpy does on any CPU
without AVX-512 and did everywhere before 1.22; it also reports how many points
the dispatched numpy on this CPU gives alike, for information.  The initial
weights (`gprime train --iters 0 --save-model`) must equal numpy's too.
"""
import os
import subprocess
import sys
import tempfile

AVX512 = "AVX512F AVX512CD AVX512_SKX AVX512_CLX AVX512_CNL AVX512_ICL"


def flower_and_weights(np, seed=1, n_h=4):
    np.random.seed(seed)
    m, N, a = 400, 200, 4
    X = np.zeros((m, 2))
    Y = np.zeros((m, 1), dtype="uint8")
    for j in range(2):
        ix = range(N * j, N * (j + 1))
        t = np.linspace(j * 3.12, (j + 1) * 3.12, N) + np.random.randn(N) * 0.2
        r = a * np.sin(4 * t) + np.random.randn(N) * 0.2
        X[ix] = np.c_[r * np.sin(t), r * np.cos(t)]
        Y[ix] = j
    np.random.seed(2)
    W1 = np.random.randn(n_h, 2) * 0.01
    W2 = np.random.randn(1, n_h) * 0.01
    return X.T, Y.T, W1, W2


def child():
    """Prints numpy's data as hex floats (run in a process with its own environment)."""
    import warnings
    warnings.simplefilter("ignore")
    import numpy as np
    X, Y, W1, W2 = flower_and_weights(np)
    for j in range(X.shape[1]):
        print(X[0, j].hex(), X[1, j].hex(), int(Y[0, j]))
    print("W", " ".join(w.hex() for w in list(W1.ravel()) + list(W2.ravel())))


def numpy_points(disable_avx512):
    env = dict(os.environ)
    env.pop("NPY_DISABLE_CPU_FEATURES", None)
    if disable_avx512:
        env["NPY_DISABLE_CPU_FEATURES"] = AVX512
    out = subprocess.run([sys.executable, __file__, "--child"], env=env, check=True, capture_output=True,
                         text=True).stdout.split("\n")
    pts = [tuple(line.split()) for line in out if line and not line.startswith("W")]
    weights = [float.fromhex(w) for line in out if line.startswith("W") for w in line.split()[1:]]
    return [(float.fromhex(a), float.fromhex(b), int(y)) for a, b, y in pts], weights


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child()
        return 0
    try:
        import numpy  # noqa: F401
    except ImportError:
        print("SKIP: no numpy (apt-get install python3-numpy)")
        return 77
    gprime = sys.argv[1]
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "flower.csv")
        subprocess.run([gprime, "data", "--flower", "--out", path], check=True, capture_output=True)
        with open(path) as f:
            header = f.readline().strip()
            ours = [(float(a), float(b), int(y)) for a, b, y in (line.strip().split(",") for line in f)]
        model = os.path.join(d, "init.model")
        subprocess.run([gprime, "train", "--iters", "0", "--print-every", "0", "--save-model", model], check=True,
                       capture_output=True)
        with open(model) as f:
            rows = {line.split()[0]: line.split()[1:] for line in f if line.strip() and not line.startswith("#")}
        weights = [float(w) for w in rows["W1"] + rows["W2"]]
    if header != "x1,x2,y":
        print("FAIL: header", header)
        return 1
    ref, ref_weights = numpy_points(True)
    same = sum(1 for p, q in zip(ours, ref) if p == q)
    print(f"numpy {numpy.__version__}, C library sin/cos: {same} of {len(ref)} points equal bit for bit")
    print(f"initial weights (np.random.seed(2)): {'equal' if weights == ref_weights else 'DIFFERENT'}")
    here, _ = numpy_points(False)
    same_here = sum(1 for p, q in zip(ours, here) if p == q)
    print(f"numpy as dispatched on this CPU: {same_here} of {len(here)} points equal "
          f"(SVML's sin/cos differ in the last bit on AVX-512 CPUs)")
    if len(ours) != 400 or same != 400 or weights != ref_weights:
        print("FAIL: gprime's flower data or initial weights are not numpy's")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
