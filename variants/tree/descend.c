/* descend.c -- phase 1 of a batch with the points grouped by node.
 *
 * Phase 1 (insert.c) lets every point of a batch walk down the frozen tree:
 * at node p it needs d(x, c) for every child c of p, takes the nearest c
 * with d(x, c) <= base^(level(p) - 1) (ties to the earlier child) and records
 * the step.  Walking point by point, every point streams the V rows of every
 * child it meets; at the root (thousands of children, and every point of
 * the batch meets them) that is almost all of the build's time.
 *
 * Here the batch walks level by level: in each round the unfinished points
 * are sorted by the node they stand at, and each group (node p, the points
 * at p) is evaluated together:
 *   - large groups (at least SCREEN_MIN_CHILDREN children and
 *     SCREEN_MIN_PAIRS pairs) through metric->dist_screen, one dgemm-backed
 *     block with a rigorous bound per pair (ct/metric.h).  A pair whose
 *     approximation minus a finite bound exceeds the covering radius cannot
 *     be the chosen child, and its exact value is usable (a finite bound
 *     promises a value in [0, 1]); dist_many computes the exact value of
 *     every other pair ("candidates", in child order).  The nearest covering
 *     child is among the candidates, and the first unusable value, if any,
 *     is too, so the decision, the recorded distance and the error report
 *     are those of the exact walk.
 *   - the other groups through metric->dist_block in chunks of EXACT_CHUNK
 *     points (OpenMP over chunks): every child's exact value, bit-identical
 *     to dist_many by contract.
 * Each point's decisions therefore use exactly the doubles dist_many returns
 * and are applied in the same order as probe_point in insert.c: the
 * recorded steps and probes are identical (test_tree_blocked builds both
 * ways and compares every array).  The screened groups run one after the
 * other from serial code (the screen's dgemm has its own BLAS threads), each
 * followed by an OpenMP loop over its points.
 */
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "ct/alloc.h"
#include "insert_internal.h"

/* Points per exact dist_block task. */
#define EXACT_CHUNK 32
/* When a group goes through the screen. */
#define SCREEN_MIN_CHILDREN 32
#define SCREEN_MIN_PAIRS 4096
/* Largest screened block (approx + bound: 16 bytes per cell). */
#define SCREEN_MAX_CELLS ((int64_t)1 << 23)

typedef struct walker {
    int32_t node;
    int32_t b; /* position in the batch */
} walker;

typedef struct walk_state {
    int32_t node, level, k, done;
} walk_state;

static int by_node(const void *pa, const void *pb)
{
    const walker *a = pa, *b = pb;
    if (a->node != b->node) return a->node < b->node ? -1 : 1;
    return (a->b > b->b) - (a->b < b->b);
}

void ct_tree_descend_ws_free(descend_ws *ws)
{
    ct_free(ws->walk);
    ct_free(ws->state);
    ct_free(ws->ids);
    ct_free(ws->tasks);
    ct_free(ws->approx);
    ct_free(ws->bound);
    ct_free(ws->exact);
    ct_free(ws->cand);
    ct_free(ws->screen);
    memset(ws, 0, sizeof *ws);
}

/* Grow *buf to hold `need` elements of `elem` bytes (contents dropped). */
static int reserve(void **buf, int64_t *cap, int64_t need, size_t elem)
{
    void *fresh;
    if (need <= *cap) return CT_OK;
    fresh = ct_malloc_array((size_t)need, elem);
    if (!fresh) return CT_ENOMEM;
    ct_free(*buf);
    *buf = fresh;
    *cap = need;
    return CT_OK;
}

static int ws_reserve(descend_ws *ws, const tree_lists *t, int32_t count)
{
    int64_t fan = t->max_fanout > 0 ? t->max_fanout : 1;
    int64_t exact = fan * EXACT_CHUNK, cap32, cells;
    int rc = CT_OK;
    if (exact < count) exact = count;
    if (ws->nthreads < 1) ws->nthreads = omp_get_max_threads() > 0 ? omp_get_max_threads() : 1;
    cap32 = ws->walk_cap;
    rc = reserve(&ws->walk, &cap32, count, sizeof(walker));
    ws->walk_cap = (int32_t)cap32;
    if (rc == CT_OK) {
        void *state = ws->state;
        cap32 = ws->state_cap;
        rc = reserve(&state, &cap32, count, sizeof(walk_state));
        ws->state = state;
        ws->state_cap = (int32_t)cap32;
    }
    if (rc == CT_OK && count > ws->ids_cap) {
        ct_free(ws->ids);
        ct_free(ws->tasks);
        ws->ids = ct_malloc_array((size_t)count, sizeof *ws->ids);
        ws->tasks = ct_malloc_array((size_t)count, sizeof *ws->tasks);
        ws->ids_cap = ws->ids && ws->tasks ? count : 0;
        if (!ws->ids || !ws->tasks) rc = CT_ENOMEM;
    }
    if (rc == CT_OK && exact > ws->exact_cap) {
        ct_free(ws->exact);
        ct_free(ws->cand);
        ws->exact = ct_malloc_array((size_t)(exact * ws->nthreads), sizeof *ws->exact);
        ws->cand = ct_malloc_array((size_t)(exact * ws->nthreads), sizeof *ws->cand);
        ws->exact_cap = ws->exact && ws->cand ? exact : 0;
        if (!ws->exact || !ws->cand) rc = CT_ENOMEM;
    }
    cells = (int64_t)count * fan;
    if (cells > SCREEN_MAX_CELLS) cells = SCREEN_MAX_CELLS;
    if (rc == CT_OK && cells > ws->cells_cap) {
        ct_free(ws->approx);
        ct_free(ws->bound);
        ws->approx = ct_malloc_array((size_t)cells, sizeof *ws->approx);
        ws->bound = ct_malloc_array((size_t)cells, sizeof *ws->bound);
        ws->cells_cap = ws->approx && ws->bound ? cells : 0;
        if (!ws->approx || !ws->bound) rc = CT_ENOMEM;
    }
    return rc;
}

