/* traversal_batch_tpl.h -- the batch (dual-tree style) traversal, written once.
 *
 * A template header like traversal_heap_tpl.h (same topology macros: TOPO,
 * TOPO_ID, TOPO_HAS_CHILDREN, TOPO_FOR_EACH_CHILD), included by
 * engine_row_tpl.h for every topology.  What it measures: the roadmap's
 * "process a batch of queries against a batch of tree nodes, gather their
 * data once, and compute a Q x N distance matrix", with its cost "if one
 * query needs to visit a node, the whole batch effectively visits it".
 *
 * A group of g queries (formed by the driver, group_run.c: consecutive in
 * the tree's preorder) walks the tree best-first together.  Each query j has
 * its own result set R_j (k best, ties by dataset index) and kth_j.
 *   1. The root is evaluated for every query for which it is eligible
 *      (predecessor mode: min_index[root] < q_j).
 *   2. A tile is a list of candidate children with the queries that want
 *      each one.  Its distances come from ONE product over (the queries
 *      active at the expansion) x (the tile's rows) -- the rows are read once
 *      for the whole group (ct_group_product: the kernel's dist_block, or a
 *      BLAS gemm).  Then each query, in tile (= canonical child) order,
 *      takes only the children it wanted: an eligible one is offered to R_j,
 *      and one with children survives for j unless R_j is full and
 *      d(q_j,c) - si[c] > kth_j + slack.  A child that survives for at least
 *      one query is queued once, keyed by (the smallest d(q_j,c) - si[c] over
 *      the queries it survived for, dataset index), with those queries'
 *      distances d(q_j, c) and their mask in a slot.
 *   3. Pop the smallest key.  If it exceeds max_j kth_j + slack the group
 *      stops (every queued key is at least as large, so for every query
 *      every remaining lower bound exceeds its kth).  Otherwise the active
 *      queries are those of the entry's mask whose own test still passes
 *      (R_j not full, or d(q_j,n) - si[n] <= kth_j + slack); none: the entry
 *      is dropped.  Else n is expanded for them (nodes_visited += active):
 *      its children in canonical order, a child wanted by query j unless
 *      predecessor mode drops it (min_index[c] >= q_j) or, with
 *      sp->parent_bound, R_j is full and d(q_j,n) - parent_dist[c] - si[c] >
 *      kth_j + slack; a child nobody wants is left out of the tile; tiles of
 *      up to CT_ENGINE_TILE children are evaluated as in 2 (a full tile
 *      mid-expansion is evaluated before the next children are tested, as
 *      in the heap traversal).
 *   4. Repeat until the queue is empty.
 * Exactness: a query j never drops a subtree its own pruning (the heap
 * traversal's tests, with its own kth_j) would keep; only the visiting order
 * differs, and kth_j only ever decreases, so every prune is valid when it
 * is taken (the same argument as for the heap traversal; the slack covers
 * rounding).  Work: dist_evals counts every computed pair (the product's
 * rows x tile), useful_pairs the wanted ones, rows_fetched the tile rows,
 * heap_ops the group queue's pushes and pops plus every query's result-set
 * insertions.  CT_BUDGET_LADDER is not implemented (ct_engine_supports).
 */

/* rank[node] = preorder rank, children in canonical order (group_run.c). */
static void TOPO(batch_preorder)(const ct_layout *L, int32_t *rank, int32_t *stack)
{
    int32_t top = 0, next = 0;
    if (L->root < 0) return;
    stack[top++] = L->root;
    while (top > 0) {
        int32_t v = stack[--top], base = top;
        rank[v] = next++;
        TOPO_FOR_EACH_CHILD(L, v, c)
        {
            stack[top++] = c;
        }
        for (int32_t a = base, b = top - 1; a < b; a++, b--) {
            int32_t tmp = stack[a];
            stack[a] = stack[b];
            stack[b] = tmp;
        }
    }
}

typedef struct batch_state {
    const ct_engine_call *call;
    const ct_layout *L;
    const ct_query_spec *spec;
    ct_group_scratch *s;
    double slack;
    int count;
    int32_t npq;
    uint64_t evals, useful, rows, inserts, pushes, pops, visited;
} batch_state;

