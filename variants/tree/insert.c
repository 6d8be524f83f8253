/* insert.c -- batched, parallel insertion that reproduces the sequential
 * cover-tree insertion exactly (the algorithm is specified in build.c).
 *
 * Per batch: phase 1 (OpenMP, tree frozen) lets every point of the batch
 * descend the frozen tree and records, for each node on its path, how many
 * children that node had (nf), the nearest covering one among them and its
 * distance.  Phase 2 (sequential, insertion order) replays each point: at each
 * node only the children appended during this batch (positions >= nf) are
 * new, so it evaluates those, compares with the recorded frozen winner (ties
 * go to the frozen one: earlier in the child list) and either follows the
 * record or, once a new child wins, finishes with a plain sequential descent
 * (everything below a new node is new).
 * Phase 1 has two implementations with identical records: probe_point below
 * (point by point, dist_many; used when the metric has no dist_block) and
 * the grouped walk of descend.c (points at the same node evaluated together,
 * dist_block / dist_screen).
 */
#include <omp.h>
#include <string.h>

#include "ct/alloc.h"
#include "insert_internal.h"

/* Cap on recorded path steps per batch (16 bytes each).  The effective batch
 * shrinks when the tree is very deep (e.g. long duplicate chains); the result
 * is independent of the batch size, so this changes only memory and speed. */
#define STEP_LIMIT ((int64_t)1 << 21)

/* Cover levels 0 .. min_level - 1 (children of the deepest nodes). */
static int radii_extend(radii *rt, int32_t min_level)
{
    int64_t need = 2 - (int64_t)min_level;
    if (need > rt->cap) {
        int64_t cap = need * 2;
        double *grown = ct_malloc_array((size_t)cap, sizeof *grown);
        if (!grown) return CT_ENOMEM;
        if (rt->count) memcpy(grown, rt->r, (size_t)rt->count * sizeof *grown);
        ct_free(rt->r);
        rt->r = grown;
        rt->cap = cap;
    }
    for (int64_t k = rt->count; k < need; k++) rt->r[k] = ct_tree_radius(rt->base, (int32_t)-k);
    if (need > rt->count) rt->count = need;
    return CT_OK;
}

/* The per-batch work space. */
typedef struct workspace {
    step *steps;
    int64_t steps_cap;
    probe *probes;
    double *scratch; /* nthreads blocks of scratch_cap doubles */
    int64_t scratch_cap;
    int nthreads;
    radii radii;
    descend_ws descend; /* the grouped phase 1 (descend.c) */
} workspace;

void ct_tree_lists_free(tree_lists *lists)
{
    if (!lists) return;
    if (lists->kids) {
        for (int32_t i = 0; i < lists->n; i++) ct_free(lists->kids[i]);
    }
    ct_free(lists->kids);
    ct_free(lists->nkids);
    ct_free(lists->capkids);
    ct_free(lists->parent);
    ct_free(lists->level);
    ct_free(lists->parent_dist);
    memset(lists, 0, sizeof *lists);
}

static int lists_init(tree_lists *t, int32_t n)
{
    size_t un = (size_t)n;
    memset(t, 0, sizeof *t);
    t->n = n;
    t->parent = ct_malloc_array(un, sizeof *t->parent);
    t->level = ct_malloc_array(un, sizeof *t->level);
    t->parent_dist = ct_malloc_array(un, sizeof *t->parent_dist);
    t->kids = ct_calloc(un, sizeof *t->kids);
    t->nkids = ct_calloc(un, sizeof *t->nkids);
    t->capkids = ct_calloc(un, sizeof *t->capkids);
    if (!t->parent || !t->level || !t->parent_dist || !t->kids || !t->nkids || !t->capkids)
        return CT_ENOMEM;
    return CT_OK;
}

/* Append x as the last child of p. */
static int push_child(tree_lists *t, int32_t p, int32_t x)
{
    if (t->nkids[p] == t->capkids[p]) {
        int32_t cap = t->capkids[p] ? t->capkids[p] * 2 : 4;
        int32_t *grown;
        if (cap > t->n) cap = t->n;
        grown = ct_malloc_array((size_t)cap, sizeof *grown);
        if (!grown) return CT_ENOMEM;
        if (t->nkids[p]) memcpy(grown, t->kids[p], (size_t)t->nkids[p] * sizeof *grown);
        ct_free(t->kids[p]);
        t->kids[p] = grown;
        t->capkids[p] = cap;
    }
    t->kids[p][t->nkids[p]++] = x;
    if (t->nkids[p] > t->max_fanout) t->max_fanout = t->nkids[p];
    return CT_OK;
}

