/* test_family_diff.h -- the differential machinery of test_family_differential
 * (quick), _slow and _exhaustive: variants chosen from axes.def at run time,
 * run through ct/run.h exactly as ctbench runs them, compared with the float64
 * oracle.  Static functions only; each test includes it once.
 *
 * Which variants.  A FACTOR is one axis of axes.def other than the options
 * (topology, order, data, traversal, kernel, precision, with
 * ct_axis_value_count values each) or one option (two levels: off, on).  The
 * candidates are every tree variant ct_variant_foreach lists that this CPU
 * can run.  A PAIR is two levels of two factors; it is "reachable" when some
 * candidate has both.
 *  - pairwise design (quick and slow tests): a greedy covering array, built
 *    in two stages, both deterministic (candidates in foreach order, the
 *    first of equal scores wins): (1) over the EXACT candidates only
 *    (ct_variant_is_exact), repeatedly take the candidate covering the most
 *    reachable-among-exact pairs not yet covered, until none is left -- so
 *    every pair that an exact variant can have is checked for exactness;
 *    (2) continuing from those rows over all candidates, the same for every
 *    reachable pair (f32, +ladder: approximate, reported with recall).  The
 *    test asserts afterwards, by counting, that every reachable pair is in
 *    some row of its stage.  A new axis value, option or traversal enters
 *    the design without a change here.
 *  - exhaustive (label exhaustive): every exact candidate.
 * Plus, always, every variant of the other families (brute, brute_blas,
 * brute_blas.f32, ...), also from ct_variant_foreach.
 *
 * What is checked, per workload (ct_workload_synthesize; tree from
 * ct_run_build_tree with the workload's insertion order, base and radius
 * mode, proved by ct_run_check_tree) x query spec (k in {1, 2, 10, n-1, n},
 * predecessor, exclude_self) x variant: the call succeeds; the rows are well
 * formed (valid, eligible, distinct indices sorted by (distance, index),
 * distances in [0, 1], then -1/+inf padding); an exact variant's answer is
 * the oracle's, tie-aware (ct_knn_compare, CT_TIE_TOLERANCE_F64; the rule is
 * in knn.h); an approximate one's recall is printed (min and mean over the
 * specs); a tree variant evaluates each node at most once per query and
 * v_bytes = dist_evals * m * element size; brute_blas evaluates every
 * eligible pair.  Specs with k >= n - 1 use at most large_k_queries queries.
 */
#ifndef CT_TEST_FAMILY_DIFF_H
#define CT_TEST_FAMILY_DIFF_H

#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ct/alloc.h"
#include "ct/knn.h"
#include "ct/run.h"
#include "ct/workload.h"
#include "testutil.h"

#define DIFF_MAX_FACTORS 16
#define DIFF_MAX_LEVELS 16
#define DIFF_MAX_SETUPS 128

/* ---- factors and candidates ------------------------------------------ */

typedef struct variant_list {
    ct_variant *v;
    int count, cap;
} variant_list;

typedef struct factors {
    int count;
    int levels[DIFF_MAX_FACTORS];
    char name[DIFF_MAX_FACTORS][32];
    ct_axis axis[DIFF_MAX_FACTORS]; /* CT_AXIS_OPTION for an option factor */
    int option[DIFF_MAX_FACTORS];   /* which option, for option factors */
} factors;

static void list_push(variant_list *l, const ct_variant *v)
{
    if (l->count == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 64;
        l->v = realloc(l->v, (size_t)l->cap * sizeof *l->v);
    }
    l->v[l->count++] = *v;
}

static void factors_init(factors *fs)
{
    memset(fs, 0, sizeof *fs);
    for (int a = 0; a < CT_AXIS_COUNT; a++) {
        if (a == CT_AXIS_OPTION) continue;
        fs->axis[fs->count] = (ct_axis)a;
        fs->levels[fs->count] = ct_axis_value_count((ct_axis)a);
        snprintf(fs->name[fs->count], sizeof fs->name[0], "%s", ct_axis_name((ct_axis)a));
        fs->count++;
    }
    for (int o = 0; o < ct_axis_value_count(CT_AXIS_OPTION); o++) {
        fs->axis[fs->count] = CT_AXIS_OPTION;
        fs->option[fs->count] = o;
        fs->levels[fs->count] = 2;
        snprintf(fs->name[fs->count], sizeof fs->name[0], "+%s",
                 ct_axis_value_name(CT_AXIS_OPTION, o));
        fs->count++;
    }
    CT_CHECK(fs->count <= DIFF_MAX_FACTORS, "too many factors: %d", fs->count);
    for (int f = 0; f < fs->count; f++)
        CT_CHECK(fs->levels[f] >= 1 && fs->levels[f] <= DIFF_MAX_LEVELS, "factor %s: %d levels",
                 fs->name[f], fs->levels[f]);
}