/* Evaluate the tile (s->tile_*[0..nt), wanted by s->elig[a][t] of the na
 * active queries), feed the result sets and the queue.  CT_OK/CT_ENOMEM. */
static int TOPO(batch_tile)(batch_state *st, int na, int nt)
{
    ct_group_scratch *s = st->s;
    const ct_layout *L = st->L;
    const double *si = L->si;
    const size_t T = CT_ENGINE_TILE;
    int product_rows = 0;

    ct_group_product(st->call, s, st->count, na, nt, &product_rows);
    st->evals += (uint64_t)product_rows * (uint64_t)nt;
    st->rows += (uint64_t)nt;
    /* pass 1, query by query in tile order: offer, then test survival
     * (elig becomes 2 for a child that survives for that query) */
    for (int a = 0; a < na; a++) {
        const int32_t j = s->active[a];
        result_set *R = &s->rs[j];
        const double *drow = s->dist + (size_t)s->prow[a] * T;
        unsigned char *e = s->elig + (size_t)a * T;
        for (int t = 0; t < nt; t++) {
            int32_t c;
            double d;
            if (!e[t]) continue;
            st->useful++;
            c = s->tile_node[t];
            d = drow[t];
            if (ct_knn_eligible(st->spec, s->q[j], s->tile_point[t]))
                st->inserts += (uint64_t)rs_insert(R, d, s->tile_point[t]);
            if (TOPO_HAS_CHILDREN(L, c) && !(rs_full(R) && d - si[c] > rs_kth(R) + st->slack))
                e[t] = 2;
        }
    }
    /* pass 2, child by child: one queue entry for the queries it survived for */
    for (int t = 0; t < nt; t++) {
        const int32_t c = s->tile_node[t];
        int32_t slot = -1;
        double key = INFINITY;
        for (int a = 0; a < na; a++) {
            const int32_t j = s->active[a];
            double d;
            if (s->elig[(size_t)a * T + (size_t)t] != 2) continue;
            if (slot < 0) {
                int rc = ct_group_slot_alloc(s, &slot);
                if (rc != CT_OK) return rc;
                memset(s->slot_m + (size_t)slot * (size_t)s->words, 0,
                       (size_t)s->words * sizeof *s->slot_m);
            }
            d = s->dist[(size_t)s->prow[a] * T + (size_t)t];
            s->slot_d[(size_t)slot * (size_t)s->g_cap + (size_t)j] = d;
            s->slot_m[(size_t)slot * (size_t)s->words + (size_t)(j / 64)] |= (uint64_t)1
                                                                             << (j % 64);
            if (d - si[c] < key) key = d - si[c];
        }
        if (slot >= 0) {
            gq_entry e;
            int rc;
            e.key = key;
            e.node = c;
            e.point = s->tile_point[t];
            e.slot = slot;
            rc = ct_group_pq_push(s, &st->npq, e);
            if (rc != CT_OK) return rc;
            st->pushes++;
        }
    }
    return CT_OK;
}

/* Put child c into the tile if some active query wants it; evaluate a full tile. */
static int TOPO(batch_offer)(batch_state *st, int na, int *nt, int32_t c, int predecessor,
                             int pbound)
{
    ct_group_scratch *s = st->s;
    const ct_layout *L = st->L;
    const size_t T = CT_ENGINE_TILE;
    int any = 0;
    for (int a = 0; a < na; a++) {
        const int32_t j = s->active[a];
        int want = !(predecessor && L->min_index[c] >= s->q[j]);
        if (want && pbound && rs_full(&s->rs[j]) &&
            s->dnode[j] - L->parent_dist[c] - L->si[c] > rs_kth(&s->rs[j]) + st->slack)
            want = 0;
        s->elig[(size_t)a * T + (size_t)*nt] = (unsigned char)want;
        any |= want;
    }
    if (!any) return CT_OK;
    s->tile_node[*nt] = c;
    s->tile_row[*nt] = ct_layout_row(L, c);
    s->tile_point[*nt] = L->node_to_point[c];
    if (++*nt < CT_ENGINE_TILE) return CT_OK;
    *nt = 0;
    return TOPO(batch_tile)(st, na, CT_ENGINE_TILE);
}