/* Phase 1 for point x on the frozen tree: fill path[0..len) and *pr. */
static void probe_point(const ct_metric_fn *metric, const tree_lists *t, int32_t root,
                        const radii *rt, int32_t x, step *path, probe *pr, double *buf)
{
    int32_t p = root, level = 0, k = 0;
    double d;

    pr->bad_j = -1;
    pr->len = 0;
    metric->dist_many(metric->ctx, x, &root, 1, &d);
    pr->root_dist = d;
    if (!ct_tree_dist_ok(d)) {
        pr->bad_j = root;
        pr->bad_d = d;
        return;
    }
    for (;;) {
        int32_t nf = t->nkids[p], best = -1, bad = -1;
        double best_d = 0.0;
        if (nf > 0) {
            metric->dist_many(metric->ctx, x, t->kids[p], nf, buf);
            best =
                ct_tree_nearest_covering(buf, nf, ct_tree_radius_at(rt, level - 1), &best_d, &bad);
            if (bad >= 0) {
                pr->bad_j = t->kids[p][bad];
                pr->bad_d = buf[bad];
                return;
            }
        }
        path[k].nf = nf;
        path[k].best = best;
        path[k].dist = best_d;
        k++;
        if (best < 0) break;
        p = t->kids[p][best];
        level--;
    }
    pr->len = k;
}

/* Phase 2 for point x: replay its record against the current tree and insert. */
static int place_point(const ct_metric_fn *metric, tree_lists *t, int32_t root, const radii *rt,
                       int32_t x, const step *path, const probe *pr, double *buf, ct_error *err)
{
    int32_t p = root, level = 0, k = 0;
    double dp = pr->root_dist;
    int on_path = 1;

    for (;;) {
        int32_t count = t->nkids[p], from = 0, frozen = -1, fresh = -1, bad = -1;
        double frozen_d = 0.0, fresh_d = 0.0;
        if (on_path) {
            if (k >= pr->len)
                return ct_error_set(err, CT_EINTERNAL,
                                    "tree build: replay of point %d ran past its recorded path",
                                    (int)x);
            from = path[k].nf;
            frozen = path[k].best;
            frozen_d = path[k].dist;
        }
        if (count > from) {
            metric->dist_many(metric->ctx, x, t->kids[p] + from, count - from, buf);
            fresh = ct_tree_nearest_covering(buf, count - from, ct_tree_radius_at(rt, level - 1),
                                             &fresh_d, &bad);
            if (bad >= 0)
                return ct_error_set(err, CT_EINVAL,
                                    "metric returned d(%d, %d) = %.17g, outside [0, 1]", (int)x,
                                    (int)t->kids[p][from + bad], buf[bad]);
            if (fresh >= 0) fresh += from;
        }
        if (frozen >= 0 && (fresh < 0 || frozen_d <= fresh_d)) {
            p = t->kids[p][frozen];
            dp = frozen_d;
            k++;
        } else if (fresh >= 0) {
            p = t->kids[p][fresh];
            dp = fresh_d;
            on_path = 0;
        } else {
            break;
        }
        level--;
    }
    t->parent[x] = p;
    t->level[x] = level - 1;
    t->parent_dist[x] = dp;
    if (level - 1 < t->min_level) t->min_level = level - 1;
    return push_child(t, p, x);
}

/* Make room for a batch of `count` points with paths of up to `max_path` steps. */
static int workspace_reserve(workspace *w, const tree_lists *t, int32_t count, int64_t max_path)
{
    int64_t need_steps = (int64_t)count * max_path;
    /* phase 2 may see up to max_fanout + count children at one node */
    int64_t need_scratch = (int64_t)t->max_fanout + count + 1;
    if (need_steps > w->steps_cap) {
        ct_free(w->steps);
        w->steps = ct_malloc_array((size_t)need_steps, sizeof *w->steps);
        w->steps_cap = w->steps ? need_steps : 0;
        if (!w->steps) return CT_ENOMEM;
    }
    if (need_scratch > w->scratch_cap) {
        int64_t cap = need_scratch * 2;
        if (cap > (int64_t)t->n + 1) cap = (int64_t)t->n + 1;
        if (cap < need_scratch) cap = need_scratch;
        ct_free(w->scratch);
        w->scratch = ct_malloc_array((size_t)cap * (size_t)w->nthreads, sizeof *w->scratch);
        w->scratch_cap = w->scratch ? cap : 0;
        if (!w->scratch) return CT_ENOMEM;
    }
    return CT_OK;
}

