/* test_layout_lower.c -- every layout is the canonical tree, renamed and restored.
 *
 * For every topology x order x data x precision on a residual workload
 * (n = 1500, dim 3, m 64; trees built by ct_tree_build with the reference
 * metric and with the default f64 kernel) the lowered layout must be
 * isomorphic to the canonical tree: mapping node ids back through
 * node_to_point gives exactly the canonical edges in the canonical child
 * order, the levels, si, min_index and parent_dist (0 at the root), and the
 * same depth-first visiting
 * sequence; under bfs every sibling list is a contiguous range.  The
 * rows reached through ct_layout_row equal the dataset's (exact in f64, float
 * rounded in f32), copies pad V with zeros and align every row to 64 bytes,
 * and indirect f64 does not copy.  Also n = 0, 1, 3, the input errors, and
 * every allocation failure of a build.
 */
#include <stdlib.h>
#include <string.h>

#include "ct/alloc.h"
#include "ct/kernel.h"
#include "ct/layout.h"
#include "ct/metric.h"
#include "ct/order.h"
#include "ct/tree.h"
#include "ct/workload.h"
#include "testutil.h"

#define SEED 20240611u

typedef struct problem {
    ct_dataset ds;
    ct_tree tree;
} problem;

/* The tree's metric: the reference, or the default f64 kernel over the dataset view. */
static int make_problem(int32_t n, int m, ct_order insertion, int kernel_metric, problem *pb)
{
    memset(pb, 0, sizeof *pb);
    ct_synthetic_spec spec;
    memset(&spec, 0, sizeof spec);
    spec.points = CT_POINTS_NORMAL;
    spec.n = n;
    spec.dim = 3;
    spec.m = m;
    spec.cov.kind = CT_COVARIANCE_RBF;
    spec.cov.dim = 3;
    spec.cov.variance = 1.0;
    for (int a = 0; a < 3; a++) spec.cov.lengthscale[a] = 1.0;
    spec.seed = SEED + (uint64_t)n;
    ct_error err = {0};
    int rc = ct_workload_synthesize(&spec, &pb->ds, &err);
    CT_CHECK(rc == CT_OK, "synthesize n=%d: %s", (int)n, err.msg);
    if (rc != CT_OK) return rc;
    int32_t *order = malloc((size_t)n * sizeof *order);
    rc = ct_order_insertion(insertion, &pb->ds, order, &err);
    CT_CHECK(rc == CT_OK, "insertion order: %s", err.msg);
    if (rc == CT_OK) {
        ct_metric_fn metric = ct_metric_fn_reference(&pb->ds);
        ct_rows view;
        ct_kernel_metric km;
        if (kernel_metric) {
            km.kernel = ct_kernel_default(CT_PRECISION_F64);
            km.rows = &view;
            rc = ct_rows_view_f64(&pb->ds, &view);
            CT_CHECK(rc == CT_OK && km.kernel != NULL, "kernel metric unavailable");
            if (rc != CT_OK || !km.kernel) {
                free(order);
                return CT_EINVAL;
            }
            metric = ct_kernel_metric_fn(&km);
        }
        ct_build_params bp;
        ct_build_params_default(&bp);
        rc = ct_tree_build(&metric, n, order, &bp, &pb->tree, &err);
        CT_CHECK(rc == CT_OK, "tree build n=%d: %s", (int)n, err.msg);
    }
    free(order);
    return rc;
}

static void free_problem(problem *pb)
{
    ct_tree_free(&pb->tree);
    ct_dataset_free(&pb->ds);
}

static const char *name_of(ct_axis axis, int value)
{
    const char *s = ct_axis_value_name(axis, value);
    return s ? s : "?";
}

/* Children of node k in the layout, in stored order; returns count or -1. */
static int32_t layout_children(const ct_layout *l, int32_t k, int32_t *out, int32_t cap)
{
    int32_t count = 0;
    if (l->topology == CT_TOPOLOGY_LL) {
        for (int32_t c = l->first_child[k]; c != -1; c = l->next_sibling[c]) {
            if (c < 0 || c >= l->n || count >= cap) return -1;
            out[count++] = c;
        }
    } else {
        for (int32_t i = l->child_offset[k]; i < l->child_offset[k + 1]; i++) {
            if (count >= cap || l->children[i] < 0 || l->children[i] >= l->n) return -1;
            out[count++] = l->children[i];
        }
    }
    return count;
}

