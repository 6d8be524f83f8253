/* traversal_level_tpl.h -- the level-synchronous traversal, written once.
 *
 * A template header (zlib-ng's *_tpl.h pattern): engine_ll.c and
 * engine_csr.c each define the topology macros and include it, which yields
 * one engine per topology from this single piece of code.  Required macros:
 *   TOPO(name)                    suffixes `name` with the topology id (name_LL)
 *   TOPO_ID                       the ct_topology value the engine accepts
 *   TOPO_HAS_CHILDREN(L, node)    does node have children?
 *   TOPO_FOR_EACH_CHILD(L, node, c) { ... }  a `for` over node's children in
 *                                 canonical child order (break works)
 *
 * Algorithm, for query point q (a dataset index) with result set R (k best):
 *   1. d(q, root) is evaluated; root enters R if eligible; the frontier is
 *      {root} if it has children.
 *   2. One step: every frontier node f, in frontier order, is re-tested
 *      against the latest k-th distance (skipped if R is full and
 *      d(q,f) - si[f] > kth + slack); otherwise it is expanded
 *      (nodes_visited++) and its children, in canonical child order, are
 *      appended to a tile.  Each full tile (CT_ENGINE_TILE candidates) and the
 *      last partial one are evaluated with the kernel in one batch; then, in
 *      tile order, eligible children are offered to R and a child with
 *      children survives into the next frontier unless R is full and
 *      d(q,c) - si[c] > kth + slack.
 *   3. Repeat until the frontier is empty.
 * Predecessor mode: a child whose subtree's smallest dataset index is >= q
 * holds no eligible point, so it is dropped before it is evaluated (exact,
 * and it saves its distance).
 * sp->parent_bound (+pbound): while the children of frontier node f are
 * gathered, a child c is dropped unevaluated if R is full and
 * d(q,f) - parent_dist[c] - si[c] > kth + slack, kth being the k-th distance
 * at that moment: by the triangle inequality every point of c's subtree
 * (c included) is at least that far from q.  The frontier entry carries
 * d(q,f) for this.  The test reads only the parent's distance, node-indexed
 * radii and R, all layout-independent, so the counters stay invariant.
 * Because children are walked in canonical order, frontier order follows
 * parent order and R breaks ties by dataset index, the visit order and every
 * work counter are identical under every topology, order, data placement and
 * kernel (test_engine_metamorphic checks this).
 *
 * Why a slack: the triangle inequality d(q,x) >= d(q,c) - si[c] holds exactly
 * for the true distances, but the computed distances and radii carry rounding
 * errors (amplified by the cancellation in k - V.V); without the slack a
 * neighbour lying on the pruning boundary could be cut off by an error of an
 * ulp.  sp->slack (CT_PRUNE_SLACK = 1e-9 by default) keeps the f64 search
 * exact at the price of a few extra evaluations.
 *
 * CT_BUDGET_LADDER (approximate, budget.h): after each step, if the next
 * frontier holds more than B nodes, only the B with the smallest lower bound
 * (ties by dataset index) survive, kept in frontier order; B grows
 * 32 -> 64 -> 96 with tiles that insert >= 1.5 % of k; two consecutive
 * stale tiles (< 0.2 % of k inserted, R full) stop the query.
 */
#include <stdlib.h>

typedef struct level_state {
    const ct_layout *L;
    const ct_kernel *kernel;
    const ct_query_spec *spec;
    double slack;
    int32_t q;
    ct_query_row qrow;
    ct_engine_scratch *s;
    result_set rs;
    ladder lad;
    int use_ladder;
    int32_t nnext;
    uint64_t evals, inserts;
} level_state;

/* Evaluate the tile s->tile_node/tile_row[0..ntile), feed R and the next
 * frontier.  Sets *stop when the ladder ends the query.  CT_OK or CT_ENOMEM. */
static int TOPO(level_tile)(level_state *st, int ntile, int *stop)
{
    const ct_layout *L = st->L;
    ct_engine_scratch *s = st->s;
    const int32_t *n2p = L->node_to_point;
    const double *si = L->si;
    int64_t inserted = 0;
    int rc = CT_OK;

    if (st->nnext + ntile > s->next_cap) {
        SCRATCH_GROW(rc, s->next, s->next_cap, st->nnext + ntile, st->nnext);
        if (rc != CT_OK) return rc;
    }
    ct_engine_eval_rows(st->kernel, &L->rows, &st->qrow, s->tile_row, ntile, s->tile_dist, s);
    st->evals += (uint64_t)ntile;
    for (int i = 0; i < ntile; i++) {
        int32_t c = s->tile_node[i];
        int32_t point = n2p[c];
        double d = s->tile_dist[i];
        if (ct_knn_eligible(st->spec, st->q, point)) inserted += rs_insert(&st->rs, d, point);
        if (TOPO_HAS_CHILDREN(L, c)) {
            double lb = d - si[c];
            if (rs_full(&st->rs) && lb > rs_kth(&st->rs) + st->slack) continue;
            s->next[st->nnext].lb = lb;
            s->next[st->nnext].dist = d;
            s->next[st->nnext].node = c;
            s->next[st->nnext].point = point;
            s->next[st->nnext].pos = st->nnext;
            st->nnext++;
        }
    }
    st->inserts += (uint64_t)inserted;
    if (st->use_ladder && ladder_after_window(&st->lad, inserted, st->rs.k, rs_full(&st->rs)))
        *stop = 1;
    return CT_OK;
}