int ct_tree_insert_all(const ct_metric_fn *metric, int32_t n, const int32_t *order, double base,
                       int batch, tree_lists *lists, ct_error *err)
{
    int rc;
    int32_t root = order[0], pos = 1;
    int32_t max_batch = (int32_t)(batch < n ? batch : n);
    workspace w;

    memset(&w, 0, sizeof w);
    w.radii.base = base;
    rc = lists_init(lists, n);
    if (rc != CT_OK) {
        ct_error_set(err, rc, "out of memory for the tree build (n = %d)", (int)n);
        goto done;
    }
    lists->parent[root] = -1;
    lists->level[root] = 0;
    lists->parent_dist[root] = 0.0;
    w.nthreads = omp_get_max_threads();
    if (w.nthreads < 1) w.nthreads = 1;
    w.probes = ct_malloc_array((size_t)max_batch, sizeof *w.probes);
    if (!w.probes) {
        rc = ct_error_set(err, CT_ENOMEM, "out of memory for the tree build batches");
        goto done;
    }

    while (pos < n) {
        int64_t max_path = 1 - (int64_t)lists->min_level;
        int32_t count = max_batch;
        if ((int64_t)count * max_path > STEP_LIMIT) {
            int64_t fit = STEP_LIMIT / max_path;
            count = (int32_t)(fit < 1 ? 1 : fit);
        }
        if (count > n - pos) count = n - pos;
        rc = workspace_reserve(&w, lists, count, max_path);
        if (rc == CT_OK) rc = radii_extend(&w.radii, lists->min_level);
        if (rc != CT_OK) {
            ct_error_set(err, rc, "out of memory for a tree build batch");
            goto done;
        }

        /* phase 1: every point of the batch descends the frozen tree, grouped
         * by node when the metric evaluates blocks, else point by point */
        if (metric->dist_block) {
            rc = ct_tree_descend_batch(metric, lists, root, &w.radii, order + pos, count, max_path,
                                       w.steps, w.probes, &w.descend);
            if (rc != CT_OK) {
                ct_error_set(err, rc, "out of memory for a tree build batch");
                goto done;
            }
        } else {
#pragma omp parallel for schedule(dynamic, 4) if (count > 1)
            for (int32_t b = 0; b < count; b++) {
                double *buf = w.scratch + (size_t)omp_get_thread_num() * (size_t)w.scratch_cap;
                probe_point(metric, lists, root, &w.radii, order[pos + b],
                            w.steps + (int64_t)b * max_path, &w.probes[b], buf);
            }
        }
        for (int32_t b = 0; b < count; b++) {
            if (w.probes[b].bad_j >= 0) {
                rc = ct_error_set(err, CT_EINVAL,
                                  "metric returned d(%d, %d) = %.17g, outside [0, 1]",
                                  (int)order[pos + b], (int)w.probes[b].bad_j, w.probes[b].bad_d);
                goto done;
            }
        }

        /* phase 2: replay in insertion order, inserting each point */
        for (int32_t b = 0; b < count; b++) {
            rc = place_point(metric, lists, root, &w.radii, order[pos + b],
                             w.steps + (int64_t)b * max_path, &w.probes[b], w.scratch, err);
            if (rc != CT_OK) {
                if (rc == CT_ENOMEM) ct_error_set(err, rc, "out of memory for a child list");
                goto done;
            }
        }
        pos += count;
    }
    rc = CT_OK;
done:
    ct_free(w.steps);
    ct_free(w.probes);
    ct_free(w.scratch);
    ct_free(w.radii.r);
    ct_tree_descend_ws_free(&w.descend);
    if (rc != CT_OK) ct_tree_lists_free(lists);
    return rc;
}