/* The level of factor f in tree variant v (a new axis needs a case here). */
static int variant_level(const factors *fs, const ct_variant *v, int f)
{
    switch (fs->axis[f]) {
    case CT_AXIS_TOPOLOGY: return (int)v->topology;
    case CT_AXIS_ORDER: return (int)v->order;
    case CT_AXIS_DATA: return (int)v->data;
    case CT_AXIS_TRAVERSAL: return (int)v->traversal;
    case CT_AXIS_KERNEL: return (int)v->kernel;
    case CT_AXIS_PRECISION: return (int)v->precision;
    case CT_AXIS_OPTION: return (v->options >> fs->option[f]) & 1u;
    case CT_AXIS_COUNT: break;
    }
    CT_CHECK(0, "factor %s: axis without a level mapping", fs->name[f]);
    return 0;
}

typedef struct collect_ctx {
    variant_list trees, exact_trees, others;
} collect_ctx;

static int collect(const ct_variant *v, void *ctx)
{
    collect_ctx *c = ctx;
    if (ct_variant_available(v, NULL) != CT_OK) return 0;
    if (v->family != CT_VARIANT_TREE) {
        list_push(&c->others, v);
        return 0;
    }
    list_push(&c->trees, v);
    if (ct_variant_is_exact(v)) list_push(&c->exact_trees, v);
    return 0;
}

/* ---- the greedy pairwise covering array -------------------------------- */

typedef struct pair_table {
    const factors *fs;
    unsigned char *reach, *covered; /* [f][a][g][b], f < g */
} pair_table;

static size_t pair_at(const factors *fs, int f, int a, int g, int b)
{
    (void)fs;
    return (((size_t)f * DIFF_MAX_LEVELS + (size_t)a) * DIFF_MAX_FACTORS + (size_t)g) *
               DIFF_MAX_LEVELS +
           (size_t)b;
}

#define PAIR_TABLE_SIZE \
    ((size_t)DIFF_MAX_FACTORS * DIFF_MAX_LEVELS * DIFF_MAX_FACTORS * DIFF_MAX_LEVELS)

static void pairs_of(const factors *fs, const ct_variant *v, int *lv)
{
    for (int f = 0; f < fs->count; f++) lv[f] = variant_level(fs, v, f);
}

/* Pairs reachable by the candidates; returns their number. */
static long pairs_reach(pair_table *pt, const variant_list *cands)
{
    const factors *fs = pt->fs;
    int lv[DIFF_MAX_FACTORS];
    long count = 0;
    memset(pt->reach, 0, PAIR_TABLE_SIZE);
    for (int c = 0; c < cands->count; c++) {
        pairs_of(fs, &cands->v[c], lv);
        for (int f = 0; f < fs->count; f++)
            for (int g = f + 1; g < fs->count; g++) {
                unsigned char *r = &pt->reach[pair_at(fs, f, lv[f], g, lv[g])];
                count += !*r;
                *r = 1;
            }
    }
    return count;
}

static int new_pairs(const pair_table *pt, const ct_variant *v, int mark)
{
    const factors *fs = pt->fs;
    int lv[DIFF_MAX_FACTORS], score = 0;
    pairs_of(fs, v, lv);
    for (int f = 0; f < fs->count; f++)
        for (int g = f + 1; g < fs->count; g++) {
            size_t at = pair_at(fs, f, lv[f], g, lv[g]);
            if (pt->reach[at] && !pt->covered[at]) {
                score++;
                if (mark) pt->covered[at] = 1;
            }
        }
    return score;
}

/* Extend rows greedily over cands until every reachable pair is covered. */
static void greedy_cover(pair_table *pt, const variant_list *cands, variant_list *rows)
{
    memset(pt->covered, 0, PAIR_TABLE_SIZE);
    for (int r = 0; r < rows->count; r++) new_pairs(pt, &rows->v[r], 1);
    for (;;) {
        int best = -1, best_score = 0;
        for (int c = 0; c < cands->count; c++) {
            int score = new_pairs(pt, &cands->v[c], 0);
            if (score > best_score) {
                best = c;
                best_score = score;
            }
        }
        if (best < 0) break;
        list_push(rows, &cands->v[best]);
        new_pairs(pt, &cands->v[best], 1);
    }
}

