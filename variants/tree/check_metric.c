/* check_metric.c -- the metric part of the tree checker, on a structurally
 * valid tree: covering (recomputed d(child, parent) <= base^level(parent) +
 * slack, and parent_dist equal to it within slack), separation (every sibling
 * pair d > base^(level(parent)-1) - slack) and si (d(a, x) <= si[a] + slack
 * for every node a and descendant x, by an explicit-stack walk).
 *
 * Each check is a per-node predicate run over all nodes with OpenMP; the
 * smallest failing node is then re-run alone to write the message, so the
 * reported violation does not depend on the thread count.
 */
#include <math.h>
#include <omp.h>
#include <stdint.h>

#include "ct/alloc.h"
#include "tree_internal.h"

/* Descendants per dist_many call in the si check. */
#define SI_BATCH 256
/* Below this many nodes the checks run on one thread. */
#define PARALLEL_MIN 256

typedef struct check_ctx {
    const ct_metric_fn *metric;
    const ct_tree *t;
    double slack;
} check_ctx;

/* One thread's buffers. */
typedef struct scratch {
    double *dist;   /* max(max fan-out, SI_BATCH) */
    int32_t *stack; /* n */
    int32_t *ids;   /* SI_BATCH */
} scratch;

/* Returns 1 when node p violates the invariant (message into err), else 0. */
typedef int (*node_check)(const check_ctx *cx, int32_t p, const scratch *s, ct_error *err);

static int covering_at(const check_ctx *cx, int32_t p, const scratch *s, ct_error *err)
{
    const ct_tree *t = cx->t;
    int32_t lo = t->child_offset[p], count = t->child_offset[p + 1] - lo;
    double r;
    if (count == 0) return 0;
    r = ct_tree_radius(t->base, t->level[p]);
    cx->metric->dist_many(cx->metric->ctx, p, t->children + lo, count, s->dist);
    for (int32_t j = 0; j < count; j++) {
        int32_t c = t->children[lo + j];
        double d = s->dist[j];
        if (!(d <= r + cx->slack)) {
            ct_error_set(err, CT_EVERIFY,
                         "covering violated: d(%d, parent %d) = %.17g > base^%d = %.17g "
                         "(slack %g)",
                         (int)c, (int)p, d, (int)t->level[p], r, cx->slack);
            return 1;
        }
        if (!(fabs(t->parent_dist[c] - d) <= cx->slack)) {
            ct_error_set(err, CT_EVERIFY,
                         "parent_dist[%d] = %.17g but d(%d, parent %d) = %.17g (slack %g)", (int)c,
                         t->parent_dist[c], (int)c, (int)p, d, cx->slack);
            return 1;
        }
    }
    return 0;
}

static int separation_at(const check_ctx *cx, int32_t p, const scratch *s, ct_error *err)
{
    const ct_tree *t = cx->t;
    int32_t lo = t->child_offset[p], count = t->child_offset[p + 1] - lo;
    double r;
    if (count < 2) return 0;
    r = ct_tree_radius(t->base, t->level[p] - 1);
    for (int32_t a = 0; a + 1 < count; a++) {
        int32_t ca = t->children[lo + a];
        int32_t rest = count - a - 1;
        cx->metric->dist_many(cx->metric->ctx, ca, t->children + lo + a + 1, rest, s->dist);
        for (int32_t b = 0; b < rest; b++) {
            double d = s->dist[b];
            if (!(d > r - cx->slack)) {
                ct_error_set(err, CT_EVERIFY,
                             "separation violated: siblings %d and %d (children of %d) are "
                             "%.17g apart, need > base^%d = %.17g (slack %g)",
                             (int)ca, (int)t->children[lo + a + 1 + b], (int)p, d,
                             (int)(t->level[p] - 1), r, cx->slack);
                return 1;
            }
        }
    }
    return 0;
}

/* Checks one batch of descendants of a; returns 1 on a violation. */
static int si_batch(const check_ctx *cx, int32_t a, const scratch *s, int32_t count, ct_error *err)
{
    double bound = cx->t->si[a] + cx->slack;
    cx->metric->dist_many(cx->metric->ctx, a, s->ids, count, s->dist);
    for (int32_t j = 0; j < count; j++) {
        if (!(s->dist[j] <= bound)) {
            ct_error_set(err, CT_EVERIFY,
                         "si too small: si[%d] = %.17g but its descendant %d is at distance "
                         "%.17g (slack %g)",
                         (int)a, cx->t->si[a], (int)s->ids[j], s->dist[j], cx->slack);
            return 1;
        }
    }
    return 0;
}

