/* ordering_maxmin.c -- the exact max-min ordering of points (ordering.h).
 *
 * Rules (docs/ALGORITHM.md §3.9): first the point nearest to the coordinate
 * mean, then again and again the unselected point whose distance to its
 * nearest selected point is largest; ties go to the lowest index, so once all
 * the remaining distances are 0 (duplicates) the rest follow in increasing
 * index.  Distances are Euclidean on the coordinates x (not the residual
 * metric), compared squared; a squared distance is always the sum over the
 * dimensions in order t = 0 .. dim-1 of (a[t] - b[t])^2, here and in any
 * reference implementation, so results are bitwise reproducible.
 *
 * Algorithm: cur[j] is j's squared distance to the selected set.  A lazy
 * max-heap holds (cur, j) entries keyed (cur desc, j asc); an entry whose key
 * differs from cur[j] is stale and skipped (cur only decreases, and a new entry
 * is pushed only on a strict decrease, so there is one current entry per
 * unselected point).  After selecting s with cur[s] = r2, only points within
 * squared distance r2 of s can get closer to the selected set (every unselected
 * cur[j] <= r2 because s was the maximum), so a range query on a k-d tree over
 * x visits just those.  A box is skipped when its squared distance to s,
 * computed with the same per-dimension gaps (each <= |x_j[t] - s[t]| by the
 * monotonicity of rounding) summed in the same order, is >= r2: no point in it
 * can improve, so the pruning is exact.
 */
#include "ct/ordering.h"
#include "ct/alloc.h"

#include <math.h>
#include <string.h>

#define LEAF_SIZE 16

typedef struct entry {
    double d;
    int32_t i;
} entry;

typedef struct heap {
    entry *a;
    size_t len, cap;
} heap;

typedef struct kd_node {
    int32_t begin, end;  /* range of idx */
    int32_t left, right; /* children, -1 for a leaf */
} kd_node;

typedef struct kd_tree {
    const double *x;
    int dim;
    int32_t *idx;
    double *xs; /* the coordinates in idx order: leaf scans read them contiguously */
    kd_node *nodes;
    double *box; /* per node: lo[dim] then hi[dim] */
    int32_t count;
} kd_tree;

static double sqdist(const double *a, const double *b, int dim)
{
    double s = 0.0;
    for (int t = 0; t < dim; t++) {
        double e = a[t] - b[t];
        s += e * e;
    }
    return s;
}

/* a before b in the heap: larger distance, then smaller index */
static int above(const entry *a, const entry *b)
{
    return a->d > b->d || (a->d == b->d && a->i < b->i);
}

static int heap_push(heap *h, double d, int32_t i)
{
    size_t c;
    if (h->len == h->cap) {
        size_t cap = h->cap ? 2 * h->cap : 64;
        entry *a = ct_malloc_array(cap, sizeof *a);
        if (!a) return CT_ENOMEM;
        if (h->len) memcpy(a, h->a, h->len * sizeof *a);
        ct_free(h->a);
        h->a = a;
        h->cap = cap;
    }
    c = h->len++;
    h->a[c].d = d;
    h->a[c].i = i;
    while (c > 0) {
        size_t p = (c - 1) / 2;
        entry t;
        if (!above(&h->a[c], &h->a[p])) break;
        t = h->a[c];
        h->a[c] = h->a[p];
        h->a[p] = t;
        c = p;
    }
    return CT_OK;
}

static entry heap_pop(heap *h)
{
    entry top = h->a[0];
    size_t c = 0;
    h->a[0] = h->a[--h->len];
    for (;;) {
        size_t l = 2 * c + 1, r = l + 1, best = c;
        entry t;
        if (l < h->len && above(&h->a[l], &h->a[best])) best = l;
        if (r < h->len && above(&h->a[r], &h->a[best])) best = r;
        if (best == c) break;
        t = h->a[c];
        h->a[c] = h->a[best];
        h->a[best] = t;
        c = best;
    }
    return top;
}

static double coord(const kd_tree *kd, int32_t i, int t)
{
    return kd->x[(size_t)i * (size_t)kd->dim + (size_t)t];
}