/* Count reachable pairs that no row has (recomputed from scratch). */
static long uncovered_pairs(pair_table *pt, const variant_list *rows)
{
    const factors *fs = pt->fs;
    long missing = 0;
    memset(pt->covered, 0, PAIR_TABLE_SIZE);
    for (int r = 0; r < rows->count; r++) new_pairs(pt, &rows->v[r], 1);
    for (int f = 0; f < fs->count; f++)
        for (int a = 0; a < fs->levels[f]; a++)
            for (int g = f + 1; g < fs->count; g++)
                for (int b = 0; b < fs->levels[g]; b++) {
                    size_t at = pair_at(fs, f, a, g, b);
                    missing += pt->reach[at] && !pt->covered[at];
                }
    return missing;
}

typedef struct design {
    variant_list rows;   /* tree variants to run: exact stage first */
    variant_list others; /* every available variant of the other families */
    int exact_rows;      /* rows[0..exact_rows) are the exact stage */
} design;

static void print_factors(const factors *fs)
{
    printf("factors (from axes.def):");
    for (int f = 0; f < fs->count; f++) printf(" %s=%d", fs->name[f], fs->levels[f]);
    printf("\n");
}

/* pairwise = 1: the two-stage covering array; 0: every exact tree variant. */
static void design_make(design *d, int pairwise)
{
    factors fs;
    collect_ctx c;
    memset(d, 0, sizeof *d);
    memset(&c, 0, sizeof c);
    factors_init(&fs);
    print_factors(&fs);
    ct_variant_foreach(collect, &c);
    CT_CHECK(c.exact_trees.count > 0, "no exact tree variant can run here");
    if (!pairwise) {
        for (int i = 0; i < c.exact_trees.count; i++) list_push(&d->rows, &c.exact_trees.v[i]);
        d->exact_rows = d->rows.count;
        printf("exhaustive: every exact tree variant this CPU runs: %d (of %d runnable tree "
               "variants)\n",
               d->rows.count, c.trees.count);
    } else {
        pair_table pt = {&fs, calloc(PAIR_TABLE_SIZE, 1), calloc(PAIR_TABLE_SIZE, 1)};
        long exact_pairs = pairs_reach(&pt, &c.exact_trees), all_pairs, missing;
        greedy_cover(&pt, &c.exact_trees, &d->rows);
        d->exact_rows = d->rows.count;
        missing = uncovered_pairs(&pt, &d->rows);
        CT_CHECK(missing == 0, "exact stage leaves %ld of %ld pairs uncovered", missing,
                 exact_pairs);
        all_pairs = pairs_reach(&pt, &c.trees);
        greedy_cover(&pt, &c.trees, &d->rows);
        missing = uncovered_pairs(&pt, &d->rows);
        CT_CHECK(missing == 0, "full stage leaves %ld of %ld pairs uncovered", missing, all_pairs);
        for (int r = 0; r < d->exact_rows; r++)
            CT_CHECK(ct_variant_is_exact(&d->rows.v[r]), "exact stage row %d is not exact", r);
        printf("pairwise: %ld value pairs reachable by the %d exact tree variants this CPU runs, "
               "covered by %d of them; %ld pairs reachable by all %d runnable tree variants, "
               "covered with %d more rows: %d tree combinations, every pair covered\n",
               exact_pairs, c.exact_trees.count, d->exact_rows, all_pairs, c.trees.count,
               d->rows.count - d->exact_rows, d->rows.count);
        free(pt.reach);
        free(pt.covered);
    }
    for (int i = 0; i < c.others.count; i++) list_push(&d->others, &c.others.v[i]);
    printf("plus %d variants of the other families:", d->others.count);
    for (int i = 0; i < d->others.count; i++) {
        char name[CT_VARIANT_NAME_MAX];
        ct_variant_format(&d->others.v[i], name, sizeof name);
        printf(" %s", name);
    }
    printf("\n");
    free(c.trees.v);
    free(c.exact_trees.v);
    free(c.others.v);
}

static void design_free(design *d)
{
    free(d->rows.v);
    free(d->others.v);
    memset(d, 0, sizeof *d);
}

/* ---- workloads, specs, runs -------------------------------------------- */