static int si_at(const check_ctx *cx, int32_t a, const scratch *s, ct_error *err)
{
    const ct_tree *t = cx->t;
    int32_t top = 0, count = 0;
    if (!(t->si[a] >= 0.0)) {
        ct_error_set(err, CT_EVERIFY, "si[%d] = %g is negative or NaN", (int)a, t->si[a]);
        return 1;
    }
    for (int32_t e = t->child_offset[a]; e < t->child_offset[a + 1]; e++)
        s->stack[top++] = t->children[e];
    while (top > 0) {
        int32_t y = s->stack[--top];
        s->ids[count++] = y;
        for (int32_t e = t->child_offset[y]; e < t->child_offset[y + 1]; e++)
            s->stack[top++] = t->children[e];
        if (count == SI_BATCH || top == 0) {
            if (si_batch(cx, a, s, count, err)) return 1;
            count = 0;
        }
    }
    return 0;
}

/* Run `fn` over all nodes in parallel; report the smallest failing node. */
static int first_failure(const check_ctx *cx, node_check fn, const scratch *per_thread,
                         const char *what, ct_error *err)
{
    int32_t n = cx->t->n, fail = INT32_MAX;
#pragma omp parallel if (n >= PARALLEL_MIN)
    {
        const scratch *s = &per_thread[omp_get_thread_num()];
#pragma omp for schedule(dynamic, 16)
        for (int32_t i = 0; i < n; i++) {
            int32_t known;
#pragma omp atomic read
            known = fail;
            if (i > known) continue;
            if (fn(cx, i, s, NULL)) {
#pragma omp critical(ct_tree_check_fail)
                {
                    if (i < fail) {
#pragma omp atomic write
                        fail = i;
                    }
                }
            }
        }
    }
    if (fail == INT32_MAX) return CT_OK;
    if (fn(cx, fail, &per_thread[0], err)) return CT_EVERIFY;
    return ct_error_set(err, CT_EVERIFY,
                        "node %d failed the %s check in parallel but passed when re-run "
                        "(is the metric deterministic?)",
                        (int)fail, what);
}

int ct_tree_check_metric(const ct_metric_fn *metric, const ct_tree *t, double slack, ct_error *err)
{
    int rc = CT_OK, nthreads = omp_get_max_threads();
    int32_t max_fanout = SI_BATCH;
    size_t ints_per, dists_per;
    scratch *per_thread = NULL;
    int32_t *ints = NULL;
    double *dists = NULL;
    check_ctx cx = {metric, t, slack};

    if (t->parent_dist[t->root] != 0.0)
        return ct_error_set(err, CT_EVERIFY, "parent_dist of the root %d is %g, expected 0",
                            (int)t->root, t->parent_dist[t->root]);
    if (nthreads < 1) nthreads = 1;
    for (int32_t i = 0; i < t->n; i++) {
        int32_t f = t->child_offset[i + 1] - t->child_offset[i];
        if (f > max_fanout) max_fanout = f;
    }
    ints_per = (size_t)t->n + SI_BATCH;
    dists_per = (size_t)max_fanout;
    per_thread = ct_calloc((size_t)nthreads, sizeof *per_thread);
    ints = ct_malloc_array(ints_per * (size_t)nthreads, sizeof *ints);
    dists = ct_malloc_array(dists_per * (size_t)nthreads, sizeof *dists);
    if (!per_thread || !ints || !dists) {
        rc = ct_error_set(err, CT_ENOMEM, "out of memory checking the tree");
        goto done;
    }
    for (int k = 0; k < nthreads; k++) {
        per_thread[k].dist = dists + dists_per * (size_t)k;
        per_thread[k].stack = ints + ints_per * (size_t)k;
        per_thread[k].ids = per_thread[k].stack + t->n;
    }
    rc = first_failure(&cx, covering_at, per_thread, "covering", err);
    if (rc != CT_OK) goto done;
    rc = first_failure(&cx, separation_at, per_thread, "separation", err);
    if (rc != CT_OK) goto done;
    rc = first_failure(&cx, si_at, per_thread, "si", err);
done:
    ct_free(per_thread);
    ct_free(ints);
    ct_free(dists);
    return rc;
}
