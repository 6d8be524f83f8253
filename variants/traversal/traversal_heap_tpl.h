/* traversal_heap_tpl.h -- the best-first traversal, written once.
 *
 * A template header like traversal_level_tpl.h (same topology macros:
 * TOPO, TOPO_ID, TOPO_HAS_CHILDREN, TOPO_FOR_EACH_CHILD), included by
 * engine_ll.c and engine_csr.c.
 *
 * Algorithm, for query point q with result set R (k best):
 *   1. d(q, root) is evaluated; root enters R if eligible and, if it has
 *      children, the priority queue with key (d - si[root], dataset index).
 *   2. Pop the entry with the smallest (lower bound, dataset index).  If R
 *      is full and lb > kth + slack, stop: no queued subtree can improve R.
 *      Otherwise expand it (nodes_visited++): its children, in canonical
 *      order, are evaluated as one batch (in chunks of CT_ENGINE_TILE), each
 *      eligible child is offered to R, and each child with children is
 *      pushed unless R is full and d(q,c) - si[c] > kth + slack.
 *   3. Repeat until the queue is empty.
 * Predecessor mode: children whose subtree's smallest dataset index is >= q
 * are dropped before evaluation (they hold no eligible point).
 * sp->parent_bound (+pbound): a child c of the popped node p is dropped
 * unevaluated if R is full and d(q,p) - parent_dist[c] - si[c] > kth + slack
 * (kth at the moment c is gathered); the queue entry carries d(q,p).  Exact
 * for the same reason as in traversal_level_tpl.h.
 * heap_ops counts pushes, pops and entries that entered R.  The queue key
 * breaks ties by dataset index, so pop order and counters do not depend on
 * the layout.  The slack is explained in traversal_level_tpl.h.
 *
 * CT_DEMO_LOOSE_PRUNE (a build option for demonstrating the regression gate,
 * never on by default): the slack is 0.05 larger, so fewer subtrees are
 * pruned -- the answers stay exact, the work grows.
 * CT_BUDGET_LADDER (approximate, budget.h): the level traversal's "at most B
 * survivors per frontier step" becomes "at most B expansions per tree depth"
 * (a frontier step is exactly one tree depth, since a child's level is its
 * parent's minus one): a popped node whose depth (level[root] - level[node])
 * already had B expansions is dropped.  The ladder windows are runs of
 * evaluations of CT_ENGINE_TILE (accumulated over consecutive expansions), so
 * B grows 32 -> 64 -> 96 and the query stops after two stale windows exactly
 * as in the level traversal.
 */

typedef struct heap_state {
    const ct_layout *L;
    const ct_kernel *kernel;
    const ct_query_spec *spec;
    double slack;
    int32_t q;
    ct_query_row qrow;
    ct_engine_scratch *s;
    result_set rs;
    int32_t npq;
    uint64_t evals, inserts, pushes;
    int64_t window_evals, window_inserts; /* ladder window */
} heap_state;

/* Evaluate the chunk s->tile_node/tile_row[0..ntile), feed R and the queue. */
static int TOPO(heap_chunk)(heap_state *st, int ntile)
{
    const ct_layout *L = st->L;
    ct_engine_scratch *s = st->s;
    const int32_t *n2p = L->node_to_point;
    const double *si = L->si;
    int64_t inserted = 0;
    int rc = CT_OK;

    ct_engine_eval_rows(st->kernel, &L->rows, &st->qrow, s->tile_row, ntile, s->tile_dist, s);
    st->evals += (uint64_t)ntile;
    for (int i = 0; i < ntile; i++) {
        int32_t c = s->tile_node[i];
        int32_t point = n2p[c];
        double d = s->tile_dist[i];
        if (s->dense && ct_engine_dense_visit(s, c, d - si[c])) continue; /* never in a tree */
        if (ct_knn_eligible(st->spec, st->q, point)) inserted += rs_insert(&st->rs, d, point);
        if (TOPO_HAS_CHILDREN(L, c)) {
            pq_entry e;
            e.lb = d - si[c];
            if (rs_full(&st->rs) && e.lb > rs_kth(&st->rs) + st->slack) continue;
            e.dist = d;
            e.point = point;
            e.node = c;
            rc = pq_push(s, &st->npq, e);
            if (rc != CT_OK) break;
            st->pushes++;
        }
    }
    st->inserts += (uint64_t)inserted;
    st->window_evals += ntile;
    st->window_inserts += inserted;
    return rc;
}

