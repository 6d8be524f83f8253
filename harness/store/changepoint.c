/* changepoint.c -- the change-point driver (changepoint.h,
 * docs/STATISTICS.md §3): positions from the group ids, the choice between
 * the exact scan (changepoint_exact.c) and E-divisive, E-divisive's
 * divisive loop with its permutation test (Matteson & James 2014) over the
 * segment search of changepoint_energy.c, and the means either side of each
 * accepted change point. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "changepoint_internal.h"
#include "ct/rng.h"

void bench_cp_options_default(bench_cp_options *opt)
{
    opt->significance = 0.05;
    opt->permutations = 199;
    opt->min_size = 3;
    opt->max_points = 0;
    opt->seed = 1;
    opt->mode = BENCH_CP_AUTO;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static int cmp_position(const void *a, const void *b)
{
    int x = ((const bench_change_point *)a)->position,
        y = ((const bench_change_point *)b)->position;
    return (x > y) - (x < y);
}

/* start[0..*npos] = first sample of each position, start[*npos] = n.
 * CT_EINVAL when a group id reappears after another group. */
static int make_positions(const int64_t *groups, int n, int *start, int *npos, ct_error *err)
{
    int64_t *ids;
    int p = 0;
    if (!groups) {
        for (int i = 0; i <= n; i++) start[i] = i;
        *npos = n;
        return CT_OK;
    }
    ids = malloc((size_t)n * sizeof *ids);
    if (!ids) return ct_error_set(err, CT_ENOMEM, "change points: out of memory");
    for (int i = 0; i < n; i++) {
        if (i == 0 || groups[i] != groups[i - 1]) {
            ids[p] = groups[i];
            start[p++] = i;
        }
    }
    start[p] = n;
    *npos = p;
    qsort(ids, (size_t)p, sizeof *ids, cmp_i64);
    for (int q = 1; q < p; q++) {
        if (ids[q] == ids[q - 1]) {
            long long dup = (long long)ids[q];
            free(ids);
            return ct_error_set(err, CT_EINVAL,
                                "change points: the samples of group %lld are not contiguous", dup);
        }
    }
    free(ids);
    return CT_OK;
}

static int check_options(const bench_cp_options *o, ct_error *err)
{
    if (!(o->significance > 0.0 && o->significance < 1.0))
        return ct_error_set(err, CT_EINVAL, "change points: significance %g not in (0, 1)",
                            o->significance);
    if (o->permutations < 1)
        return ct_error_set(err, CT_EINVAL, "change points: %d permutations", o->permutations);
    if (o->min_size < 1)
        return ct_error_set(err, CT_EINVAL, "change points: min_size %d", o->min_size);
    if (o->max_points < 0)
        return ct_error_set(err, CT_EINVAL, "change points: max_points %d", o->max_points);
    if (o->mode != BENCH_CP_AUTO && o->mode != BENCH_CP_NOISY && o->mode != BENCH_CP_EXACT)
        return ct_error_set(err, CT_EINVAL, "change points: unknown mode %d", (int)o->mode);
    return CT_OK;
}

/* The state of one E-divisive run. */
typedef struct divisive {
    const double *z;
    const int *start;
    int npos, min_size;
    int nseg;
    int *seg_lo;              /* segment s = positions [seg_lo[s], seg_lo[s+1]) */
    bench_energy_split *best; /* best split of each segment of z, t/k relative */
    double *work, *scratch_a, *scratch_b;
    int *bnd;
} divisive;

static void segment_best(divisive *d, const double *data, int lo, int hi, bench_energy_split *out)
{
    int first = d->start[lo];
    for (int p = lo; p <= hi; p++) d->bnd[p - lo] = d->start[p] - first;
    bench_energy_best_split(data + first, d->start[hi] - first, d->bnd, hi - lo, d->min_size,
                            d->scratch_a, d->scratch_b, out);
}

static void shuffle(double *v, int n, ct_rng *rng)
{
    for (int i = n - 1; i > 0; i--) {
        int j = (int)ct_rng_below(rng, (uint64_t)i + 1);
        double t = v[i];
        v[i] = v[j];
        v[j] = t;
    }
}

/* The permutation p-value of a candidate with statistic q_obs. */
static double permutation_p(divisive *d, double q_obs, const bench_cp_options *o, ct_rng *rng)
{
    int n = d->start[d->npos], exceed = 0;
    memcpy(d->work, d->z, (size_t)n * sizeof *d->work);
    for (int r = 0; r < o->permutations; r++) {
        double q_max = -INFINITY;
        for (int s = 0; s < d->nseg; s++) {
            int lo = d->seg_lo[s], hi = d->seg_lo[s + 1];
            bench_energy_split sp;
            if (!d->best[s].found) continue; /* too short to split: contributes nothing */
            shuffle(d->work + d->start[lo], d->start[hi] - d->start[lo], rng);
            segment_best(d, d->work, lo, hi, &sp);
            if (sp.found && sp.q > q_max) q_max = sp.q;
        }
        if (q_max >= q_obs) exceed++;
        /* p can only grow: stop once it exceeds the significance level */
        if ((1.0 + exceed) / (o->permutations + 1.0) > o->significance) break;
    }
    return (1.0 + exceed) / (o->permutations + 1.0);
}

