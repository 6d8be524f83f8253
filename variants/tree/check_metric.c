/* check_metric.c -- the metric part of the tree checker, on a structurally
 * valid tree: covering (recomputed d(child, parent) <= base^level(parent) +
 * slack, and parent_dist equal to it within slack), separation (every sibling
 * pair d > base^(level(parent)-1) - slack) and si (d(a, x) <= si[a] + slack
 * for every node a and descendant x, by an explicit-stack walk).
 *
 * Covering and separation hold exactly for the metric the tree was built
 * with (the build compared the same values).  The si check of a sum radius
 * relies on the triangle inequality, which a computed metric only satisfies
 * up to its rounding: near d = 0, where 1 - |rho| is rounding noise, three
 * near-duplicates can give d(a, b) = d(b, x) = 0 and d(a, x) = 1e-7.  When
 * the metric states its rounding (ct_metric_fn.bound_many: |f^2 - d^2| <=
 * beta for the computed f and the exact metric d), the check allows exactly
 * what that implies.  For x below a on the path a = c0, c1, ..., cL = x,
 *   d(c_l-1, c_l) <= sqrt(f_l^2 + beta_l) = f_l + e_l,  f_l = parent_dist[c_l],
 *   d(a, x) <= sum_l d(c_l-1, c_l) <= si[a] + E,  E = sum_l e_l
 * (si[a] >= sum_l f_l for a sum radius; an exact radius is >= f(a, x)
 * directly), and f(a, x) <= sqrt(d(a, x)^2 + beta_ax), so x passes when
 *   f(a, x) <= si[a] + slack   or   f(a, x)^2 <= (si[a] + slack + E)^2 + beta_ax.
 * e_l = beta_l / (sqrt(f_l^2 + beta_l) + f_l) is ~beta_l / (2 f_l) on a long
 * edge (1e-12 and less) and sqrt(beta_l) only on an edge of length ~0, so
 * the allowance is what near-zero distances need and no more.  Without
 * bound_many (a metric computed exactly, e.g. the tests' toy metrics) the
 * check is d(a, x) <= si[a] + slack alone.
 *
 * A star tree (CT_SHORTCUT_STAR) is checked without separation, which it
 * does not have by construction; ct_tree_check_radii (check.c) runs only
 * the parent_dist and si parts, for a tree built in another metric.
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
    const double *edge_allow; /* e_c of the header comment per node; NULL without bound_many */
    int parts;                /* CT_CHECK_* */
} check_ctx;