/* The largest kth over the group (+inf while any result set is not full). */
static double TOPO(batch_max_kth)(const batch_state *st)
{
    double worst = -INFINITY;
    for (int j = 0; j < st->count; j++) {
        double kth = rs_kth(&st->s->rs[j]);
        if (kth > worst) worst = kth;
    }
    return worst;
}

static int TOPO(batch_group)(const ct_engine_call *call, ct_group_scratch *s,
                             const int32_t *queries, int count, int32_t *const *idx_rows,
                             double *const *dist_rows, ct_work *w)
{
    const ct_layout *L = call->layout;
    const int predecessor = call->sp->spec.predecessor;
    const int pbound = call->sp->parent_bound;
    const int32_t root = L->root;
    batch_state st;
    int rc = CT_OK, na = 0, nt = 0;

    memset(&st, 0, sizeof st);
    st.call = call;
    st.L = L;
    st.spec = &call->sp->spec;
    st.s = s;
    st.slack = call->sp->slack;
    st.count = count;
    s->slots_used = 0;
    s->nfree = 0;
    for (int j = 0; j < count; j++) {
        s->q[j] = queries[j];
        s->qrow[j] = ct_rows_query(&L->rows, ct_layout_row(L, L->point_to_node[queries[j]]));
        rs_reset(&s->rs[j], s->rs_store + (size_t)j * (size_t)s->k, s->k);
    }
    if (root < 0) goto done;
    ct_group_pack_queries(call, s, count);

    /* the root, for every query that may find something below it */
    for (int j = 0; j < count; j++)
        if (!(predecessor && L->min_index[root] >= queries[j])) {
            s->active[na] = j;
            s->qact[na] = s->qrow[j];
            s->elig[(size_t)na * CT_ENGINE_TILE] = 1;
            na++;
        }
    if (na > 0) {
        s->tile_node[0] = root;
        s->tile_row[0] = ct_layout_row(L, root);
        s->tile_point[0] = L->node_to_point[root];
        rc = TOPO(batch_tile)(&st, na, 1);
        if (rc != CT_OK) goto done;
    }

    while (st.npq > 0) {
        const gq_entry top = ct_group_pq_pop(s, &st.npq);
        const uint64_t *mask = s->slot_m + (size_t)top.slot * (size_t)s->words;
        const double *dslot = s->slot_d + (size_t)top.slot * (size_t)s->g_cap;
        st.pops++;
        if (top.key > TOPO(batch_max_kth)(&st) + st.slack) break;
        na = 0;
        for (int j = 0; j < count; j++) {
            const result_set *R = &s->rs[j];
            if (!(mask[j / 64] >> (j % 64) & 1u)) continue;
            if (rs_full(R) && dslot[j] - L->si[top.node] > rs_kth(R) + st.slack) continue;
            s->active[na] = j;
            s->qact[na] = s->qrow[j];
            s->dnode[j] = dslot[j];
            na++;
        }
        ct_group_slot_release(s, top.slot);
        if (na == 0) continue;
        st.visited += (uint64_t)na;
        nt = 0;
        TOPO_FOR_EACH_CHILD(L, top.node, c)
        {
            rc = TOPO(batch_offer)(&st, na, &nt, c, predecessor, pbound);
            if (rc != CT_OK) break;
        }
        if (rc == CT_OK && nt > 0) rc = TOPO(batch_tile)(&st, na, nt);
        if (rc != CT_OK) goto done;
    }

done:
    for (int j = 0; j < count; j++) rs_finish(&s->rs[j], idx_rows[j], dist_rows[j]);
    w->dist_evals += st.evals;
    w->useful_pairs += st.useful;
    w->rows_fetched += st.rows;
    w->nodes_visited += st.visited;
    w->heap_ops += st.pushes + st.pops + st.inserts;
    return rc;
}

/* The engine: the group driver around this topology's group function. */
static int TOPO(ct_engine_BATCH)(const ct_layout *layout, const ct_kernel *kernel,
                                 const int32_t *queries, int32_t nq, const ct_search_params *sp,
                                 ct_knn_result *out, ct_work *work)
{
    return ct_engine_run_groups(layout, kernel, queries, nq, sp, out, work, TOPO_ID,
                                TOPO(batch_preorder), TOPO(batch_group));
}
