/* test_layout_orders.c -- the order axis: curve keys, permutations, bfs numbering.
 *
 * Hilbert: on full grids (2-D with 3, 4, 5 bits, 3-D, 4-D) the keys are
 * exactly 0 .. cells-1, consecutive keys are cells at Manhattan distance 1,
 * and every aligned dyadic sub-cube is one contiguous key range (the
 * recursive structure); the same holds for the first cells of the curve
 * with the full 16/32 bits per axis in dims 2, 3, 8, 16.  Morton must fail the
 * adjacency property on the same grids (so the check can fail) while keeping
 * the sub-cube property, and its bit placement is checked on hand-worked
 * values.  Permutations: bijections for every order and dims 1, 2, 3, 8, 16,
 * sorted by (key, index) with duplicates in index order, insertion order ==
 * numbering for the curve orders, bfs of a hand-built tree, and the errors.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ct/layout.h"
#include "ct/order.h"
#include "ct/rng.h"
#include "testutil.h"

typedef int (*key_fn)(const uint32_t *coords, int dim, int bits, uint64_t key[CT_CURVE_KEY_WORDS]);

/* The key as one integer when it fits in the last word (dim * bits <= 64). */
static uint64_t low_key(key_fn fn, const uint32_t *c, int dim, int bits, int *high_nonzero)
{
    uint64_t key[CT_CURVE_KEY_WORDS];
    int rc = fn(c, dim, bits, key);
    *high_nonzero = rc != CT_OK;
    for (int w = 0; w + 1 < CT_CURVE_KEY_WORDS; w++) *high_nonzero |= key[w] != 0;
    return key[CT_CURVE_KEY_WORDS - 1];
}

/* Cell coordinates of cell number `cell` of a side^dim grid. */
static void cell_coords(uint64_t cell, int dim, uint32_t side, uint32_t *c)
{
    for (int a = 0; a < dim; a++) {
        c[a] = (uint32_t)(cell % side);
        cell /= side;
    }
}

typedef struct grid_walk {
    int bijective;      /* keys are exactly 0 .. cells-1 */
    long far_steps;     /* consecutive cells not at Manhattan distance 1 */
    long broken_blocks; /* aligned sub-cubes whose keys are not one dyadic range */
} grid_walk;

/* Walk the cells [0, side)^dim (side = 2^levels) in key order under `fn`
 * with `bits` bits per axis (bits >= levels).  Keys must be < cells. */
static grid_walk walk_grid(key_fn fn, int dim, int levels, int bits)
{
    grid_walk g = {1, 0, 0};
    const uint32_t side = (uint32_t)1 << levels;
    const uint64_t cells = (uint64_t)1 << (dim * levels);
    uint32_t *by_key = malloc(cells * (size_t)dim * sizeof *by_key);
    unsigned char *filled = calloc(cells, 1);
    uint32_t c[CT_MAX_DIM];
    if (!by_key || !filled) {
        g.bijective = 0;
        goto done;
    }
    for (uint64_t cell = 0; cell < cells; cell++) {
        int high;
        cell_coords(cell, dim, side, c);
        uint64_t key = low_key(fn, c, dim, bits, &high);
        if (high || key >= cells || filled[key]) {
            g.bijective = 0;
            goto done;
        }
        filled[key] = 1;
        memcpy(by_key + key * (uint64_t)dim, c, (size_t)dim * sizeof *c);
    }
    for (uint64_t k = 1; k < cells; k++) {
        long dist = 0;
        for (int a = 0; a < dim; a++)
            dist += labs((long)by_key[k * dim + a] - (long)by_key[(k - 1) * dim + a]);
        if (dist != 1) g.far_steps++;
    }
    /* Every dyadic key range [t * 2^(dim j), (t+1) * 2^(dim j)) must be one
     * aligned sub-cube of side 2^j: all its cells share coords >> j. */
    for (int j = 1; j < levels; j++) {
        uint64_t span = (uint64_t)1 << (dim * j);
        for (uint64_t start = 0; start < cells; start += span) {
            int same = 1;
            for (uint64_t k = start + 1; k < start + span && same; k++)
                for (int a = 0; a < dim; a++)
                    if ((by_key[k * dim + a] >> j) != (by_key[start * dim + a] >> j)) same = 0;
            if (!same) g.broken_blocks++;
        }
    }
done:
    free(by_key);
    free(filled);
    return g;
}