/* One thread's buffers. */
typedef struct scratch {
    double *dist;   /* max(max fan-out, SI_BATCH) */
    double *bound;  /* max(max fan-out, SI_BATCH) */
    int32_t *stack; /* n */
    double *estack; /* n: path allowance E of each stacked node */
    int32_t *ids;   /* SI_BATCH */
    double *ids_e;  /* SI_BATCH: E of each id */
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
        if ((cx->parts & CT_CHECK_COVER) && !(d <= r + cx->slack)) {
            ct_error_set(err, CT_EVERIFY,
                         "covering violated: d(%d, parent %d) = %.17g > base^%d = %.17g "
                         "(slack %g)",
                         (int)c, (int)p, d, (int)t->level[p], r, cx->slack);
            return 1;
        }
        if ((cx->parts & CT_CHECK_PARENT) && !(fabs(t->parent_dist[c] - d) <= cx->slack)) {
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
    if (cx->edge_allow) cx->metric->bound_many(cx->metric->ctx, a, s->ids, count, s->bound);
    for (int32_t j = 0; j < count; j++) {
        double d = s->dist[j], reach, beta;
        if (d <= bound) continue;
        reach = bound + (cx->edge_allow ? s->ids_e[j] : 0.0);
        beta = cx->edge_allow ? s->bound[j] : 0.0;
        if (cx->edge_allow && d * d <= reach * reach + beta) continue;
        ct_error_set(err, CT_EVERIFY,
                     "si too small: si[%d] = %.17g but its descendant %d is at distance "
                     "%.17g (slack %g, rounding allowance: path %.3g, squared %.3g)",
                     (int)a, cx->t->si[a], (int)s->ids[j], d, cx->slack, reach - bound, beta);
        return 1;
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
    for (int32_t e = t->child_offset[a]; e < t->child_offset[a + 1]; e++) {
        s->stack[top] = t->children[e];
        s->estack[top++] = cx->edge_allow ? cx->edge_allow[t->children[e]] : 0.0;
    }
    while (top > 0) {
        int32_t y = s->stack[--top];
        double ey = s->estack[top];
        s->ids[count] = y;
        s->ids_e[count++] = ey;
        for (int32_t e = t->child_offset[y]; e < t->child_offset[y + 1]; e++) {
            s->stack[top] = t->children[e];
            s->estack[top++] = cx->edge_allow ? ey + cx->edge_allow[t->children[e]] : 0.0;
        }
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

/* e_c = sqrt(f_c^2 + beta_c) - f_c (as beta_c / (sqrt(f_c^2 + beta_c) + f_c), no
 * cancellation) for every non-root node c, f_c = parent_dist[c], beta_c the
 * metric's bound for (parent, c); 0 at the root. */
static void edge_allowances(const ct_metric_fn *metric, const ct_tree *t, const scratch *per_thread,
                            double *allow)
{
    int32_t n = t->n;
    allow[t->root] = 0.0;
#pragma omp parallel if (n >= PARALLEL_MIN)
    {
        const scratch *s = &per_thread[omp_get_thread_num()];
#pragma omp for schedule(dynamic, 64)
        for (int32_t p = 0; p < n; p++) {
            int32_t lo = t->child_offset[p], count = t->child_offset[p + 1] - lo;
            if (count == 0) continue;
            metric->bound_many(metric->ctx, p, t->children + lo, count, s->bound);
            for (int32_t j = 0; j < count; j++) {
                int32_t c = t->children[lo + j];
                double f = t->parent_dist[c], beta = s->bound[j] > 0.0 ? s->bound[j] : 0.0;
                allow[c] = beta > 0.0 ? beta / (sqrt(f * f + beta) + f) : 0.0;
            }
        }
    }
}

int ct_tree_check_metric(const ct_metric_fn *metric, const ct_tree *t, double slack, ct_error *err)
{
    int parts = CT_CHECK_COVER | CT_CHECK_PARENT | CT_CHECK_SEPARATION | CT_CHECK_SI;
    if (t->shortcut == CT_SHORTCUT_STAR) parts &= ~CT_CHECK_SEPARATION;
    return ct_tree_check_metric_parts(metric, t, slack, parts, err);
}

int ct_tree_check_metric_parts(const ct_metric_fn *metric, const ct_tree *t, double slack,
                               int parts, ct_error *err)
{
    int rc = CT_OK, nthreads = omp_get_max_threads();
    int32_t max_fanout = SI_BATCH;
    size_t ints_per, dists_per;
    scratch *per_thread = NULL;
    int32_t *ints = NULL;
    double *dists = NULL, *allow = NULL;
    check_ctx cx = {metric, t, slack, NULL, parts};

    if (t->parent_dist[t->root] != 0.0)
        return ct_error_set(err, CT_EVERIFY, "parent_dist of the root %d is %g, expected 0",
                            (int)t->root, t->parent_dist[t->root]);
    if (nthreads < 1) nthreads = 1;
    for (int32_t i = 0; i < t->n; i++) {
        int32_t f = t->child_offset[i + 1] - t->child_offset[i];
        if (f > max_fanout) max_fanout = f;
    }
    ints_per = (size_t)t->n + SI_BATCH;
    dists_per = 2 * (size_t)max_fanout + (size_t)t->n + SI_BATCH;
    per_thread = ct_calloc((size_t)nthreads, sizeof *per_thread);
    ints = ct_malloc_array(ints_per * (size_t)nthreads, sizeof *ints);
    dists = ct_malloc_array(dists_per * (size_t)nthreads, sizeof *dists);
    if (metric->bound_many) allow = ct_malloc_array((size_t)t->n, sizeof *allow);
    if (!per_thread || !ints || !dists || (metric->bound_many && !allow)) {
        rc = ct_error_set(err, CT_ENOMEM, "out of memory checking the tree");
        goto done;
    }
    for (int k = 0; k < nthreads; k++) {
        double *block = dists + dists_per * (size_t)k;
        per_thread[k].dist = block;
        per_thread[k].bound = block + max_fanout;
        per_thread[k].estack = block + 2 * (size_t)max_fanout;
        per_thread[k].ids_e = per_thread[k].estack + t->n;
        per_thread[k].stack = ints + ints_per * (size_t)k;
        per_thread[k].ids = per_thread[k].stack + t->n;
    }
    if (allow) {
        edge_allowances(metric, t, per_thread, allow);
        cx.edge_allow = allow;
    }
    if (parts & (CT_CHECK_COVER | CT_CHECK_PARENT))
        rc = first_failure(&cx, covering_at, per_thread, "covering", err);
    if (rc != CT_OK) goto done;
    if (parts & CT_CHECK_SEPARATION)
        rc = first_failure(&cx, separation_at, per_thread, "separation", err);
    if (rc != CT_OK) goto done;
    if (parts & CT_CHECK_SI) rc = first_failure(&cx, si_at, per_thread, "si", err);
done:
    ct_free(per_thread);
    ct_free(ints);
    ct_free(dists);
    ct_free(allow);
    return rc;
}
