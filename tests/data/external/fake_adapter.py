#!/usr/bin/python3
"""fake_adapter.py MODE IN OUT -- external programs that break the protocol
(docs/EXTERNAL.md) in one way each, for tests/test_cli_external.c.  Modes that
need answers run the reference adapter (adapters/numpy_brute.py) first and
then damage its output:
  crash      killed by SIGSEGV          timeout   sleeps far past its timeout
  exit3      exits with status 3        missing   writes timings.json only
  shape      indices with k-1 columns   nan       a NaN distance of a real neighbour
  wrong      one neighbour replaced (claims exact: must be INVALID)
  range      an index outside [-1, N)   badjson   timings.json is not the protocol's
  unavailable  says it cannot run here
  reused     every row gets the last row's distances (covertreex's reused
             buffer): indices right, so exact, with own_distance_wrong > 0
"""
import os
import signal
import subprocess
import sys
import time

mode, src, out = sys.argv[1], sys.argv[2], sys.argv[3]
here = os.path.dirname(os.path.abspath(__file__))
ref = os.path.join(here, "..", "..", "..", "adapters", "numpy_brute.py")


def timings(text):
    with open(os.path.join(out, "timings.json"), "w") as f:
        f.write(text)


if mode == "crash":
    print("about to crash", flush=True)
    os.kill(os.getpid(), signal.SIGSEGV)
if mode == "timeout":
    time.sleep(120)
if mode == "exit3":
    sys.stderr.write("fake: giving up with status 3\n")
    sys.exit(3)
if mode == "unavailable":
    timings('{"protocol": 1, "status": "unavailable", "reason": "fake library is not installed"}')
    sys.exit(0)
subprocess.check_call([sys.executable, ref, src, out])
import numpy as np  # noqa: E402

idx = np.load(os.path.join(out, "indices.npy"))
dist = np.load(os.path.join(out, "distances.npy"))
if mode == "missing":
    os.remove(os.path.join(out, "indices.npy"))
elif mode == "shape":
    np.save(os.path.join(out, "indices.npy"), idx[:, :-1].copy())
elif mode == "nan":
    dist[3, 0] = np.nan
    np.save(os.path.join(out, "distances.npy"), dist)
elif mode == "wrong":
    n = np.load(os.path.join(src, "points.npy")).shape[0]
    row = set(idx[0].tolist())
    idx[0, -1] = next(j for j in range(n) if j not in row)
    np.save(os.path.join(out, "indices.npy"), idx)
elif mode == "range":
    idx[1, 2] = 10 ** 9
    np.save(os.path.join(out, "indices.npy"), idx)
elif mode == "badjson":
    timings('{"protocol": 1, "build_s": 0.1, "query_s": "fast"}')
elif mode == "reused":
    dist[:] = dist[-1]
    np.save(os.path.join(out, "distances.npy"), dist)