#ifndef CT_LEVEL_TPL_CUT_DEFINED
#define CT_LEVEL_TPL_CUT_DEFINED
static int by_bound(const void *a, const void *b)
{
    const fr_entry *x = a, *y = b;
    if (x->lb != y->lb) return x->lb < y->lb ? -1 : 1;
    return (x->point > y->point) - (x->point < y->point);
}

static int by_pos(const void *a, const void *b)
{
    const fr_entry *x = a, *y = b;
    return (x->pos > y->pos) - (x->pos < y->pos);
}

/* Keep the `budget` entries with the smallest (lb, point), in their order. */
static int32_t budget_cut(fr_entry *fr, int32_t count, int budget)
{
    if (count <= budget) return count;
    qsort(fr, (size_t)count, sizeof *fr, by_bound);
    qsort(fr, (size_t)budget, sizeof *fr, by_pos);
    return budget;
}
#endif

static int TOPO(level_query)(const ct_engine_call *call, ct_engine_scratch *s, int32_t q,
                             int32_t *idx_out, double *dist_out, ct_work *w)
{
    const ct_layout *L = call->layout;
    const int32_t *min_index = L->min_index;
    const double *si = L->si, *pdist = L->parent_dist;
    const int predecessor = call->sp->spec.predecessor;
    const int pbound = call->sp->parent_bound;
    level_state st;
    int32_t ncur = 0, root = L->root;
    uint64_t visited = 0;
    int rc = CT_OK, stop = 0, ntile = 0;

    st.L = L;
    st.kernel = call->kernel;
    st.spec = &call->sp->spec;
    st.slack = call->sp->slack;
    st.q = q;
    st.qrow = ct_rows_query(&L->rows, ct_layout_row(L, L->point_to_node[q]));
    st.s = s;
    rs_reset(&st.rs, s->rs, st.spec->k);
    ladder_init(&st.lad);
    st.use_ladder = call->sp->budget == CT_BUDGET_LADDER;
    st.nnext = 0;
    st.evals = st.inserts = 0;

    if (root < 0 || (predecessor && min_index[root] >= q)) goto done;
    /* The root: one distance, then the frontier {root}. */
    s->tile_node[0] = root;
    s->tile_row[0] = ct_layout_row(L, root);
    rc = TOPO(level_tile)(&st, 1, &stop);
    if (rc != CT_OK) goto done;

    while (st.nnext > 0 && !stop) {
        fr_entry *swap = s->cur;
        int32_t swap_cap = s->cur_cap;
        if (st.use_ladder) st.nnext = budget_cut(s->next, st.nnext, st.lad.budget);
        s->cur = s->next;
        s->cur_cap = s->next_cap;
        s->next = swap;
        s->next_cap = swap_cap;
        ncur = st.nnext;
        st.nnext = 0;
        for (int32_t f = 0; f < ncur && !stop; f++) {
            int32_t node = s->cur[f].node;
            double dnode = s->cur[f].dist;
            if (rs_full(&st.rs) && s->cur[f].lb > rs_kth(&st.rs) + st.slack) continue;
            visited++;
            TOPO_FOR_EACH_CHILD(L, node, c)
            {
                if (predecessor && min_index[c] >= q) continue;
                if (pbound && rs_full(&st.rs) &&
                    dnode - pdist[c] - si[c] > rs_kth(&st.rs) + st.slack)
                    continue;
                s->tile_node[ntile] = c;
                s->tile_row[ntile] = ct_layout_row(L, c);
                if (++ntile == CT_ENGINE_TILE) {
                    rc = TOPO(level_tile)(&st, ntile, &stop);
                    ntile = 0;
                    if (rc != CT_OK || stop) break;
                }
            }
            if (rc != CT_OK) goto done;
        }
        if (ntile > 0 && !stop) rc = TOPO(level_tile)(&st, ntile, &stop);
        ntile = 0;
        if (rc != CT_OK) goto done;
    }

done:
    rs_finish(&st.rs, idx_out, dist_out);
    w->dist_evals += st.evals;
    w->nodes_visited += visited;
    w->heap_ops += st.inserts;
    return rc;
}

/* The engine: the common driver around this topology's query function. */
static int TOPO(ct_engine_LEVEL)(const ct_layout *layout, const ct_kernel *kernel,
                                 const int32_t *queries, int32_t nq, const ct_search_params *sp,
                                 ct_knn_result *out, ct_work *work)
{
    if (sp && ct_engine_supports(CT_TRAVERSAL_LEVEL, sp, NULL) != CT_OK) return CT_ENOTSUP;
    return ct_engine_run(layout, kernel, queries, nq, sp, out, work, TOPO_ID, TOPO(level_query));
}