/* The shared inputs of one batch. */
typedef struct batch {
    const ct_metric_fn *metric;
    const tree_lists *t;
    const radii *rt;
    const int32_t *points;
    int64_t max_path;
    step *steps;
    probe *probes;
    walk_state *state;
} batch;

/* Point b at node p took decision (best, best_d) among nf children. */
static void apply(const batch *bt, int32_t b, int32_t p, int32_t nf, int32_t best, double best_d)
{
    walk_state *st = &bt->state[b];
    step *path = bt->steps + (int64_t)b * bt->max_path;
    path[st->k].nf = nf;
    path[st->k].best = best;
    path[st->k].dist = best_d; /* 0.0 when best < 0, as in probe_point */
    st->k++;
    if (best < 0) {
        bt->probes[b].len = st->k;
        st->done = 1;
    } else {
        st->node = bt->t->kids[p][best];
        st->level--;
    }
}

static void fail(const batch *bt, int32_t b, int32_t j, double d)
{
    bt->probes[b].bad_j = j;
    bt->probes[b].bad_d = d;
    bt->state[b].done = 1;
}

/* Exact: the points walk[0..count) (all at node p) against p's children. */
static void exact_chunk(const batch *bt, const walker *walk, int32_t count, int32_t *ids,
                        double *dist)
{
    const int32_t p = walk[0].node, nf = bt->t->nkids[p];
    const double r = ct_tree_radius_at(bt->rt, bt->state[walk[0].b].level - 1);
    if (nf == 0) {
        for (int32_t a = 0; a < count; a++) apply(bt, walk[a].b, p, 0, -1, 0.0);
        return;
    }
    for (int32_t a = 0; a < count; a++) ids[a] = bt->points[walk[a].b];
    bt->metric->dist_block(bt->metric->ctx, ids, count, bt->t->kids[p], nf, dist);
    for (int32_t a = 0; a < count; a++) {
        const double *d = dist + (size_t)a * (size_t)nf;
        double best_d = 0.0;
        int32_t bad, best = ct_tree_nearest_covering(d, nf, r, &best_d, &bad);
        if (bad >= 0) fail(bt, walk[a].b, bt->t->kids[p][bad], d[bad]);
        else apply(bt, walk[a].b, p, nf, best, best_d);
    }
}

/* After the screen: point b (row `approx`/`bound` of the block) at node p. */
static void screened_point(const batch *bt, int32_t b, int32_t p, double r, const double *approx,
                           const double *bound, int32_t *cand, double *exact)
{
    const int32_t nf = bt->t->nkids[p];
    const int32_t *kids = bt->t->kids[p];
    int32_t ncand = 0, best = -1;
    double best_d = 0.0;
    for (int32_t j = 0; j < nf; j++) {
        /* a finite bound promises a usable value within it: provably not chosen */
        if (approx[j] - bound[j] > r) continue;
        cand[ncand++] = j;
    }
    /* ids of the candidates after their positions (cand[nf..] is free) */
    for (int32_t c = 0; c < ncand; c++) cand[nf + c] = kids[cand[c]];
    if (ncand > 0) bt->metric->dist_many(bt->metric->ctx, bt->points[b], cand + nf, ncand, exact);
    for (int32_t c = 0; c < ncand; c++) {
        if (!ct_tree_dist_ok(exact[c])) {
            fail(bt, b, kids[cand[c]], exact[c]);
            return;
        }
        if (exact[c] <= r && (best < 0 || exact[c] < best_d)) {
            best = cand[c];
            best_d = exact[c];
        }
    }
    apply(bt, b, p, nf, best, best_d);
}

/* A large group walk[0..count) at node p through the screen, in blocks.
 * CT_OK or CT_ENOMEM (work space). */
