#!/usr/bin/python3
"""covertreex_adapter.py -- covertreex (the seed system) behind ctbench's
external-program protocol (docs/EXTERNAL.md, section "covertreex").

usage: covertreex_adapter.py IN_DIR OUT_DIR

Point it at an installed covertreex with PYTHONPATH or CT_COVERTREEX_PATH
(prepended to sys.path).  Where covertreex (or numba, numpy) cannot be
imported it reports "unavailable" with the import error, and ctbench stores
the unit as unavailable with that reason.

The query path is covertreex's residual search, `residual_knn_query`: its
default `knn` on a residual tree is not a residual search.  What the adapter
does about covertreex's conventions:
  - residual_knn_query returns tree-node ids; they are mapped back to dataset
    ids through the tree's permutation before indices.npy is written;
  - it returns the last query's distance row for every query (a reused
    buffer); the distances are written as returned, ctbench ignores them for
    the verdict (it recomputes every distance) and counts the damage in
    own_distance_wrong.
Untested here: covertreex is not installed on this project's machine, so only
the unavailable path has run.  What is known of its API (public source):
`residual_knn_query(tree, query_points, *, k, return_distances=False,
predecessor_mode=False, ...)` in a module of covertreex.queries takes the
queries as dataset indices and needs covertreex's residual backend
configured (V, p, kernel points, RBF variance and lengthscale) before the
call; the tree is a PCCTree.  The adapter finds residual_knn_query by
scanning covertreex.queries, and builds the tree and backend through the
hook CT_COVERTREEX_BUILD = "module:function" (called as
function(points, V, p, workload_dict) -> tree, configuring the backend);
without that hook, or when a name is missing, it reports unavailable naming
what is missing rather than guessing.
"""
import json
import os
import sys
import time


def report(out, obj):
    with open(os.path.join(out, "timings.json"), "w") as f:
        json.dump(dict(obj, protocol=1), f)


def unavailable(out, reason):
    report(out, {"status": "unavailable", "reason": reason})
    return 0


def main():
    if len(sys.argv) != 3:
        sys.stderr.write("usage: covertreex_adapter.py IN_DIR OUT_DIR\n")
        return 2
    src, out = sys.argv[1], sys.argv[2]
    extra = os.environ.get("CT_COVERTREEX_PATH")
    if extra:
        sys.path.insert(0, extra)
    try:
        import importlib
        import pkgutil

        import numpy as np
        import covertreex.queries as cxq
    except Exception as e:  # ImportError, or a pydantic/numba incompatibility at import
        return unavailable(out, "covertreex is not importable: %s: %s" % (type(e).__name__, e))
    query = None
    for mod in pkgutil.iter_modules(cxq.__path__, cxq.__name__ + "."):
        try:
            m = importlib.import_module(mod.name)
        except Exception:
            continue
        if hasattr(m, "residual_knn_query"):
            query = m.residual_knn_query
            break
    if query is None:
        return unavailable(out, "no residual_knn_query in covertreex.queries (another version?)")
    hook = os.environ.get("CT_COVERTREEX_BUILD", "")
    if ":" not in hook:
        return unavailable(out, "set CT_COVERTREEX_BUILD=module:function, the builder of the "
                           "residual tree and backend (docs/EXTERNAL.md, covertreex)")
    try:
        build = getattr(importlib.import_module(hook.split(":")[0]), hook.split(":")[1])
    except Exception as e:
        return unavailable(out, "CT_COVERTREEX_BUILD=%s: %s: %s" % (hook, type(e).__name__, e))
    with open(os.path.join(src, "workload.json")) as f:
        wl = json.load(f)
    with open(os.path.join(out, "request.json")) as f:
        req = json.load(f)
    if req["exclude_self"]:
        return unavailable(out, "residual_knn_query has no exclude_self mode")
    x = np.load(os.path.join(src, "points.npy"))
    v = np.load(os.path.join(src, "V.npy"))
    p = np.load(os.path.join(src, "p.npy"))
    queries = np.load(os.path.join(src, "queries.npy"))
    k = req["k"]

    t0 = time.perf_counter()
    tree = build(x, v, p, wl)
    build_s = time.perf_counter() - t0
    # tree-node id -> dataset id: what residual_knn_query itself decodes
    # tree.points with (its node_to_dataset)
    try:
        from covertreex.metrics.residual.core import decode_indices, get_residual_backend
        perm = np.asarray(decode_indices(get_residual_backend(),
                                         np.asarray(tree.points, dtype=np.float64)),
                          dtype=np.int64)
    except Exception:
        perm = np.arange(len(x), dtype=np.int64)  # a tree over all points in dataset order

    times = []
    for _ in range(req["warmup"] + req["repetitions"]):
        t = time.perf_counter()
        nodes, dist = query(tree, queries.astype(np.float64), k=k, return_distances=True,
                            predecessor_mode=bool(req["predecessor"]))
        times.append(time.perf_counter() - t)
    nodes = np.asarray(nodes, dtype=np.int64)
    idx = np.where(nodes >= 0, perm[np.clip(nodes, 0, len(perm) - 1)], -1)
    np.save(os.path.join(out, "indices.npy"), np.ascontiguousarray(idx, dtype=np.int64))
    np.save(os.path.join(out, "distances.npy"),
            np.ascontiguousarray(np.broadcast_to(dist, idx.shape), dtype=np.float64))
    w = req["warmup"]
    report(out, {"build_s": build_s, "warmup_s": times[:w], "query_s": times[w:]})
    return 0


if __name__ == "__main__":
    sys.exit(main())