static void test_hilbert_grids(void)
{
    static const struct {
        int dim, levels;
    } grids[] = {
        {1, 6}, {2, 3}, {2, 4}, {2, 5}, {3, 3}, {3, 4}, {4, 3}, {5, 2},
    };
    for (size_t g = 0; g < sizeof grids / sizeof grids[0]; g++) {
        int dim = grids[g].dim, levels = grids[g].levels;
        grid_walk h = walk_grid(ct_hilbert_key, dim, levels, levels);
        CT_CHECK(h.bijective, "hilbert %d-D %d bits: keys are not exactly 0..cells-1", dim, levels);
        CT_CHECK(h.far_steps == 0, "hilbert %d-D %d bits: %ld consecutive cells not adjacent", dim,
                 levels, h.far_steps);
        CT_CHECK(h.broken_blocks == 0, "hilbert %d-D %d bits: %ld dyadic key ranges not a sub-cube",
                 dim, levels, h.broken_blocks);

        grid_walk z = walk_grid(ct_morton_key, dim, levels, levels);
        CT_CHECK(z.bijective, "morton %d-D %d bits: keys are not exactly 0..cells-1", dim, levels);
        CT_CHECK(z.broken_blocks == 0, "morton %d-D %d bits: %ld dyadic key ranges not a sub-cube",
                 dim, levels, z.broken_blocks);
        if (dim > 1)
            CT_CHECK(z.far_steps > 0,
                     "morton %d-D %d bits: unexpectedly adjacent everywhere "
                     "(the adjacency check cannot fail?)",
                     dim, levels);
    }

    /* With the full bits per axis, the curve starts at the origin and its
     * first 2^(dim * levels) cells fill [0, 2^levels)^dim, still adjacent. */
    static const struct {
        int dim, levels;
    } starts[] = {{2, 4}, {3, 3}, {8, 1}, {16, 1}};
    for (size_t s = 0; s < sizeof starts / sizeof starts[0]; s++) {
        int dim = starts[s].dim, levels = starts[s].levels, bits = ct_curve_bits(dim);
        grid_walk h = walk_grid(ct_hilbert_key, dim, levels, bits);
        CT_CHECK(h.bijective, "hilbert %d-D, %d bits: first cells are not [0, 2^%d)^%d", dim, bits,
                 levels, dim);
        CT_CHECK(h.far_steps == 0, "hilbert %d-D, %d bits: %ld steps not adjacent", dim, bits,
                 h.far_steps);
    }
}