typedef struct workload_case {
    ct_points_kind points;
    int32_t n;
    int dim;
    int m;
    ct_covariance_kind kind;
    double lengthscale;
    uint64_t seed;
    int32_t nq;         /* 0 = every point */
    double base;        /* tree build: 0 = default (2) */
    ct_si_mode si_mode; /* radius mode of the build */
    ct_order insertion; /* insertion order of the build */
} workload_case;

typedef struct spec_case {
    int k; /* > 0: that k; -1: n - 1; 0: n */
    int predecessor;
    int exclude_self;
} spec_case;

static const spec_case diff_specs[] = {
    {10, 0, 0}, {1, 0, 0}, {2, 0, 1},  {10, 1, 0}, {-1, 0, 0}, {0, 0, 0},
    {1, 1, 0},  {2, 0, 0}, {10, 0, 1}, {0, 1, 0},  {-1, 0, 1}, {0, 0, 1},
};
#define DIFF_NSPECS ((int)(sizeof diff_specs / sizeof diff_specs[0]))

typedef struct run_ctx {
    const ct_dataset *ds;
    const ct_tree *tree;
    const char *label;
    ct_setup setups[DIFF_MAX_SETUPS];
    int nsetups;
} run_ctx;

static const ct_setup *setup_for(run_ctx *rc, const ct_variant *v, const char *name)
{
    char key[CT_RUN_SETUP_KEY_MAX];
    ct_error err;
    ct_run_setup_key(v, key, sizeof key);
    for (int s = 0; s < rc->nsetups; s++)
        if (rc->setups[s].ops == ct_family_get(v->family) && strcmp(rc->setups[s].key, key) == 0)
            return &rc->setups[s];
    CT_CHECK(rc->nsetups < DIFF_MAX_SETUPS, "more than %d setups", DIFF_MAX_SETUPS);
    if (rc->nsetups == DIFF_MAX_SETUPS) return NULL;
    ct_error_clear(&err);
    if (ct_run_setup(rc->ds, rc->tree, v, &rc->setups[rc->nsetups], &err) != CT_OK) {
        CT_CHECK(0, "%s on %s: setup: %s", name, rc->label, err.msg);
        return NULL;
    }
    return &rc->setups[rc->nsetups++];
}

/* -1 if every row is well formed, else the first bad query position. */
static int32_t malformed_row(const ct_knn_result *res, const int32_t *queries,
                             const ct_query_spec *spec, int32_t n)
{
    int32_t *seen = calloc((size_t)n, sizeof *seen), bad = -1; /* seen[j] = query position + 1 */
    for (int32_t q = 0; q < res->nq && bad < 0; q++) {
        const int32_t *idx = res->idx + (size_t)q * (size_t)res->k;
        const double *dist = res->dist + (size_t)q * (size_t)res->k;
        int padding = 0;
        for (int r = 0; r < res->k && bad < 0; r++) {
            if (idx[r] < 0) {
                padding = 1;
                if (idx[r] != -1 || !(dist[r] > 1e300)) bad = q;
                continue;
            }
            if (padding || idx[r] >= n || !ct_knn_eligible(spec, queries[q], idx[r]) ||
                !(dist[r] >= 0.0 && dist[r] <= 1.0) || seen[idx[r]] == q + 1)
                bad = q;
            else if (r > 0 &&
                     (dist[r] < dist[r - 1] || (dist[r] == dist[r - 1] && idx[r] < idx[r - 1])))
                bad = q;
            else seen[idx[r]] = q + 1;
        }
    }
    free(seen);
    return bad;
}