/* Depth-first preorder in dataset indices: from the tree, or from a layout. */
static int32_t preorder_tree(const ct_tree *t, int32_t *out)
{
    int32_t *stack = malloc(((size_t)t->n + 1) * sizeof *stack), top = 0, count = 0;
    if (t->n > 0) stack[top++] = t->root;
    while (top > 0 && count < t->n) {
        int32_t p = stack[--top];
        out[count++] = p;
        for (int32_t c = t->child_offset[p + 1] - 1; c >= t->child_offset[p]; c--)
            stack[top++] = t->children[c];
    }
    free(stack);
    return count;
}

static int32_t preorder_layout(const ct_layout *l, int32_t *out)
{
    int32_t *stack = malloc(((size_t)l->n + 1) * sizeof *stack), top = 0, count = 0;
    int32_t *kids = malloc(((size_t)l->n + 1) * sizeof *kids);
    if (l->n > 0) stack[top++] = l->root;
    while (top > 0 && count < l->n) {
        int32_t k = stack[--top];
        out[count++] = l->node_to_point[k];
        int32_t nk = layout_children(l, k, kids, l->n);
        for (int32_t i = nk - 1; i >= 0 && top < l->n; i--) stack[top++] = kids[i];
    }
    free(stack);
    free(kids);
    return count;
}