static void test_key_values(void)
{
    uint64_t key[CT_CURVE_KEY_WORDS];
    uint32_t c[CT_MAX_DIM] = {0};
    int high;

    /* 2-D, 1 bit: the key is (x bit, y bit), x the more significant. */
    c[0] = 1;
    c[1] = 0;
    CT_CHECK(low_key(ct_morton_key, c, 2, 1, &high) == 2 && !high, "morton (1,0) != 2");
    c[0] = 0;
    c[1] = 1;
    CT_CHECK(low_key(ct_morton_key, c, 2, 1, &high) == 1 && !high, "morton (0,1) != 1");
    /* 3-D, 2 bits, (x=2, y=0, z=1): x bit 1 -> key bit 5, z bit 0 -> key bit 0. */
    c[0] = 2;
    c[1] = 0;
    c[2] = 1;
    CT_CHECK(low_key(ct_morton_key, c, 3, 2, &high) == 33 && !high, "morton (2,0,1) != 33");
    /* 16-D, 16 bits: axis 0's top bit is the key's top bit, axis 15's bit 0 its bit 0. */
    memset(c, 0, sizeof c);
    c[0] = 0x8000;
    c[15] = 1;
    CT_CHECK(ct_morton_key(c, 16, 16, key) == CT_OK, "morton 16-D rejected");
    CT_CHECK(key[0] == ((uint64_t)1 << 63) && key[1] == 0 && key[2] == 0 && key[3] == 1,
             "morton 16-D key words %llx %llx %llx %llx", (unsigned long long)key[0],
             (unsigned long long)key[1], (unsigned long long)key[2], (unsigned long long)key[3]);
    /* 3-D, 32 bits: axis 1 bit 31 -> key bit 31*3+1 = 94 = word 2, bit 30. */
    memset(c, 0, sizeof c);
    c[1] = 0x80000000u;
    CT_CHECK(ct_morton_key(c, 3, 32, key) == CT_OK && key[2] == ((uint64_t)1 << 30) &&
                 key[0] == 0 && key[1] == 0 && key[3] == 0,
             "morton 3-D 32-bit placement");

    /* The origin is the start of both curves. */
    memset(c, 0, sizeof c);
    for (int dim = 1; dim <= CT_MAX_DIM; dim++) {
        CT_CHECK(ct_hilbert_key(c, dim, ct_curve_bits(dim), key) == CT_OK &&
                     (key[0] | key[1] | key[2] | key[3]) == 0,
                 "hilbert origin key != 0 in %d-D", dim);
    }

    /* Argument checks. */
    c[0] = 8;
    CT_CHECK(ct_hilbert_key(c, 2, 3, key) == CT_EINVAL, "coordinate 8 accepted with 3 bits");
    CT_CHECK(ct_morton_key(c, 17, 8, key) == CT_EINVAL, "dim 17 accepted");
    CT_CHECK(ct_morton_key(c, 9, 32, key) == CT_EINVAL, "9 x 32 bits accepted");
    CT_CHECK(ct_hilbert_key(c, 2, 0, key) == CT_EINVAL, "0 bits accepted");

    for (int dim = 1; dim <= CT_MAX_DIM; dim++) {
        int bits = ct_curve_bits(dim);
        CT_CHECK(bits >= CT_CURVE_MIN_BITS && bits <= CT_CURVE_MAX_BITS && dim * bits <= 256,
                 "ct_curve_bits(%d) = %d", dim, bits);
    }
    CT_CHECK(ct_curve_bits(0) == 0 && ct_curve_bits(17) == 0, "ct_curve_bits out of range");
}

/* A coordinates-only dataset (the orders never read the factor). */
static ct_dataset points_dataset(int32_t n, int dim, uint64_t seed, int duplicates)
{
    ct_dataset ds;
    memset(&ds, 0, sizeof ds);
    ds.n = n;
    ds.dim = dim;
    ds.x = malloc((size_t)n * (size_t)dim * sizeof(double) + 1);
    ct_rng rng;
    ct_rng_seed(&rng, seed);
    for (int32_t i = 0; i < n; i++) {
        for (int a = 0; a < dim; a++) ds.x[(size_t)i * dim + a] = ct_rng_normal(&rng) * (a + 1) + a;
        if (duplicates && i >= 3 && i % 3 == 0) /* every third point repeats an earlier one */
            memcpy(ds.x + (size_t)i * dim, ds.x + (size_t)ct_rng_below(&rng, (uint64_t)i) * dim,
                   (size_t)dim * sizeof(double));
    }
    return ds;
}

static int is_bijection(const int32_t *perm, int32_t n)
{
    unsigned char *seen = calloc((size_t)n + 1, 1);
    int ok = seen != NULL;
    for (int32_t k = 0; ok && k < n; k++) {
        if (perm[k] < 0 || perm[k] >= n || seen[perm[k]]) ok = 0;
        else seen[perm[k]] = 1;
    }
    free(seen);
    return ok;
}

