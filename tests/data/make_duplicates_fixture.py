#!/usr/bin/python3
"""make_duplicates_fixture.py -- the duplicates2d_rbf fixture (tests/data/README.md).

A residual-correlation k-NN problem with heavy duplication, solved with numpy +
LAPACK independently of the C code (its own points, factor and distances):

  N = 1500 points in [0, 1)^2, m = 32 inducing points, RBF, variance 1.0,
  lengthscale 0.2, jitter 1e-6 * variance, p floored at 1e-9, k = 40.
  Points (numpy default_rng(20240923), then shuffled):
    600 distinct sites, uniform;
    300 exact copies of random sites;
    300 near copies: a random site + 1e-12 * (+-1) per coordinate;
    300 copies of 10 "hot" sites (~30 points per location).
  Then the inducing set (32 distinct indices, sorted) is drawn, and 12 copies
  and 6 near copies of inducing locations are planted on non-inducing points
  that were themselves copies, and inducing point 31 is moved onto inducing
  point 30's location (two inducing points at one location: k(U,U) is singular
  but for the jitter).
  Queries (int64 dataset indices, 280): every inducing point, every planted
  copy, 40 hot-site points, 40 near copies, 150 random points.

Factor: L = chol(k(U,U) + jitter I) (LAPACK dpotrf via numpy.linalg.cholesky),
V^T = L^-1 k(U,X) by forward substitution, p = max(s2 - |V_i|^2, 1e-9).
V and p are computed once per distinct location and copied to every point at
that location: V_i is a function of x_i alone, so identical locations have
identical V rows and p by definition, whatever the summation order.

Distances: rho_ij = (k(x_i,x_j) - V_i.V_j) / sqrt(p_i p_j), clamped to [-1, 1],
d = sqrt(1 - |rho|), and d_ij = 0 exactly when x_i == x_j (identical V rows
and p give rho = (p_i)/p_i = 1; the script asserts no p is floored, which
would break that).  For near copies the true distance (~1e-9 or less) is below
what float64 resolves (d^2 = 1 - |rho| is known to ~u / p, u = 2^-53), so the
computed value is rounding noise of that size and only the neighbour SET is
meaningful there; ct_knn_compare treats such differences as ties (knn.h).
knn.csv: query,rank,index,distance of the k nearest (the query itself is
included at distance 0), sorted by (distance, index).

Usage: /usr/bin/python3 tests/data/make_duplicates_fixture.py [outdir]
(default: the directory of this script).  Needs python3-numpy (Debian).
"""
import os
import sys

import numpy as np

NAME = "duplicates2d_rbf"
N_SITES, N_COPIES, N_NEAR, N_HOT, HOT_SITES = 600, 300, 300, 300, 10
N = N_SITES + N_COPIES + N_NEAR + N_HOT
DIM, M, K = 2, 32, 40
VARIANCE, LENGTHSCALE, JITTER, P_FLOOR = 1.0, 0.2, 1e-6, 1e-9
NEAR = 1e-12
SEED = 20240923


def rbf(a, b):
    """k(a_i, b_j) for rows of a and b."""
    d2 = ((a[:, None, :] - b[None, :, :]) / LENGTHSCALE) ** 2
    return VARIANCE * np.exp(-0.5 * d2.sum(axis=2))


def near_copy(rng, rows):
    return rows + NEAR * rng.choice([-1.0, 1.0], size=rows.shape)


def make_points(rng):
    sites = rng.uniform(size=(N_SITES, DIM))
    hot = rng.uniform(size=(HOT_SITES, DIM))
    copies = sites[rng.integers(0, N_SITES, N_COPIES)]
    near = near_copy(rng, sites[rng.integers(0, N_SITES, N_NEAR)])
    hot_pts = hot[rng.integers(0, HOT_SITES, N_HOT)]
    x = np.vstack([sites, copies, near, hot_pts])
    kind = np.array(["site"] * N_SITES + ["copy"] * N_COPIES + ["near"] * N_NEAR + ["hot"] * N_HOT)
    perm = rng.permutation(N)
    return x[perm].copy(), kind[perm]


def plant_inducing_duplicates(rng, x, kind, inducing):
    """Copies and near copies of inducing locations on non-inducing copy points."""
    free = np.array([i for i in range(N) if kind[i] in ("copy", "near") and i not in set(inducing)])
    targets = rng.choice(free, 18, replace=False)
    planted = []
    for t, j in enumerate(targets):
        u = inducing[t % 16]
        x[j] = x[u] if t < 12 else near_copy(rng, x[u : u + 1])[0]
        planted.append(int(j))
    x[inducing[31]] = x[inducing[30]]
    return planted


def factor(x, inducing):
    """V (N x M) and p (N), computed per distinct location."""
    uniq, inverse = np.unique(x, axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    xu = x[inducing]
    kuu = rbf(xu, xu) + JITTER * VARIANCE * np.eye(M)
    lower = np.linalg.cholesky(kuu)
    b = rbf(xu, uniq)  # M x distinct
    vt = np.zeros_like(b)
    for i in range(M):  # forward substitution, L vt = b
        vt[i] = (b[i] - lower[i, :i] @ vt[:i]) / lower[i, i]
    v_uniq = vt.T.copy()
    r = VARIANCE - (v_uniq**2).sum(axis=1)
    assert (r > P_FLOOR).all(), "a floored p would make identical locations not rho = 1"
    p_uniq = np.maximum(r, P_FLOOR)
    return v_uniq[inverse].copy(), p_uniq[inverse].copy(), len(uniq)


def distances(x, v, p, i):
    k = rbf(x[i : i + 1], x)[0]
    rho = (k - v @ v[i]) / np.sqrt(p[i] * p)
    d = np.sqrt(1.0 - np.abs(np.clip(rho, -1.0, 1.0)))
    d[(x == x[i]).all(axis=1)] = 0.0
    return d


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    rng = np.random.default_rng(SEED)
    x, kind = make_points(rng)
    inducing = np.sort(rng.choice(N, M, replace=False)).astype(np.int64)
    planted = plant_inducing_duplicates(rng, x, kind, inducing)
    v, p, distinct = factor(x, inducing)

    hot = np.flatnonzero(kind == "hot")
    near = np.flatnonzero(kind == "near")
    queries = np.concatenate(
        [
            inducing,
            np.array(planted, dtype=np.int64),
            rng.choice(hot, 40, replace=False),
            rng.choice(near, 40, replace=False),
            rng.integers(0, N, 150),
        ]
    ).astype(np.int64)

    rows = []
    for q in queries:
        d = distances(x, v, p, int(q))
        order = np.lexsort((np.arange(N), d))[:K]  # by (distance, index)
        for rank, j in enumerate(order):
            rows.append("%d,%d,%d,%.17g" % (q, rank, j, d[j]))

    np.save(os.path.join(out, NAME + "_points.npy"), x)
    np.save(os.path.join(out, NAME + "_inducing.npy"), inducing)
    np.save(os.path.join(out, NAME + "_queries.npy"), queries)
    np.save(os.path.join(out, NAME + "_V.npy"), v)
    np.save(os.path.join(out, NAME + "_p.npy"), p)
    with open(os.path.join(out, NAME + "_knn.csv"), "w") as f:
        f.write("query,rank,index,distance\n")
        f.write("\n".join(rows) + "\n")
    zeros = sum(1 for r in rows if r.endswith(",0"))
    print(
        "%s: N=%d distinct locations=%d min p=%.3g queries=%d k=%d, %d of %d neighbours at d=0"
        % (NAME, N, distinct, p.min(), len(queries), K, zeros, len(rows))
    )


if __name__ == "__main__":
    main()
