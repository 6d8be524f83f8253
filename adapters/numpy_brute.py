#!/usr/bin/python3
"""numpy_brute.py -- the reference external program of ctbench (docs/EXTERNAL.md).

A numpy float64 brute force, the thing a Python user would write: for a block
of queries, the covariance to every point, minus V_q V^T, over sqrt(p_q p),
d = sqrt(1 - |rho|); then the k smallest by (distance, index).

usage: numpy_brute.py IN_DIR OUT_DIR   (protocol 1; Debian python3-numpy)
"""
import json
import os
import sys
import time


def report(out, obj):
    obj = dict(obj, protocol=1)
    with open(os.path.join(out, "timings.json"), "w") as f:
        json.dump(obj, f)


def main():
    if len(sys.argv) != 3:
        sys.stderr.write("usage: numpy_brute.py IN_DIR OUT_DIR\n")
        return 2
    src, out = sys.argv[1], sys.argv[2]
    try:
        import numpy as np
    except ImportError as e:  # the unit is stored 'unavailable' with this reason
        report(out, {"status": "unavailable", "reason": "numpy is not importable: %s" % e})
        return 0
    with open(os.path.join(src, "workload.json")) as f:
        wl = json.load(f)
    with open(os.path.join(out, "request.json")) as f:
        req = json.load(f)
    k, pred, excl = req["k"], req["predecessor"], req["exclude_self"]

    t0 = time.perf_counter()
    x = np.load(os.path.join(src, "points.npy"))
    v = np.load(os.path.join(src, "V.npy"))
    p = np.load(os.path.join(src, "p.npy"))
    queries = np.load(os.path.join(src, "queries.npy"))
    n = x.shape[0]
    xs = x / np.asarray(wl["lengthscale"], dtype=np.float64)
    sq = np.einsum("ij,ij->i", xs, xs)
    sqrt_p = np.sqrt(p)
    s2 = float(wl["variance"])
    matern = wl["covariance"] == "matern52"
    build_s = time.perf_counter() - t0
    block = max(1, min(len(queries), (8 << 20) // max(n, 1)))
    cols = np.arange(n)

    def answer():
        idx = np.full((len(queries), k), -1, dtype=np.int64)
        dist = np.full((len(queries), k), np.inf, dtype=np.float64)
        for b0 in range(0, len(queries), block):
            q = queries[b0:b0 + block]
            r2 = np.maximum(sq[q][:, None] + sq[None, :] - 2.0 * (xs[q] @ xs.T), 0.0)
            if matern:
                a = np.sqrt(5.0 * r2)
                kern = s2 * (1.0 + a + a * a / 3.0) * np.exp(-a)
            else:
                kern = s2 * np.exp(-0.5 * r2)
            rho = (kern - v[q] @ v.T) / (sqrt_p[q][:, None] * sqrt_p[None, :])
            d = np.sqrt(1.0 - np.minimum(np.abs(rho), 1.0))
            rows = np.arange(len(q))
            d[rows, q] = 0.0  # d(i, i) = 0 exactly
            if pred:
                d[cols[None, :] >= q[:, None]] = np.inf
            if excl:
                d[rows, q] = np.inf
            kk = min(k, n)
            part = np.argpartition(d, kk - 1, axis=1)[:, :kk] if kk < n else np.tile(cols, (len(q), 1))
            pd = np.take_along_axis(d, part, axis=1)
            # margin: everything tied with the k-th is a candidate (ties by index)
            kth = pd.max(axis=1)
            for r in range(len(q)):
                cand = np.nonzero(d[r] <= kth[r])[0] if np.isfinite(kth[r]) else np.nonzero(np.isfinite(d[r]))[0]
                order = np.lexsort((cand, d[r, cand]))[:k]
                sel = cand[order]
                sel = sel[np.isfinite(d[r, sel])]
                idx[b0 + r, :len(sel)] = sel
                dist[b0 + r, :len(sel)] = d[r, sel]
        return idx, dist

    times = []
    for _ in range(req["warmup"] + req["repetitions"]):
        t = time.perf_counter()
        idx, dist = answer()
        times.append(time.perf_counter() - t)
    np.save(os.path.join(out, "indices.npy"), idx)
    np.save(os.path.join(out, "distances.npy"), dist)
    w = req["warmup"]
    report(out, {"build_s": build_s, "warmup_s": times[:w], "query_s": times[w:]})
    return 0


if __name__ == "__main__":
    sys.exit(main())