static void test_quantize(void)
{
    ct_dataset ds = points_dataset(200, 3, 11, 0);
    for (int32_t i = 0; i < ds.n; i++) ds.x[(size_t)i * 3 + 2] = 4.25; /* a constant axis */
    uint32_t *q = malloc(200 * 3 * sizeof *q);
    CT_CHECK(ct_order_quantize(&ds, 16, q, NULL) == CT_OK, "quantize failed");
    for (int a = 0; a < 2; a++) {
        int32_t lo = 0, hi = 0;
        for (int32_t i = 1; i < ds.n; i++) {
            if (ds.x[(size_t)i * 3 + a] < ds.x[(size_t)lo * 3 + a]) lo = i;
            if (ds.x[(size_t)i * 3 + a] > ds.x[(size_t)hi * 3 + a]) hi = i;
        }
        CT_CHECK(q[(size_t)lo * 3 + a] == 0, "axis %d: minimum not at 0", a);
        CT_CHECK(q[(size_t)hi * 3 + a] == 65535, "axis %d: maximum not at 65535", a);
        long disorder = 0;
        for (int32_t i = 0; i < ds.n; i++)
            for (int32_t j = 0; j < ds.n; j++)
                if (ds.x[(size_t)i * 3 + a] < ds.x[(size_t)j * 3 + a] &&
                    q[(size_t)i * 3 + a] > q[(size_t)j * 3 + a])
                    disorder++;
        CT_CHECK(disorder == 0, "axis %d: quantisation not monotone (%ld pairs)", a, disorder);
    }
    long nonzero = 0;
    for (int32_t i = 0; i < ds.n; i++) nonzero += q[(size_t)i * 3 + 2] != 0;
    CT_CHECK(nonzero == 0, "constant axis: %ld cells not 0", nonzero);
    ds.x[7] = NAN;
    CT_CHECK(ct_order_quantize(&ds, 16, q, NULL) == CT_ENAN, "NaN coordinate accepted");
    free(q);
    free(ds.x);
}

/* perm must list the points in nondecreasing (key, index). */
static long misordered(const ct_dataset *ds, key_fn fn, const int32_t *perm)
{
    const int dim = ds->dim, bits = ct_curve_bits(dim);
    uint32_t *q = malloc((size_t)ds->n * (size_t)dim * sizeof *q + 1);
    if (!q || ct_order_quantize(ds, bits, q, NULL) != CT_OK) {
        free(q);
        return -1;
    }
    long bad = 0;
    uint64_t prev[CT_CURVE_KEY_WORDS], cur[CT_CURVE_KEY_WORDS];
    for (int32_t k = 0; k < ds->n; k++) {
        fn(q + (size_t)perm[k] * dim, dim, bits, cur);
        if (k > 0) {
            int c = ct_curve_key_compare(prev, cur);
            if (c > 0 || (c == 0 && perm[k - 1] > perm[k])) bad++;
        }
        memcpy(prev, cur, sizeof cur);
    }
    free(q);
    return bad;
}

static void test_permutations(void)
{
    static const int dims[] = {1, 2, 3, 8, 16};
    const int32_t n = 700;
    int32_t *perm = malloc(n * sizeof *perm), *again = malloc(n * sizeof *again);
    for (size_t d = 0; d < sizeof dims / sizeof dims[0]; d++) {
        int dim = dims[d];
        ct_dataset ds = points_dataset(n, dim, 100 + (uint64_t)dim, 1);
        for (int o = 0; o < CT_ORDER_COUNT; o++) {
            if (o == CT_ORDER_BFS) continue;
            ct_error err = {0};
            int rc = ct_order_permutation((ct_order)o, &ds, NULL, perm, &err);
            CT_CHECK(rc == CT_OK, "order %d dim %d: %s", o, dim, err.msg);
            CT_CHECK(is_bijection(perm, n), "order %d dim %d: not a bijection", o, dim);
            rc = ct_order_insertion((ct_order)o, &ds, again, &err);
            CT_CHECK(rc == CT_OK && memcmp(perm, again, n * sizeof *perm) == 0,
                     "order %d dim %d: insertion order differs from the numbering", o, dim);
            if (o == CT_ORDER_NATURAL) {
                long moved = 0;
                for (int32_t k = 0; k < n; k++) moved += perm[k] != k;
                CT_CHECK(moved == 0, "natural dim %d: not the identity", dim);
                continue;
            }
            key_fn fn = o == CT_ORDER_HILBERT ? ct_hilbert_key : ct_morton_key;
            CT_CHECK(misordered(&ds, fn, perm) == 0, "order %d dim %d: not sorted by (key, index)",
                     o, dim);
            /* duplicates come out adjacent-in-key and in index order */
            long dup_bad = 0;
            for (int32_t k = 0; k < n; k++)
                for (int32_t j = k + 1; j < n; j++)
                    if (memcmp(ds.x + (size_t)perm[k] * dim, ds.x + (size_t)perm[j] * dim,
                               (size_t)dim * sizeof(double)) == 0 &&
                        perm[k] > perm[j])
                        dup_bad++;
            CT_CHECK(dup_bad == 0, "order %d dim %d: %ld duplicate pairs out of index order", o,
                     dim, dup_bad);
        }
        /* the two curves are different orders */
        CT_CHECK(ct_order_permutation(CT_ORDER_HILBERT, &ds, NULL, perm, NULL) == CT_OK &&
                     ct_order_permutation(CT_ORDER_MORTON, &ds, NULL, again, NULL) == CT_OK &&
                     (dim == 1 || memcmp(perm, again, n * sizeof *perm) != 0),
                 "dim %d: hilbert and morton orders identical", dim);
        free(ds.x);
    }
    free(perm);
    free(again);
}