/* One variant on one spec; returns the recall (-1 when the run failed). */
static double run_one(run_ctx *rc, const ct_variant *v, const ct_query_spec *spec,
                      const int32_t *queries, int32_t nq, const ct_knn_result *oracle)
{
    char name[CT_VARIANT_NAME_MAX];
    const ct_setup *setup;
    ct_prepared prep;
    ct_search_params sp;
    ct_knn_result res = {0};
    ct_compare_report rep;
    ct_work work;
    ct_error err;
    const ct_dataset *ds = rc->ds;
    int status, exact = ct_variant_is_exact(v);
    int32_t bad;
    double recall = -1.0;

    ct_variant_format(v, name, sizeof name);
    setup = setup_for(rc, v, name);
    if (!setup) return -1.0;
    ct_error_clear(&err);
    status = ct_run_prepare(setup, v, &prep, &err);
    CT_CHECK(status == CT_OK, "%s on %s: prepare: %s", name, rc->label, err.msg);
    if (status != CT_OK) return -1.0;
    status = ct_knn_result_alloc(&res, nq, spec->k);
    ct_run_search_params(v, spec, &sp);
    if (status == CT_OK) status = ct_run_execute(&prep, queries, nq, &sp, &res, &work, &err);
    CT_CHECK(status == CT_OK, "%s on %s k=%d pred=%d excl=%d: %s", name, rc->label, spec->k,
             spec->predecessor, spec->exclude_self, err.msg);
    if (status != CT_OK) goto done;
    bad = malformed_row(&res, queries, spec, ds->n);
    CT_CHECK(bad < 0, "%s on %s k=%d pred=%d excl=%d: malformed row at query position %d", name,
             rc->label, spec->k, spec->predecessor, spec->exclude_self, (int)bad);
    status = ct_knn_compare(ds, queries, spec, oracle, &res, CT_TIE_TOLERANCE_F64, &rep);
    CT_CHECK(status == CT_OK, "%s: compare status %d", name, status);
    recall = rep.recall;
    if (exact)
        CT_CHECK(rep.exact_queries == nq,
                 "%s on %s, k=%d pred=%d excl=%d: %d/%d exact, first bad query position %d "
                 "(point %d), recall %.6f, max distance error %.3g",
                 name, rc->label, spec->k, spec->predecessor, spec->exclude_self,
                 (int)rep.exact_queries, (int)nq, (int)rep.first_bad_query,
                 rep.first_bad_query >= 0 ? (int)queries[rep.first_bad_query] : -1, rep.recall,
                 rep.max_distance_error);
    if (v->family == CT_VARIANT_TREE) {
        const uint64_t elem = v->precision == CT_PRECISION_F32 ? sizeof(float) : sizeof(double);
        CT_CHECK(work.dist_evals <= (uint64_t)nq * (uint64_t)ds->n &&
                     work.nodes_visited <= (uint64_t)nq * (uint64_t)ds->n,
                 "%s on %s: %llu evals / %llu visits for %d queries of %d points", name, rc->label,
                 (unsigned long long)work.dist_evals, (unsigned long long)work.nodes_visited,
                 (int)nq, (int)ds->n);
        CT_CHECK(work.v_bytes == work.dist_evals * (uint64_t)ds->m * elem,
                 "%s: v_bytes %llu != evals * m * %llu", name, (unsigned long long)work.v_bytes,
                 (unsigned long long)elem);
    }
    if (v->family == CT_VARIANT_BRUTE_BLAS && !spec->predecessor)
        CT_CHECK(work.dist_evals == (uint64_t)nq * (uint64_t)(ds->n - (spec->exclude_self ? 1 : 0)),
                 "%s on %s: %llu evals for %d queries", name, rc->label,
                 (unsigned long long)work.dist_evals, (int)nq);
done:
    ct_knn_result_free(&res);
    ct_run_prepared_free(&prep);
    return recall;
}

/* Every point once (count == n, seed 0), or `count` draws with replacement
 * whose last one repeats the first (every sample holds a repeated query). */
static int32_t *diff_queries(int32_t n, int32_t count, uint64_t seed)
{
    int32_t *q = malloc((size_t)(count > 0 ? count : 1) * sizeof *q);
    if (count == n && seed == 0) {
        for (int32_t i = 0; i < n; i++) q[i] = i;
    } else {
        ct_queries_draw(n, count, seed, q);
        if (count >= 2) q[count - 1] = q[0];
    }
    return q;
}

/* The approximate variants' recall over the specs of one workload. */
typedef struct recall_sum {
    double min, sum;
    int runs;
} recall_sum;