static int run_divisive(const double *z, const int *start, int npos, const bench_cp_options *o,
                        bench_change_point *cps, int *count, ct_error *err)
{
    int n = start[npos], rc = CT_OK;
    divisive d = {.z = z, .start = start, .npos = npos, .min_size = o->min_size, .nseg = 1};
    ct_rng rng;
    d.seg_lo = malloc((size_t)(npos + 1) * sizeof *d.seg_lo);
    d.best = malloc((size_t)npos * sizeof *d.best);
    d.work = malloc((size_t)n * sizeof *d.work);
    d.scratch_a = malloc((size_t)n * sizeof *d.scratch_a);
    d.scratch_b = malloc((size_t)n * sizeof *d.scratch_b);
    d.bnd = malloc((size_t)(npos + 1) * sizeof *d.bnd);
    *count = 0;
    if (!d.seg_lo || !d.best || !d.work || !d.scratch_a || !d.scratch_b || !d.bnd) {
        rc = ct_error_set(err, CT_ENOMEM, "change points: out of memory");
        goto done;
    }
    ct_rng_seed(&rng, o->seed);
    d.seg_lo[0] = 0;
    d.seg_lo[1] = npos;
    segment_best(&d, z, 0, npos, &d.best[0]);
    while (o->max_points == 0 || *count < o->max_points) {
        int s_best = -1, lo, cut;
        double p;
        for (int s = 0; s < d.nseg; s++)
            if (d.best[s].found && (s_best < 0 || d.best[s].q > d.best[s_best].q)) s_best = s;
        if (s_best < 0) break;
        p = permutation_p(&d, d.best[s_best].q, o, &rng);
        if (p > o->significance) break;
        lo = d.seg_lo[s_best];
        cut = lo + d.best[s_best].t;
        cps[*count] = (bench_change_point){.position = cut,
                                           .index = start[cut],
                                           .p_value = p,
                                           .q = d.best[s_best].q,
                                           .order = *count + 1};
        (*count)++;
        /* segment s_best becomes [lo, cut) and [cut, hi) */
        memmove(&d.seg_lo[s_best + 2], &d.seg_lo[s_best + 1],
                (size_t)(d.nseg - s_best) * sizeof *d.seg_lo);
        memmove(&d.best[s_best + 2], &d.best[s_best + 1],
                (size_t)(d.nseg - s_best - 1) * sizeof *d.best);
        d.seg_lo[s_best + 1] = cut;
        d.nseg++;
        segment_best(&d, z, lo, cut, &d.best[s_best]);
        segment_best(&d, z, cut, d.seg_lo[s_best + 2], &d.best[s_best + 1]);
    }
done:
    free(d.seg_lo);
    free(d.best);
    free(d.work);
    free(d.scratch_a);
    free(d.scratch_b);
    free(d.bnd);
    return rc;
}

/* Means of the final segments either side of every change point. */
static void fill_means(const double *z, const int *start, int npos, bench_change_point *cps,
                       int count)
{
    for (int c = 0; c < count; c++) {
        int lo = c ? cps[c - 1].position : 0, hi = c + 1 < count ? cps[c + 1].position : npos;
        int mid = cps[c].position;
        double sb = 0.0, sa = 0.0;
        for (int i = start[lo]; i < start[mid]; i++) sb += z[i];
        for (int i = start[mid]; i < start[hi]; i++) sa += z[i];
        cps[c].mean_before = sb / (start[mid] - start[lo]);
        cps[c].mean_after = sa / (start[hi] - start[mid]);
        cps[c].rel_step = bench_cp_rel_step(cps[c].mean_before, cps[c].mean_after);
    }
}

int bench_changepoints(const double *z, const int64_t *groups, int n, const bench_cp_options *opt,
                       bench_change_point *points, int capacity, int *count, int *exact,
                       ct_error *err)
{
    int *start, npos = 0, rc, found = 0, use_exact, bad;
    bench_change_point *cps;
    if (exact) *exact = 0;
    if (!z || !opt || !count || n < 1 || capacity < 0 || (capacity > 0 && !points))
        return ct_error_set(err, CT_EINVAL, "change points: bad arguments (n = %d)", n);
    *count = 0;
    if ((rc = check_options(opt, err)) != CT_OK) return rc;
    for (int i = 0; i < n; i++)
        if (!isfinite(z[i]))
            return ct_error_set(err, CT_ENAN, "change points: z[%d] not finite", i);
    start = malloc((size_t)(n + 1) * sizeof *start);
    cps = malloc((size_t)n * sizeof *cps);
    if (!start || !cps) {
        rc = ct_error_set(err, CT_ENOMEM, "change points: out of memory");
        goto done;
    }
    if ((rc = make_positions(groups, n, start, &npos, err)) != CT_OK) goto done;
    use_exact = bench_cp_is_piecewise_constant(z, start, npos, &bad);
    if (opt->mode == BENCH_CP_NOISY) use_exact = 0;
    if (opt->mode == BENCH_CP_EXACT) {
        if (bad >= 0) {
            rc = ct_error_set(err, CT_EINVAL,
                              "change points: position %d has differing samples, not a "
                              "deterministic metric",
                              bad);
            goto done;
        }
        use_exact = 1;
    }
    if (use_exact) {
        bench_cp_exact_scan(z, start, npos, cps, &found);
    } else {
        if ((rc = run_divisive(z, start, npos, opt, cps, &found, err)) != CT_OK) goto done;
        qsort(cps, (size_t)found, sizeof *cps, cmp_position);
        fill_means(z, start, npos, cps, found);
    }
    if (exact) *exact = use_exact;
    *count = found;
    if (found > capacity) {
        rc = ct_error_set(err, CT_EINVAL, "change points: %d found, room for %d", found, capacity);
        goto done;
    }
    if (found) memcpy(points, cps, (size_t)found * sizeof *cps);
done:
    free(start);
    free(cps);
    return rc;
}