/* Everything about one layout; `what` names it in failures. */
static void check_layout(const problem *pb, const ct_layout *l, ct_topology topo, ct_order order,
                         ct_data data, ct_precision prec, const char *what)
{
    const ct_dataset *ds = &pb->ds;
    const ct_tree *t = &pb->tree;
    const int32_t n = t->n;

    CT_CHECK(l->n == n && l->topology == topo && l->order == order && l->data == data &&
                 l->precision == prec,
             "%s: header fields", what);
    /* numbering */
    long bad = 0;
    for (int32_t k = 0; k < n; k++) {
        int32_t p = l->node_to_point[k];
        if (p < 0 || p >= n || l->point_to_node[p] != k) bad++;
    }
    CT_CHECK(bad == 0, "%s: node_to_point/point_to_node not inverse bijections (%ld)", what, bad);
    if (bad) return;
    CT_CHECK(n == 0 ? l->root == -1 : l->node_to_point[l->root] == t->root, "%s: root", what);
    if (order == CT_ORDER_NATURAL) {
        long moved = 0;
        for (int32_t k = 0; k < n; k++) moved += l->node_to_point[k] != k;
        CT_CHECK(moved == 0, "%s: natural numbering is not the identity", what);
    } else if (order != CT_ORDER_BFS && n > 0) {
        int32_t *perm = malloc((size_t)n * sizeof *perm);
        CT_CHECK(ct_order_insertion(order, ds, perm, NULL) == CT_OK &&
                     memcmp(perm, l->node_to_point, (size_t)n * sizeof *perm) == 0,
                 "%s: numbering is not the curve order", what);
        free(perm);
    }

    /* node-indexed copies of the tree's arrays */
    long bad_level = 0, bad_si = 0, bad_min = 0, bad_pd = 0;
    for (int32_t k = 0; k < n; k++) {
        int32_t p = l->node_to_point[k];
        bad_level += l->level[k] != t->level[p];
        bad_si += l->si[k] != t->si[p];
        bad_min += l->min_index[k] != t->min_index[p];
        bad_pd += memcmp(&l->parent_dist[k], &t->parent_dist[p], sizeof(double)) != 0;
    }
    CT_CHECK(bad_level == 0 && bad_si == 0 && bad_min == 0 && bad_pd == 0,
             "%s: level/si/min_index/parent_dist differ at %ld/%ld/%ld/%ld nodes", what, bad_level,
             bad_si, bad_min, bad_pd);
    CT_CHECK(n == 0 || l->parent_dist[l->root] == 0.0, "%s: parent_dist of the root is %g", what,
             n == 0 ? 0.0 : l->parent_dist[l->root]);

    /* topology arrays present for this topology only */
    if (topo == CT_TOPOLOGY_LL)
        CT_CHECK(l->first_child && l->next_sibling && !l->child_offset && !l->children,
                 "%s: ll arrays", what);
    else
        CT_CHECK(l->child_offset && l->children && !l->first_child && !l->next_sibling &&
                     l->child_offset[0] == 0 && l->child_offset[n] == (n > 0 ? n - 1 : 0),
                 "%s: csr arrays", what);

    /* edges and child order */
    int32_t *kids = malloc(((size_t)n + 1) * sizeof *kids);
    long bad_edges = 0, non_contiguous = 0, edges = 0;
    for (int32_t k = 0; k < n; k++) {
        int32_t p = l->node_to_point[k];
        int32_t nk = layout_children(l, k, kids, n);
        int32_t begin = t->child_offset[p], expect = t->child_offset[p + 1] - begin;
        if (nk != expect) {
            bad_edges++;
            continue;
        }
        edges += nk;
        for (int32_t i = 0; i < nk; i++) {
            int32_t cp = t->children[begin + i];
            if (l->node_to_point[kids[i]] != cp || l->parent_dist[kids[i]] != t->parent_dist[cp] ||
                !(l->parent_dist[kids[i]] >= 0.0))
                bad_edges++;
            if (i > 0 && kids[i] != kids[i - 1] + 1) non_contiguous++;
        }
    }
    free(kids);
    CT_CHECK(bad_edges == 0 && edges == (n > 0 ? n - 1 : 0),
             "%s: %ld nodes with wrong children, %ld edges", what, bad_edges, edges);
    if (order == CT_ORDER_BFS) {
        CT_CHECK(non_contiguous == 0, "%s: %ld sibling steps not contiguous", what, non_contiguous);
        CT_CHECK(n == 0 || l->root == 0, "%s: bfs root is not node 0", what);
    }

    /* the same depth-first visiting sequence as the canonical tree */
    int32_t *a = malloc(((size_t)n + 1) * sizeof *a), *b = malloc(((size_t)n + 1) * sizeof *b);
    int32_t na = preorder_tree(t, a), nb = preorder_layout(l, b);
    CT_CHECK(na == n && nb == n && memcmp(a, b, (size_t)n * sizeof *a) == 0,
             "%s: depth-first sequence differs from the canonical tree", what);
    free(a);
    free(b);

    /* rows */
    const ct_rows *r = &l->rows;
    CT_CHECK(r->n == n && r->dim == ds->dim && r->m == ds->m && r->precision == prec &&
                 r->v_stride >= ds->m,
             "%s: rows header", what);
    CT_CHECK(memcmp(&r->cov, &ds->cov, sizeof r->cov) == 0, "%s: rows covariance", what);
    long bad_inv = 0;
    for (int a2 = 0; a2 < ds->dim; a2++)
        bad_inv += r->inv_lengthscale[a2] != 1.0 / ds->cov.lengthscale[a2];
    CT_CHECK(bad_inv == 0, "%s: inv_lengthscale", what);
    int copied = data == CT_DATA_CACHED || prec == CT_PRECISION_F32;
    if (!copied) {
        CT_CHECK(r->x == ds->x && r->v == ds->v && r->p == ds->p && l->row_storage == NULL,
                 "%s: indirect f64 should view the dataset, not copy it", what);
    } else if (n > 0) {
        CT_CHECK(l->row_storage != NULL, "%s: copy not owned", what);
        size_t elem = prec == CT_PRECISION_F32 ? sizeof(float) : sizeof(double);
        CT_CHECK(r->v_stride % 8 == 0 && ((size_t)r->v_stride * elem) % 64 == 0 &&
                     ((uintptr_t)r->v % 64) == 0,
                 "%s: V stride %d / base not 64-byte aligned", what, r->v_stride);
        CT_CHECK(((uintptr_t)r->x % 64) == 0, "%s: x base not aligned", what);
    }
    long bad_x = 0, bad_v = 0, bad_p = 0, bad_pad = 0, bad_row = 0;
    const int dim = ds->dim, m = ds->m, stride = r->v_stride;
    for (int32_t k = 0; k < n; k++) {
        int32_t p = l->node_to_point[k];
        int32_t row = ct_layout_row(l, k);
        if (row != (data == CT_DATA_CACHED ? k : p)) bad_row++;
        const double *xs = ds->x + (size_t)p * dim, *vs = ds->v + (size_t)p * m;
        if (prec == CT_PRECISION_F64) {
            const double *x = (const double *)r->x + (size_t)row * dim;
            const double *v = (const double *)r->v + (size_t)row * stride;
            for (int a2 = 0; a2 < dim; a2++) bad_x += x[a2] != xs[a2];
            for (int j = 0; j < m; j++) bad_v += v[j] != vs[j];
            for (int j = m; j < stride; j++) bad_pad += v[j] != 0.0;
            bad_p += ((const double *)r->p)[row] != ds->p[p];
        } else {
            const float *x = (const float *)r->x + (size_t)row * dim;
            const float *v = (const float *)r->v + (size_t)row * stride;
            for (int a2 = 0; a2 < dim; a2++) bad_x += x[a2] != (float)xs[a2];
            for (int j = 0; j < m; j++) bad_v += v[j] != (float)vs[j];
            for (int j = m; j < stride; j++) bad_pad += v[j] != 0.0f;
            bad_p += ((const float *)r->p)[row] != (float)ds->p[p];
        }
    }
    CT_CHECK(bad_row == 0, "%s: ct_layout_row wrong for %ld nodes", what, bad_row);
    CT_CHECK(bad_x == 0 && bad_v == 0 && bad_p == 0,
             "%s: rows differ from the dataset: x %ld, V %ld, p %ld", what, bad_x, bad_v, bad_p);
    CT_CHECK(bad_pad == 0, "%s: %ld V padding elements not zero", what, bad_pad);
}