/* Partially order idx[lo, hi) so that idx[mid] has the mid-th smallest
 * coordinate t, smaller ones before and larger ones after (quickselect). */
static void select_mid(const kd_tree *kd, int32_t lo, int32_t hi, int32_t mid, int t)
{
    int32_t *idx = kd->idx;
    hi--;
    while (lo < hi) {
        double pivot = coord(kd, idx[lo + (hi - lo) / 2], t);
        int32_t a = lo, b = hi;
        while (a <= b) {
            while (coord(kd, idx[a], t) < pivot) a++;
            while (coord(kd, idx[b], t) > pivot) b--;
            if (a <= b) {
                int32_t tmp = idx[a];
                idx[a++] = idx[b];
                idx[b--] = tmp;
            }
        }
        if (mid <= b) hi = b;
        else if (mid >= a) lo = a;
        else return;
    }
}

/* Node `id` over idx[begin, end): its box, and children while it is large. */
static void kd_build(kd_tree *kd, int32_t id, int32_t begin, int32_t end)
{
    int dim = kd->dim, split = 0;
    double *lo = kd->box + (size_t)id * 2 * (size_t)dim, *hi = lo + dim, widest = -1.0;
    kd_node *node = &kd->nodes[id];
    node->begin = begin;
    node->end = end;
    node->left = node->right = -1;
    for (int t = 0; t < dim; t++) lo[t] = hi[t] = coord(kd, kd->idx[begin], t);
    for (int32_t r = begin + 1; r < end; r++)
        for (int t = 0; t < dim; t++) {
            double v = coord(kd, kd->idx[r], t);
            if (v < lo[t]) lo[t] = v;
            if (v > hi[t]) hi[t] = v;
        }
    for (int t = 0; t < dim; t++)
        if (hi[t] - lo[t] > widest) {
            widest = hi[t] - lo[t];
            split = t;
        }
    if (end - begin <= LEAF_SIZE || widest <= 0.0) return;
    {
        int32_t mid = begin + (end - begin) / 2;
        select_mid(kd, begin, end, mid, split);
        node->left = kd->count++;
        node->right = kd->count++;
        kd_build(kd, node->left, begin, mid);
        kd_build(kd, kd->nodes[id].right, mid, end);
    }
}

/* Squared distance from q to the box, >= r2 as soon as the partial sum is. */
static double box_sqdist(const double *lo, const double *hi, const double *q, int dim, double r2)
{
    double s = 0.0;
    for (int t = 0; t < dim; t++) {
        double e = 0.0;
        if (q[t] < lo[t]) e = lo[t] - q[t];
        else if (q[t] > hi[t]) e = q[t] - hi[t];
        s += e * e;
        if (s >= r2) break;
    }
    return s;
}

/* cur[j] is j's squared distance to the selected set (-1: selected). */
static int update_near(const kd_tree *kd, int32_t *stack, int32_t s, double r2, double *cur,
                       heap *h)
{
    const double *q = kd->x + (size_t)s * (size_t)kd->dim;
    int dim = kd->dim, depth = 0, rc;
    stack[depth++] = 0;
    while (depth > 0) {
        int32_t id = stack[--depth];
        const kd_node *node = &kd->nodes[id];
        const double *lo = kd->box + (size_t)id * 2 * (size_t)dim;
        if (box_sqdist(lo, lo + dim, q, dim, r2) >= r2) continue;
        if (node->left >= 0) {
            stack[depth++] = node->left;
            stack[depth++] = node->right;
            continue;
        }
        for (int32_t r = node->begin; r < node->end; r++) {
            int32_t j = kd->idx[r];
            double d;
            if (cur[j] <= 0.0) continue; /* selected, or already on a selected point */
            d = sqdist(kd->xs + (size_t)r * (size_t)dim, q, dim);
            if (d < cur[j]) {
                cur[j] = d;
                rc = heap_push(h, d, j);
                if (rc != CT_OK) return rc;
            }
        }
    }
    return CT_OK;
}