/* A hand-built 7-node tree: 3 -> (5, 0); 5 -> (6, 1); 0 -> (2); 1 -> (4). */
static void test_bfs(void)
{
    int32_t parent[7] = {3, 5, 0, -1, 1, 3, 5};
    int32_t child_offset[8], children[6];
    /* children per node in canonical order */
    static const int32_t kids_of[7][2] = {{2, -1},  {4, -1}, {-1, -1}, {5, 0},
                                          {-1, -1}, {6, 1},  {-1, -1}};
    int32_t pos = 0;
    for (int p = 0; p < 7; p++) {
        child_offset[p] = pos;
        for (int c = 0; c < 2; c++)
            if (kids_of[p][c] >= 0) children[pos++] = kids_of[p][c];
    }
    child_offset[7] = pos;
    ct_tree tree;
    memset(&tree, 0, sizeof tree);
    tree.n = 7;
    tree.root = 3;
    tree.parent = parent;
    tree.child_offset = child_offset;
    tree.children = children;

    int32_t perm[7];
    ct_error err = {0};
    CT_CHECK(ct_order_permutation(CT_ORDER_BFS, NULL, &tree, perm, &err) == CT_OK, "bfs: %s",
             err.msg);
    const int32_t expected[7] = {3, 5, 0, 6, 1, 2, 4};
    CT_CHECK(memcmp(perm, expected, sizeof perm) == 0, "bfs order %d %d %d %d %d %d %d", perm[0],
             perm[1], perm[2], perm[3], perm[4], perm[5], perm[6]);

    CT_CHECK(ct_order_permutation(CT_ORDER_BFS, NULL, NULL, perm, NULL) == CT_EINVAL,
             "bfs without a tree accepted");
    ct_dataset ds = points_dataset(7, 2, 5, 0);
    CT_CHECK(ct_order_insertion(CT_ORDER_BFS, &ds, perm, &err) == CT_EINVAL &&
                 strstr(err.msg, "relabelling") != NULL,
             "bfs insertion order accepted: %s", err.msg);
    ds.n = 6;
    CT_CHECK(ct_order_permutation(CT_ORDER_BFS, &ds, &tree, perm, NULL) == CT_EINVAL,
             "dataset/tree size mismatch accepted");
    free(ds.x);
    /* cut the edge 0 -> 2: node 2 is unreachable */
    children[child_offset[0]] = 4;
    CT_CHECK(ct_order_permutation(CT_ORDER_BFS, NULL, &tree, perm, NULL) == CT_EINVAL,
             "disconnected tree accepted");
    CT_CHECK(ct_order_permutation((ct_order)CT_ORDER_COUNT, NULL, &tree, perm, NULL) == CT_EINVAL,
             "unknown order accepted");

    /* empty inputs */
    ct_tree empty;
    memset(&empty, 0, sizeof empty);
    empty.root = -1;
    CT_CHECK(ct_order_permutation(CT_ORDER_BFS, NULL, &empty, NULL, NULL) == CT_OK, "empty bfs");
    ct_dataset none;
    memset(&none, 0, sizeof none);
    none.dim = 3;
    CT_CHECK(ct_order_insertion(CT_ORDER_HILBERT, &none, NULL, NULL) == CT_OK, "empty hilbert");
}

int main(void)
{
    test_key_values();
    test_hilbert_grids();
    test_quantize();
    test_permutations();
    test_bfs();
    return ct_test_finish("test_layout_orders");
}