/* Every combination of the four layout axes on one problem. */
static void check_all_layouts(const problem *pb, const char *label)
{
    for (int topo = 0; topo < CT_TOPOLOGY_COUNT; topo++)
        for (int order = 0; order < CT_ORDER_COUNT; order++)
            for (int data = 0; data < CT_DATA_COUNT; data++)
                for (int prec = 0; prec < CT_PRECISION_COUNT; prec++) {
                    char what[160];
                    snprintf(what, sizeof what, "%s %s.%s.%s.%s", label,
                             name_of(CT_AXIS_TOPOLOGY, topo), name_of(CT_AXIS_ORDER, order),
                             name_of(CT_AXIS_DATA, data), name_of(CT_AXIS_PRECISION, prec));
                    ct_layout l;
                    ct_error err = {0};
                    int rc = ct_layout_build(&pb->ds, &pb->tree, (ct_topology)topo, (ct_order)order,
                                             (ct_data)data, (ct_precision)prec, &l, &err);
                    CT_CHECK(rc == CT_OK, "%s: build failed: %s", what, err.msg);
                    if (rc == CT_OK)
                        check_layout(pb, &l, (ct_topology)topo, (ct_order)order, (ct_data)data,
                                     (ct_precision)prec, what);
                    ct_layout_free(&l);
                    CT_CHECK(l.node_to_point == NULL && l.row_storage == NULL && l.root == -1,
                             "%s: free did not clear the layout", what);
                }
}

static void test_errors(const problem *pb)
{
    ct_layout l;
    ct_error err = {0};
    ct_dataset ds = pb->ds;

    ds.n = pb->ds.n - 1;
    CT_CHECK(ct_layout_build(&ds, &pb->tree, CT_TOPOLOGY_CSR, CT_ORDER_BFS, CT_DATA_CACHED,
                             CT_PRECISION_F64, &l, &err) == CT_EINVAL &&
                 l.node_to_point == NULL,
             "size mismatch accepted");
    ds = pb->ds;
    ds.v = NULL;
    CT_CHECK(ct_layout_build(&ds, &pb->tree, CT_TOPOLOGY_CSR, CT_ORDER_NATURAL, CT_DATA_INDIRECT,
                             CT_PRECISION_F64, &l, &err) == CT_EINVAL &&
                 strstr(err.msg, "factor") != NULL,
             "missing factor accepted: %s", err.msg);
    CT_CHECK(ct_layout_build(&pb->ds, &pb->tree, (ct_topology)CT_TOPOLOGY_COUNT, CT_ORDER_NATURAL,
                             CT_DATA_INDIRECT, CT_PRECISION_F64, &l, &err) == CT_EINVAL,
             "unknown topology accepted");
    CT_CHECK(ct_layout_build(&pb->ds, NULL, CT_TOPOLOGY_LL, CT_ORDER_NATURAL, CT_DATA_INDIRECT,
                             CT_PRECISION_F64, &l, &err) == CT_EINVAL,
             "missing tree accepted");
    CT_CHECK(ct_layout_build(&pb->ds, &pb->tree, CT_TOPOLOGY_LL, CT_ORDER_NATURAL, CT_DATA_INDIRECT,
                             CT_PRECISION_F64, NULL, &err) == CT_EINVAL,
             "missing output accepted");

    /* a tree with a repeated child is refused, not lowered */
    ct_tree bad = pb->tree;
    int32_t *children = malloc((size_t)(bad.n - 1) * sizeof *children);
    memcpy(children, bad.children, (size_t)(bad.n - 1) * sizeof *children);
    children[bad.n - 2] = children[0];
    bad.children = children;
    CT_CHECK(ct_layout_build(&pb->ds, &bad, CT_TOPOLOGY_LL, CT_ORDER_NATURAL, CT_DATA_INDIRECT,
                             CT_PRECISION_F64, &l, &err) == CT_EINVAL,
             "repeated child accepted");
    free(children);

    /* a tree without parent_dist is refused (the +pbound traversals read it) */
    bad = pb->tree;
    bad.parent_dist = NULL;
    CT_CHECK(ct_layout_build(&pb->ds, &bad, CT_TOPOLOGY_CSR, CT_ORDER_BFS, CT_DATA_CACHED,
                             CT_PRECISION_F64, &l, &err) == CT_EINVAL &&
                 strstr(err.msg, "parent_dist") != NULL && l.node_to_point == NULL,
             "missing parent_dist accepted: %s", err.msg);

    /* every allocation failure is reported and leaves an empty layout */
    long failures = 0, bad_fail = 0;
    for (long k = 0; k < 64; k++) {
        ct_alloc_fail_after(k);
        int rc = ct_layout_build(&pb->ds, &pb->tree, CT_TOPOLOGY_LL, CT_ORDER_HILBERT,
                                 CT_DATA_CACHED, CT_PRECISION_F32, &l, &err);
        ct_alloc_fail_after(-1);
        if (rc == CT_OK) {
            ct_layout_free(&l);
            break;
        }
        failures++;
        if (rc != CT_ENOMEM || l.node_to_point != NULL || l.row_storage != NULL) bad_fail++;
    }
    CT_CHECK(failures >= 8 && bad_fail == 0, "allocation failures: %ld seen, %ld mishandled",
             failures, bad_fail);
}

