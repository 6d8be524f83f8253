/* fuzz_sim_state.c -- fuzz target: the simulator state reader
 * bench_sim_state_read_stream (harness/measure/sim_state.c), on the input
 * opened in memory with fmemopen (no disk I/O per iteration).
 *
 * Invariants:
 *   - a rejection is a negative status (never CT_ENOMEM: counts are checked
 *     against the bytes present before anything is allocated) with a message
 *     naming the file, and a zeroed state;
 *   - an accepted state is safe for `ctbench sim-query`, checked here without
 *     the library's own checker: sizes in range, every array present, every
 *     query and inducing index in [0, n) (inducing ascending), x, V and p
 *     finite with p > 0; with a tree: root, parents and children in range,
 *     child offsets ascending from 0 to n - 1, every child listed under its
 *     parent, insertion a permutation;
 *   - the round trip is exact: writing the accepted state
 *     (bench_sim_state_write_stream into open_memstream) gives the input's
 *     bytes again, so the reader accepts one encoding of one state and drops
 *     nothing.
 */
#define _POSIX_C_SOURCE 200809L /* fmemopen, open_memstream */
#include <math.h>
#include <string.h>

#include "fuzz.h"
#include "sim_state.h"

#define NAME "fuzz.state"

static void check_indices(const char *what, const int32_t *v, size_t count, int32_t n)
{
    for (size_t i = 0; i < count; i++)
        FUZZ_CHECK(v[i] >= 0 && v[i] < n, "%s[%zu] = %d outside [0, %d)", what, i, (int)v[i],
                   (int)n);
}

static void check_finite(const char *what, const double *v, size_t count)
{
    for (size_t i = 0; i < count; i++)
        FUZZ_CHECK(isfinite(v[i]), "%s[%zu] = %g accepted", what, i, v[i]);
}

static void check_tree(const ct_tree *t, int32_t n)
{
    unsigned char *mark = calloc((size_t)n, 1);
    FUZZ_CHECK(mark != NULL, "out of memory");
    FUZZ_CHECK(t->n == n && t->root >= 0 && t->root < n, "tree n %d root %d", (int)t->n,
               (int)t->root);
    FUZZ_CHECK(t->parent && t->level && t->parent_dist && t->si && t->min_index &&
                   t->child_offset && t->children && t->insertion,
               "a tree array is missing");
    FUZZ_CHECK(t->parent[t->root] == -1, "the root has a parent");
    for (int32_t i = 0; i < n; i++)
        FUZZ_CHECK(i == t->root || (t->parent[i] >= 0 && t->parent[i] < n),
                   "parent[%d] = %d out of range", (int)i, (int)t->parent[i]);
    FUZZ_CHECK(t->child_offset[0] == 0 && t->child_offset[n] == n - 1, "child offsets 0..%d",
               (int)t->child_offset[n]);
    for (int32_t i = 0; i < n; i++) {
        FUZZ_CHECK(t->child_offset[i] <= t->child_offset[i + 1], "child_offset decreases at %d",
                   (int)i);
        for (int32_t e = t->child_offset[i]; e < t->child_offset[i + 1]; e++) {
            int32_t c = t->children[e];
            FUZZ_CHECK(c >= 0 && c < n && t->parent[c] == i, "children[%d] = %d under %d", (int)e,
                       (int)c, (int)i);
        }
    }
    check_indices("min_index", t->min_index, (size_t)n, n);
    check_finite("parent_dist", t->parent_dist, (size_t)n);
    check_finite("si", t->si, (size_t)n);
    for (int32_t k = 0; k < n; k++) {
        int32_t i = t->insertion[k];
        FUZZ_CHECK(i >= 0 && i < n && !mark[i], "insertion[%d] = %d", (int)k, (int)i);
        mark[i] = 1;
    }
    free(mark);
}

static void check_state(const bench_sim_state *st)
{
    const ct_dataset *ds = &st->ds;
    size_t n = (size_t)ds->n;
    FUZZ_CHECK(ds->n >= 1 && ds->dim >= 1 && ds->dim <= CT_MAX_DIM && ds->m >= 1 && st->nq >= 0,
               "sizes n %d dim %d m %d nq %d", (int)ds->n, ds->dim, ds->m, (int)st->nq);
    FUZZ_CHECK(ds->x && ds->v && ds->p && st->queries, "an array is missing");
    FUZZ_CHECK(ds->cov.dim == ds->dim, "covariance dim %d for dim %d", ds->cov.dim, ds->dim);
    check_finite("x", ds->x, n * (size_t)ds->dim);
    check_finite("V", ds->v, n * (size_t)ds->m);
    check_finite("p", ds->p, n);
    for (size_t i = 0; i < n; i++) FUZZ_CHECK(ds->p[i] > 0, "p[%zu] = %g", i, ds->p[i]);
    check_indices("queries", st->queries, (size_t)st->nq, ds->n);
    if (ds->inducing) {
        check_indices("inducing", ds->inducing, (size_t)ds->m, ds->n);
        for (int i = 1; i < ds->m; i++)
            FUZZ_CHECK(ds->inducing[i] > ds->inducing[i - 1], "inducing not ascending at %d", i);
    }
    if (st->has_tree) check_tree(&st->tree, ds->n);
}

static void check_round_trip(const bench_sim_state *st, const uint8_t *data, size_t size)
{
    char *bytes = NULL;
    size_t len = 0;
    ct_error err;
    FILE *f = open_memstream(&bytes, &len);
    int rc;
    FUZZ_CHECK(f != NULL, "open_memstream failed");
    rc = bench_sim_state_write_stream(f, NAME, &st->ds, st->has_tree ? &st->tree : NULL,
                                      st->queries, st->nq, &err);
    FUZZ_CHECK(fclose(f) == 0 && rc == CT_OK, "writing the state back failed: %s", err.msg);
    FUZZ_CHECK(len == size && memcmp(bytes, data, size) == 0,
               "round trip: %zu bytes read, %zu written (or different bytes)", size, len);
    free(bytes);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static unsigned char empty[1];
    bench_sim_state st;
    ct_error err;
    FILE *f = fmemopen(size ? (void *)(uintptr_t)data : empty, size, "rb");
    int rc;

    FUZZ_CHECK(f != NULL, "fmemopen failed");
    ct_error_clear(&err);
    rc = bench_sim_state_read_stream(f, NAME, &st, &err);
    fclose(f);
    if (rc != CT_OK) {
        FUZZ_CHECK(rc < 0 && err.code == rc && rc != CT_ENOMEM, "rejection with status %d: %s", rc,
                   err.msg);
        FUZZ_CHECK(strncmp(err.msg, NAME ": ", strlen(NAME) + 2) == 0,
                   "message does not name the file: %s", err.msg);
        FUZZ_CHECK(!st.ds.x && !st.ds.v && !st.ds.p && !st.ds.inducing && !st.queries &&
                       !st.tree.parent && !st.has_tree,
                   "rejected state not zeroed");
        return 0;
    }
    FUZZ_ACCEPTED();
    check_state(&st);
    check_round_trip(&st, data, size);
    bench_sim_state_free(&st);
    return 0;
}