/* The point nearest to the coordinate mean (sums over i in order), lowest index on ties. */
static int32_t nearest_to_mean(const double *x, int32_t n, int dim)
{
    double mean[CT_MAX_DIM] = {0}, best = INFINITY;
    int32_t arg = 0;
    for (int32_t i = 0; i < n; i++)
        for (int t = 0; t < dim; t++) mean[t] += x[(size_t)i * (size_t)dim + (size_t)t];
    for (int t = 0; t < dim; t++) mean[t] /= (double)n;
    for (int32_t i = 0; i < n; i++) {
        double d = sqdist(x + (size_t)i * (size_t)dim, mean, dim);
        if (d < best) {
            best = d;
            arg = i;
        }
    }
    return arg;
}

int ct_ordering_maxmin(const double *x, int32_t n, int dim, int32_t *perm, double *sq,
                       ct_error *err)
{
    kd_tree kd;
    heap h = {NULL, 0, 0};
    double *cur = NULL;
    int32_t *stack = NULL, first, filled = 0;
    size_t nodes_max;
    int rc = CT_OK;

    if (n < 1 || dim < 1 || dim > CT_MAX_DIM || !x || !perm)
        return ct_error_set(err, CT_EINVAL,
                            "maxmin ordering: n = %ld, dim = %d, need n >= 1, "
                            "dim in 1..%d",
                            (long)n, dim, CT_MAX_DIM);
    for (size_t e = 0; e < (size_t)n * (size_t)dim; e++)
        if (!isfinite(x[e]))
            return ct_error_set(err, CT_EINVAL,
                                "maxmin ordering: point %zu has a NaN or infinite coordinate",
                                e / (size_t)dim);
    memset(&kd, 0, sizeof kd);
    kd.x = x;
    kd.dim = dim;
    nodes_max = 2 * ((size_t)n / (LEAF_SIZE / 2) + 1);
    kd.idx = ct_malloc_array((size_t)n, sizeof *kd.idx);
    kd.nodes = ct_malloc_array(nodes_max, sizeof *kd.nodes);
    kd.box = ct_malloc_array(nodes_max * 2, (size_t)dim * sizeof *kd.box);
    stack = ct_malloc_array(nodes_max, sizeof *stack);
    cur = ct_malloc_array((size_t)n, sizeof *cur);
    kd.xs = ct_malloc_array((size_t)n * (size_t)dim, sizeof *kd.xs);
    if (!kd.idx || !kd.nodes || !kd.box || !stack || !cur || !kd.xs) {
        rc = ct_error_set(err, CT_ENOMEM, "maxmin ordering: out of memory for %ld points", (long)n);
        goto done;
    }
    for (int32_t i = 0; i < n; i++) kd.idx[i] = i;
    kd.count = 1;
    kd_build(&kd, 0, 0, n);
    for (int32_t r = 0; r < n; r++)
        memcpy(kd.xs + (size_t)r * (size_t)dim, x + (size_t)kd.idx[r] * (size_t)dim,
               (size_t)dim * sizeof *kd.xs);

    first = nearest_to_mean(x, n, dim);
    perm[filled] = first;
    if (sq) sq[filled] = INFINITY;
    filled++;
    for (int32_t j = 0; j < n; j++) {
        cur[j] = j == first
                     ? -1.0
                     : sqdist(x + (size_t)j * (size_t)dim, x + (size_t)first * (size_t)dim, dim);
        if (j != first && (rc = heap_push(&h, cur[j], j)) != CT_OK) break;
    }
    while (rc == CT_OK && h.len > 0) {
        entry top = heap_pop(&h);
        if (top.d != cur[top.i]) continue; /* stale */
        cur[top.i] = -1.0;
        perm[filled] = top.i;
        if (sq) sq[filled] = top.d;
        filled++;
        if (top.d > 0.0) rc = update_near(&kd, stack, top.i, top.d, cur, &h);
    }
    if (rc != CT_OK) ct_error_set(err, rc, "maxmin ordering: out of memory for the heap");
    else if (filled != n)
        rc = ct_error_set(err, CT_EINTERNAL, "maxmin ordering: %ld of %ld points ordered",
                          (long)filled, (long)n);

done:
    ct_free(h.a);
    ct_free(cur);
    ct_free(stack);
    ct_free(kd.xs);
    ct_free(kd.box);
    ct_free(kd.nodes);
    ct_free(kd.idx);
    return rc;
}