static void test_empty(void)
{
    ct_dataset ds;
    memset(&ds, 0, sizeof ds);
    ds.dim = 3;
    ds.cov.kind = CT_COVARIANCE_RBF;
    ds.cov.dim = 3;
    ds.cov.variance = 1.0;
    for (int a = 0; a < 3; a++) ds.cov.lengthscale[a] = 2.0;
    ct_tree tree;
    ct_build_params bp;
    ct_build_params_default(&bp);
    ct_metric_fn metric = ct_metric_fn_reference(&ds);
    ct_error err = {0};
    int rc = ct_tree_build(&metric, 0, NULL, &bp, &tree, &err);
    CT_CHECK(rc == CT_OK, "empty tree build: %s", err.msg);
    if (rc != CT_OK) return;
    for (int topo = 0; topo < CT_TOPOLOGY_COUNT; topo++)
        for (int order = 0; order < CT_ORDER_COUNT; order++)
            for (int data = 0; data < CT_DATA_COUNT; data++)
                for (int prec = 0; prec < CT_PRECISION_COUNT; prec++) {
                    ct_layout l;
                    rc = ct_layout_build(&ds, &tree, (ct_topology)topo, (ct_order)order,
                                         (ct_data)data, (ct_precision)prec, &l, &err);
                    CT_CHECK(rc == CT_OK && l.n == 0 && l.root == -1 && l.rows.n == 0 &&
                                 l.rows.precision == (ct_precision)prec,
                             "empty layout %d.%d.%d.%d: %s", topo, order, data, prec, err.msg);
                    ct_layout_free(&l);
                }
    ct_tree_free(&tree);
}

int main(void)
{
    printf("seed %u\n", SEED);
    problem pb;
    if (make_problem(1500, 64, CT_ORDER_HILBERT, 0, &pb) == CT_OK) {
        printf("n = %d, depth %d (reference metric)\n", (int)pb.tree.n, (int)pb.tree.depth);
        check_all_layouts(&pb, "n=1500");
        test_errors(&pb);
    }
    free_problem(&pb);
    if (make_problem(1500, 64, CT_ORDER_NATURAL, 1, &pb) == CT_OK) {
        printf("n = %d, depth %d (kernel metric)\n", (int)pb.tree.n, (int)pb.tree.depth);
        check_all_layouts(&pb, "n=1500 kernel-built");
    }
    free_problem(&pb);

    if (make_problem(1, 1, CT_ORDER_NATURAL, 0, &pb) == CT_OK) check_all_layouts(&pb, "n=1");
    free_problem(&pb);
    if (make_problem(3, 2, CT_ORDER_MORTON, 1, &pb) == CT_OK) check_all_layouts(&pb, "n=3");
    free_problem(&pb);

    test_empty();
    return ct_test_finish("test_layout_lower");
}