static int screen_group(const batch *bt, descend_ws *ws, const walker *walk, int32_t count)
{
    const int32_t p = walk[0].node, nf = bt->t->nkids[p];
    const double r = ct_tree_radius_at(bt->rt, bt->state[walk[0].b].level - 1);
    int64_t rows = ws->cells_cap / nf;
    int32_t chunk = rows < 1 ? 1 : rows > count ? count : (int32_t)rows;
    size_t need = bt->metric->screen_work(bt->metric->ctx, chunk, nf);
    if (need > ws->screen_cap) {
        ct_free(ws->screen);
        ws->screen = ct_malloc_array(need, sizeof *ws->screen);
        ws->screen_cap = ws->screen ? need : 0;
        if (!ws->screen) return CT_ENOMEM;
    }
    for (int32_t a0 = 0; a0 < count; a0 += chunk) {
        const int32_t nc = count - a0 < chunk ? count - a0 : chunk;
        for (int32_t a = 0; a < nc; a++) ws->ids[a] = bt->points[walk[a0 + a].b];
        bt->metric->dist_screen(bt->metric->ctx, ws->ids, nc, bt->t->kids[p], nf, ws->approx,
                                ws->bound, ws->screen);
#pragma omp parallel for schedule(dynamic, 8) if (nc > 1)
        for (int32_t a = 0; a < nc; a++) {
            const int tid = omp_get_thread_num();
            screened_point(bt, walk[a0 + a].b, p, r, ws->approx + (size_t)a * (size_t)nf,
                           ws->bound + (size_t)a * (size_t)nf,
                           ws->cand + (size_t)tid * (size_t)ws->exact_cap,
                           ws->exact + (size_t)tid * (size_t)ws->exact_cap);
        }
    }
    return CT_OK;
}

int ct_tree_descend_batch(const ct_metric_fn *metric, const tree_lists *t, int32_t root,
                          const radii *rt, const int32_t *points, int32_t count, int64_t max_path,
                          step *steps, probe *probes, descend_ws *ws)
{
    batch bt;
    walker *walk;
    int32_t ntasks;
    int rc = ws_reserve(ws, t, count);
    if (rc != CT_OK) return rc;
    walk = ws->walk;
    bt.metric = metric;
    bt.t = t;
    bt.rt = rt;
    bt.points = points;
    bt.max_path = max_path;
    bt.steps = steps;
    bt.probes = probes;
    bt.state = (walk_state *)ws->state;

    /* d(x, root) for every point: one column, exact */
    metric->dist_block(metric->ctx, points, count, &root, 1, ws->exact);
    for (int32_t b = 0; b < count; b++) {
        walk_state *st = &bt.state[b];
        double d = ws->exact[b];
        st->node = root;
        st->level = 0;
        st->k = 0;
        st->done = 0;
        probes[b].root_dist = d;
        probes[b].len = 0;
        probes[b].bad_j = -1;
        probes[b].bad_d = 0.0;
        if (!ct_tree_dist_ok(d)) fail(&bt, b, root, d);
    }

    for (;;) {
        int32_t n = 0;
        for (int32_t b = 0; b < count; b++)
            if (!bt.state[b].done) {
                walk[n].node = bt.state[b].node;
                walk[n].b = b;
                n++;
            }
        if (n == 0) break;
        qsort(walk, (size_t)n, sizeof *walk, by_node);
        /* screened groups now, serially; exact groups become tasks: chunks of
         * at most EXACT_CHUNK walkers at one node, by start position */
        ntasks = 0;
        for (int32_t g0 = 0, g1; g0 < n; g0 = g1) {
            int32_t nf = t->nkids[walk[g0].node];
            for (g1 = g0 + 1; g1 < n && walk[g1].node == walk[g0].node; g1++) continue;
            if (metric->dist_screen && metric->screen_work && nf >= SCREEN_MIN_CHILDREN &&
                (int64_t)(g1 - g0) * nf >= SCREEN_MIN_PAIRS) {
                rc = screen_group(&bt, ws, walk + g0, g1 - g0);
                if (rc != CT_OK) return rc;
                continue;
            }
            for (int32_t a = g0; a < g1; a += EXACT_CHUNK) ws->tasks[ntasks++] = a;
        }
#pragma omp parallel for schedule(dynamic, 1) if (ntasks > 1)
        for (int32_t task = 0; task < ntasks; task++) {
            const int tid = omp_get_thread_num();
            int32_t a0 = ws->tasks[task], a1 = a0 + 1;
            while (a1 < n && a1 - a0 < EXACT_CHUNK && walk[a1].node == walk[a0].node) a1++;
            exact_chunk(&bt, walk + a0, a1 - a0, ws->cand + (size_t)tid * (size_t)ws->exact_cap,
                        ws->exact + (size_t)tid * (size_t)ws->exact_cap);
        }
    }
    return CT_OK;
}