static void run_workload(const workload_case *wc, const design *d, int32_t large_k_queries)
{
    ct_synthetic_spec sspec;
    ct_dataset ds;
    ct_tree tree;
    ct_build_params bp;
    ct_error err;
    run_ctx *rc = calloc(1, sizeof *rc);
    int32_t nq = wc->nq > 0 ? wc->nq : wc->n, *queries = NULL;
    int nvariants = d->rows.count + d->others.count, status, runs = 0;
    recall_sum *rs = calloc((size_t)nvariants, sizeof *rs);
    char label[200];
    double t0 = omp_get_wtime(), t_tree = 0.0, t_oracle = 0.0;

    memset(&sspec, 0, sizeof sspec);
    memset(&ds, 0, sizeof ds);
    memset(&tree, 0, sizeof tree);
    sspec.points = wc->points;
    sspec.n = wc->n;
    sspec.dim = wc->dim;
    sspec.m = wc->m;
    sspec.cov.kind = wc->kind;
    sspec.cov.variance = 1.0;
    for (int t = 0; t < wc->dim; t++) sspec.cov.lengthscale[t] = wc->lengthscale;
    sspec.seed = wc->seed;
    ct_build_params_default(&bp);
    if (wc->base > 0) bp.base = wc->base;
    bp.si_mode = wc->si_mode;
    snprintf(label, sizeof label, "%s n=%ld dim=%d m=%d %s l=%g seed=%llu insert=%s base=%g si=%s",
             ct_points_kind_name(wc->points), (long)wc->n, wc->dim, wc->m,
             wc->kind == CT_COVARIANCE_RBF ? "rbf" : "matern52", wc->lengthscale,
             (unsigned long long)wc->seed, ct_axis_value_name(CT_AXIS_ORDER, wc->insertion),
             bp.base, bp.si_mode == CT_SI_EXACT ? "exact" : "sum");
    ct_error_clear(&err);
    status = ct_workload_synthesize(&sspec, &ds, &err);
    CT_CHECK(status == CT_OK, "%s: workload: %s", label, err.msg);
    if (status != CT_OK) goto done;
    status = ct_run_build_tree(&ds, wc->insertion, &bp, &tree, &err);
    CT_CHECK(status == CT_OK, "%s: tree: %s", label, err.msg);
    if (status != CT_OK) goto done;
    status = ct_run_check_tree(&ds, &tree, &err);
    CT_CHECK(status == CT_OK, "%s: tree check: %s", label, err.msg);
    rc->ds = &ds;
    rc->tree = &tree;
    rc->label = label;
    queries = diff_queries(wc->n, nq, wc->nq > 0 ? wc->seed * 7 + 1 : 0);
    for (int v = 0; v < nvariants; v++) rs[v].min = 1.0;
    t_tree = omp_get_wtime() - t0;

    for (int s = 0; s < DIFF_NSPECS; s++) {
        ct_query_spec spec;
        ct_knn_result oracle = {0};
        int32_t nqs;
        spec.k = diff_specs[s].k > 0 ? diff_specs[s].k : diff_specs[s].k == 0 ? wc->n : wc->n - 1;
        spec.predecessor = diff_specs[s].predecessor;
        spec.exclude_self = diff_specs[s].exclude_self;
        /* k close to n costs O(n log n) per query everywhere: fewer queries */
        nqs = spec.k >= wc->n - 1 && nq > large_k_queries ? large_k_queries : nq;
        t_oracle -= omp_get_wtime();
        status = ct_oracle_knn(&ds, queries, nqs, &spec, &oracle, &err);
        t_oracle += omp_get_wtime();
        CT_CHECK(status == CT_OK, "oracle on %s: %s", label, err.msg);
        if (status != CT_OK) continue;
        for (int v = 0; v < nvariants; v++) {
            const ct_variant *var =
                v < d->rows.count ? &d->rows.v[v] : &d->others.v[v - d->rows.count];
            double recall = run_one(rc, var, &spec, queries, nqs, &oracle);
            runs++;
            if (recall < 0) continue;
            if (recall < rs[v].min) rs[v].min = recall;
            rs[v].sum += recall;
            rs[v].runs++;
        }
        ct_knn_result_free(&oracle);
    }
    printf("workload %s: %d queries, tree depth %d, %d runs (%d variants x %d specs), %.1f s "
           "(data + tree + check %.1f s, oracle %.1f s)\n",
           label, (int)nq, (int)tree.depth, runs, nvariants, DIFF_NSPECS, omp_get_wtime() - t0,
           t_tree, t_oracle);
    for (int v = 0; v < nvariants; v++) {
        const ct_variant *var = v < d->rows.count ? &d->rows.v[v] : &d->others.v[v - d->rows.count];
        char name[CT_VARIANT_NAME_MAX];
        if (ct_variant_is_exact(var) || rs[v].runs == 0) continue;
        ct_variant_format(var, name, sizeof name);
        printf("  approximate %-40s recall min %.4f mean %.4f over %d specs\n", name, rs[v].min,
               rs[v].sum / rs[v].runs, rs[v].runs);
    }

done:
    for (int s = 0; s < rc->nsetups; s++) ct_run_setup_free(&rc->setups[s]);
    free(rc);
    free(rs);
    free(queries);
    ct_tree_free(&tree);
    ct_dataset_free(&ds);
}

#endif