/* Ladder: may the popped node be expanded?  Counts its depth's expansions. */
static int TOPO(heap_admit)(heap_state *st, ladder *lad, int32_t node, int32_t *depths_used,
                            int *rc)
{
    ct_engine_scratch *s = st->s;
    int32_t depth = st->L->level[st->L->root] - st->L->level[node];
    if (depth < 0) depth = 0;
    if (depth >= *depths_used) {
        if (depth >= s->level_pops_cap) {
            SCRATCH_GROW(*rc, s->level_pops, s->level_pops_cap, depth + 1, *depths_used);
            if (*rc != CT_OK) return 0;
        }
        for (int32_t t = *depths_used; t <= depth; t++) s->level_pops[t] = 0;
        *depths_used = depth + 1;
    }
    if (s->level_pops[depth] >= lad->budget) return 0;
    s->level_pops[depth]++;
    return 1;
}

static int TOPO(heap_query)(const ct_engine_call *call, ct_engine_scratch *s, int32_t q,
                            int32_t *idx_out, double *dist_out, ct_work *w)
{
    const ct_layout *L = call->layout;
    const int32_t *min_index = L->min_index;
    const double *si = L->si, *pdist = L->parent_dist;
    const int predecessor = call->sp->spec.predecessor;
    const int use_ladder = call->sp->budget == CT_BUDGET_LADDER;
    const int pbound = call->sp->parent_bound;
    heap_state st;
    ladder lad;
    int32_t root = L->root, depths_used = 0;
    uint64_t visited = 0, pops = 0;
    int rc = CT_OK, ntile = 0;

    st.L = L;
    st.kernel = call->kernel;
    st.spec = &call->sp->spec;
    st.slack = call->sp->slack;
#ifdef CT_DEMO_LOOSE_PRUNE
    /* the deliberate regression of docs/REGRESSION.md (cmake -DCT_DEMO_REGRESSION=ON):
     * a pruning test 0.05 looser -- still exact, measurably more work */
    st.slack += 0.05;
#endif
    st.q = q;
    st.qrow = ct_rows_query(&L->rows, ct_layout_row(L, L->point_to_node[q]));
    st.s = s;
    rs_reset(&st.rs, s->rs, st.spec->k);
    st.npq = 0;
    st.evals = st.inserts = st.pushes = 0;
    st.window_evals = st.window_inserts = 0;
    ladder_init(&lad);

    if (s->dense) ct_engine_dense_reset(s);
    if (root < 0 || (predecessor && min_index[root] >= q)) goto done;
    s->tile_node[0] = root;
    s->tile_row[0] = ct_layout_row(L, root);
    rc = TOPO(heap_chunk)(&st, 1);
    if (rc != CT_OK) goto done;

    while (st.npq > 0) {
        pq_entry top = pq_pop(s, &st.npq);
        pops++;
        if (s->dense) top.lb = s->lb_cache[top.node]; /* the cached bound, the same value */
        if (rs_full(&st.rs) && top.lb > rs_kth(&st.rs) + st.slack) break;
        if (use_ladder && !TOPO(heap_admit)(&st, &lad, top.node, &depths_used, &rc)) {
            if (rc != CT_OK) goto done;
            continue;
        }
        visited++;
        TOPO_FOR_EACH_CHILD(L, top.node, c)
        {
            if (predecessor && min_index[c] >= q) continue;
            if (pbound && rs_full(&st.rs) &&
                top.dist - pdist[c] - si[c] > rs_kth(&st.rs) + st.slack)
                continue;
            s->tile_node[ntile] = c;
            s->tile_row[ntile] = ct_layout_row(L, c);
            if (++ntile == CT_ENGINE_TILE) {
                rc = TOPO(heap_chunk)(&st, ntile);
                ntile = 0;
                if (rc != CT_OK) break;
            }
        }
        if (rc == CT_OK && ntile > 0) rc = TOPO(heap_chunk)(&st, ntile);
        ntile = 0;
        if (rc != CT_OK) goto done;
        if (use_ladder && st.window_evals >= CT_ENGINE_TILE) {
            int halt = ladder_after_window(&lad, st.window_inserts, st.rs.k, rs_full(&st.rs));
            st.window_evals = st.window_inserts = 0;
            if (halt) break;
        }
    }

done:
    rs_finish(&st.rs, idx_out, dist_out);
    w->dist_evals += st.evals;
    w->nodes_visited += visited;
    w->heap_ops += st.pushes + pops + st.inserts;
    return rc;
}

/* The engine: the common driver around this topology's query function. */
static int TOPO(ct_engine_HEAP)(const ct_layout *layout, const ct_kernel *kernel,
                                const int32_t *queries, int32_t nq, const ct_search_params *sp,
                                ct_knn_result *out, ct_work *work)
{
    return ct_engine_run(layout, kernel, queries, nq, sp, out, work, TOPO_ID, TOPO(heap_query));
}
