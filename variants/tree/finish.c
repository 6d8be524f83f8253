/* finish.c -- turn the inserted child lists into the final ct_tree arrays:
 * CSR children (insertion order within each list), the subtree radius si
 * (sum bound or exact maximum), min_index and depth.
 *
 * Post-order without recursion: every node is inserted after its parent, so
 * the reverse insertion order visits children before parents.
 */
#include <omp.h>
#include <string.h>

#include "ct/alloc.h"
#include "tree_internal.h"

/* Descendants per dist_many call in the exact radius. */
#define SI_BATCH 256
/* Below this many nodes the exact radius runs on one thread. */
#define PARALLEL_MIN 256

static void emit_csr(const tree_lists *t, ct_tree *out)
{
    out->child_offset[0] = 0;
    for (int32_t i = 0; i < t->n; i++) {
        out->child_offset[i + 1] = out->child_offset[i] + t->nkids[i];
        if (t->nkids[i])
            memcpy(out->children + out->child_offset[i], t->kids[i],
                   (size_t)t->nkids[i] * sizeof *out->children);
    }
}

/* si[n] = max over children c of parent_dist[c] + si[c]; leaves 0. */
static void radius_sum(ct_tree *out)
{
    for (int32_t i = 0; i < out->n; i++) out->si[i] = 0.0;
    for (int32_t k = out->n - 1; k >= 1; k--) {
        int32_t x = out->insertion[k], p = out->parent[x];
        double r = out->parent_dist[x] + out->si[x];
        if (r > out->si[p]) out->si[p] = r;
    }
}

/* Largest d(a, x) over the descendants x of a, walked with an explicit stack.
 * Returns -1 when fine, else the descendant whose distance is unusable. */
static int32_t radius_of(const ct_metric_fn *metric, const ct_tree *t, int32_t a, int32_t *stack,
                         int32_t *ids, double *dist, double *si, double *bad_d)
{
    int32_t top = 0, count = 0;
    double r = 0.0;

    for (int32_t e = t->child_offset[a]; e < t->child_offset[a + 1]; e++)
        stack[top++] = t->children[e];
    while (top > 0 || count > 0) {
        if (top > 0) {
            int32_t y = stack[--top];
            ids[count++] = y;
            for (int32_t e = t->child_offset[y]; e < t->child_offset[y + 1]; e++)
                stack[top++] = t->children[e];
        }
        if (count == SI_BATCH || (top == 0 && count > 0)) {
            metric->dist_many(metric->ctx, a, ids, count, dist);
            for (int32_t j = 0; j < count; j++) {
                if (!ct_tree_dist_ok(dist[j])) {
                    *bad_d = dist[j];
                    return ids[j];
                }
                if (dist[j] > r) r = dist[j];
            }
            count = 0;
        }
    }
    *si = r;
    return -1;
}

/* si[a] = max over descendants x of d(a, x), OpenMP over a. */
int ct_tree_radius_exact(const ct_metric_fn *metric, ct_tree *out, ct_error *err)
{
    int nthreads = omp_get_max_threads();
    size_t per = (size_t)out->n + SI_BATCH;
    int32_t *stacks = NULL;
    double *dists = NULL;
    int32_t fail_a = -1, fail_x = -1;
    double fail_d = 0.0;
    int rc = CT_OK;

    if (nthreads < 1) nthreads = 1;
    stacks = ct_malloc_array(per * (size_t)nthreads, sizeof *stacks);
    dists = ct_malloc_array((size_t)SI_BATCH * (size_t)nthreads, sizeof *dists);
    if (!stacks || !dists) {
        rc = ct_error_set(err, CT_ENOMEM, "out of memory for the exact subtree radii");
        goto done;
    }
#pragma omp parallel if (out->n >= PARALLEL_MIN)
    {
        int tid = omp_get_thread_num();
        int32_t *stack = stacks + per * (size_t)tid;
        int32_t *ids = stack + out->n;
        double *dist = dists + (size_t)SI_BATCH * (size_t)tid;
#pragma omp for schedule(dynamic, 8)
        for (int32_t a = 0; a < out->n; a++) {
            double r = 0.0, bad_d = 0.0;
            int32_t bad = radius_of(metric, out, a, stack, ids, dist, &r, &bad_d);
            out->si[a] = r;
            if (bad >= 0) {
#pragma omp critical(ct_tree_si_fail)
                if (fail_a < 0 || a < fail_a) {
                    fail_a = a;
                    fail_x = bad;
                    fail_d = bad_d;
                }
            }
        }
    }
    if (fail_a >= 0)
        rc = ct_error_set(err, CT_EINVAL, "metric returned d(%d, %d) = %.17g, outside [0, 1]",
                          (int)fail_a, (int)fail_x, fail_d);
done:
    ct_free(stacks);
    ct_free(dists);
    return rc;
}

int ct_tree_finish(const ct_metric_fn *metric, const tree_lists *lists, ct_tree *out, ct_error *err)
{
    size_t un = (size_t)out->n;
    int32_t min_level = 0, max_level = 0;

    out->child_offset = ct_malloc_array(un + 1, sizeof *out->child_offset);
    out->children = ct_malloc_array(un > 1 ? un - 1 : 1, sizeof *out->children);
    out->si = ct_malloc_array(un, sizeof *out->si);
    out->min_index = ct_malloc_array(un, sizeof *out->min_index);
    if (!out->child_offset || !out->children || !out->si || !out->min_index)
        return ct_error_set(err, CT_ENOMEM, "out of memory for the tree arrays (n = %d)",
                            (int)out->n);
    emit_csr(lists, out);

    for (int32_t i = 0; i < out->n; i++) out->min_index[i] = i;
    for (int32_t k = out->n - 1; k >= 1; k--) {
        int32_t x = out->insertion[k], p = out->parent[x];
        if (out->min_index[x] < out->min_index[p]) out->min_index[p] = out->min_index[x];
    }

    for (int32_t i = 0; i < out->n; i++) {
        if (out->level[i] < min_level) min_level = out->level[i];
        if (out->level[i] > max_level) max_level = out->level[i];
    }
    out->depth = out->n > 1 ? max_level - min_level : 0;

    if (out->si_mode == CT_SI_EXACT) return ct_tree_radius_exact(metric, out, err);
    radius_sum(out);
    return CT_OK;
}
