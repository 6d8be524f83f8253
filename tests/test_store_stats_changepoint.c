/* test_store_stats_changepoint.c -- change points (changepoint.h):
 *  - the energy statistic Q and the best (tau, kappa) split of a segment
 *    against tests/data/stats_energy_reference.csv (Q of every allowed split
 *    from a NumPy distance matrix), with and without groups;
 *  - whole E-divisive runs against tests/data/stats_edivisive_reference.csv
 *    (a Python transcription with the ct_rng port): the same change points
 *    and the same permutation p-values;
 *  - synthetic series drawn here with fixed seeds (deterministic): one step
 *    found at its index and nothing else, two steps, pure noise (at most 7
 *    of 50 series with a false change at p 0.05: 2.5 expected, P(>= 8) =
 *    0.003 for a correct 5 % test), groups
 *    never split, the minimum segment size respected (and the blip it hides
 *    found without it);
 *  - the exact path: a piecewise-constant grouped series reports every
 *    change at its position with p = 0, a one-commit blip included;
 *  - same seed, same answer; refusals (non-contiguous groups, NaN, too
 *    little room, a noisy series forced exact). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "changepoint.h"
#include "ct/rng.h"
#include "test_store_stats_common.h"
#include "testutil.h"

/* start[] of the positions of groups[0..n) (NULL: one sample each). */
static int positions_of(const double *groups, int n, int *start)
{
    int p = 0;
    for (int i = 0; i < n; i++)
        if (!groups || i == 0 || groups[i] != groups[i - 1]) start[p++] = i;
    start[p] = n;
    return p;
}

static void check_energy_reference(void)
{
    ref_table t;
    if (ref_read("stats_energy_reference.csv", 7, &t) != 0) return;
    CT_CHECK(t.rows >= 6, "only %d energy rows", t.rows);
    for (int r = 0; r < t.rows; r++) {
        double *z, *g = NULL;
        int n = ref_list(&t, r, 5, &z), min_size = atoi(ref_cell(&t, r, 1));
        int *start = malloc(((size_t)n + 1) * sizeof *start), npos;
        double *a = malloc((size_t)n * sizeof *a), *b = malloc((size_t)n * sizeof *b);
        const char *name = ref_cell(&t, r, 0);
        bench_energy_split sp;
        if (*ref_cell(&t, r, 6)) ref_list(&t, r, 6, &g);
        npos = positions_of(g, n, start);
        bench_energy_best_split(z, n, start, npos, min_size, a, b, &sp);
        CT_CHECK(sp.found, "%s: a split exists", name);
        CT_CHECK(sp.t == atoi(ref_cell(&t, r, 2)) && sp.k == atoi(ref_cell(&t, r, 3)),
                 "%s: split (%d, %d), reference (%s, %s)", name, sp.t, sp.k, ref_cell(&t, r, 2),
                 ref_cell(&t, r, 3));
        CT_CHECK(close_rel(sp.q, ref_double(&t, r, 4), 1e-10), "%s: Q %.17g, reference %.17g", name,
                 sp.q, ref_double(&t, r, 4));
        {
            int tau = start[sp.t], kappa = start[sp.k];
            double q = bench_energy_q(z, tau, kappa - tau);
            CT_CHECK(close_rel(q, ref_double(&t, r, 4), 1e-10), "%s: direct Q %.17g", name, q);
        }
        free(z);
        free(g);
        free(start);
        free(a);
        free(b);
    }
    ref_free(&t);
}

static void check_edivisive_reference(void)
{
    ref_table t;
    if (ref_read("stats_edivisive_reference.csv", 8, &t) != 0) return;
    CT_CHECK(t.rows >= 5, "only %d E-divisive rows", t.rows);
    for (int r = 0; r < t.rows; r++) {
        double *z, *g = NULL;
        int n = ref_list(&t, r, 6, &z), count = -1, exact = -1, want = 0;
        int64_t *groups = NULL;
        const char *name = ref_cell(&t, r, 0), *expected = ref_cell(&t, r, 5);
        bench_cp_options o;
        bench_change_point cp[64];
        ct_error err;
        bench_cp_options_default(&o);
        o.seed = strtoull(ref_cell(&t, r, 1), NULL, 10);
        o.permutations = atoi(ref_cell(&t, r, 2));
        o.significance = ref_double(&t, r, 3);
        o.min_size = atoi(ref_cell(&t, r, 4));
        if (*ref_cell(&t, r, 7)) {
            ref_list(&t, r, 7, &g);
            groups = malloc((size_t)n * sizeof *groups);
            for (int i = 0; i < n; i++) groups[i] = (int64_t)g[i];
        }
        CT_CHECK(bench_changepoints(z, groups, n, &o, cp, 64, &count, &exact, &err) == CT_OK,
                 "%s: %s", name, err.msg);
        CT_CHECK(exact == 0, "%s: noisy path", name);
        for (const char *s = expected; *s;) {
            char *end;
            long pos = strtol(s, &end, 10);
            double p = strtod(end + 1, &end);
            CT_CHECK(want < count && cp[want].position == pos &&
                         close_rel(cp[want].p_value, p, 1e-12),
                     "%s: change %d at %ld p %g, got %d at %d p %g", name, want, pos, p, count,
                     want < count ? cp[want].position : -1, want < count ? cp[want].p_value : -1);
            want++;
            s = *end == ';' ? end + 1 : end;
        }
        CT_CHECK(count == want, "%s: %d change points, reference %d", name, count, want);
        free(z);
        free(g);
        free(groups);
    }
    ref_free(&t);
}

static void noise(ct_rng *rng, double *z, int n, double mean)
{
    for (int i = 0; i < n; i++) z[i] = mean + ct_rng_normal(rng);
}

static int run(const double *z, const int64_t *g, int n, const bench_cp_options *o,
               bench_change_point *cp, int *exact)
{
    int count = -1;
    ct_error err;
    int rc = bench_changepoints(z, g, n, o, cp, n, &count, exact, &err);
    CT_CHECK(rc == CT_OK, "bench_changepoints: %s", err.msg);
    return rc == CT_OK ? count : -1;
}

static void check_steps(void)
{
    double z[150];
    bench_change_point cp[150];
    bench_cp_options o;
    int count, exact;
    ct_rng rng;
    bench_cp_options_default(&o);
    for (int seed = 0; seed < 5; seed++) { /* a 5-sigma step at 60 */
        ct_rng_seed(&rng, 100 + (uint64_t)seed);
        noise(&rng, z, 60, 10.0);
        noise(&rng, z + 60, 40, 15.0);
        o.seed = (uint64_t)seed;
        count = run(z, NULL, 100, &o, cp, &exact);
        CT_CHECK(count == 1 && cp[0].position == 60 && cp[0].index == 60,
                 "seed %d: one step at 60, got %d (first at %d)", seed, count,
                 count > 0 ? cp[0].position : -1);
        if (count == 1) {
            CT_CHECK(cp[0].p_value <= 0.05 && cp[0].order == 1 && !exact, "seed %d: p %g", seed,
                     cp[0].p_value);
            CT_CHECK(fabs(cp[0].mean_before - 10.0) < 0.5 && fabs(cp[0].mean_after - 15.0) < 0.5,
                     "seed %d: means %g, %g", seed, cp[0].mean_before, cp[0].mean_after);
            CT_CHECK(fabs(cp[0].rel_step - 0.5) < 0.08, "seed %d: relative step %g", seed,
                     cp[0].rel_step);
        }
    }
    for (int seed = 0; seed < 5; seed++) { /* two 3-sigma steps, 40 and 95, found within 3 */
        ct_rng_seed(&rng, 200 + (uint64_t)seed);
        noise(&rng, z, 40, 0.0);
        noise(&rng, z + 40, 55, 3.0);
        noise(&rng, z + 95, 55, -0.5);
        o.seed = (uint64_t)seed;
        count = run(z, NULL, 150, &o, cp, &exact);
        CT_CHECK(count == 2 && abs(cp[0].position - 40) <= 3 && abs(cp[1].position - 95) <= 3,
                 "seed %d: steps at 40 and 95, got %d (%d, %d)", seed, count,
                 count > 0 ? cp[0].position : -1, count > 1 ? cp[1].position : -1);
        if (count == 2)
            CT_CHECK(cp[0].mean_after == cp[1].mean_before, "seed %d: shared middle segment", seed);
    }
}

static void check_noise(void)
{
    enum { SERIES = 50, N = 100 };
    int flagged = 0;
    double z[N];
    bench_change_point cp[N];
    bench_cp_options o;
    bench_cp_options_default(&o);
    for (int s = 0; s < SERIES; s++) {
        ct_rng rng;
        int exact;
        ct_rng_seed(&rng, 900 + (uint64_t)s);
        noise(&rng, z, N, 50.0);
        o.seed = (uint64_t)s;
        flagged += run(z, NULL, N, &o, cp, &exact) > 0;
    }
    printf("pure noise: %d of %d series with a change point at p <= 0.05\n", flagged, SERIES);
    /* Binomial(50, 0.05): mean 2.5, P(X >= 8) = 0.003 */
    CT_CHECK(flagged <= 7, "%d of %d noise series flagged (expect ~2.5)", flagged, SERIES);
}

/* groups of `size` samples; a 4-sigma step starting inside a group */
static void check_groups(void)
{
    enum { POS = 40, SIZE = 5, N = POS * SIZE };
    double z[N];
    int64_t g[N];
    bench_change_point cp[N];
    bench_cp_options o;
    bench_cp_options_default(&o);
    for (int seed = 0; seed < 4; seed++) {
        ct_rng rng;
        int count, exact, at = 17 * SIZE + 1 + seed; /* the step begins mid-group 17 */
        ct_rng_seed(&rng, 300 + (uint64_t)seed);
        for (int i = 0; i < N; i++) {
            z[i] = (i < at ? 0.0 : 4.0) + ct_rng_normal(&rng);
            g[i] = 1000 + i / SIZE;
        }
        o.seed = (uint64_t)seed;
        count = run(z, g, N, &o, cp, &exact);
        CT_CHECK(count >= 1, "seed %d: the step is found", seed);
        for (int c = 0; c < count; c++)
            CT_CHECK(cp[c].index % SIZE == 0 && cp[c].index == cp[c].position * SIZE,
                     "seed %d: change at sample %d (position %d) splits a group", seed, cp[c].index,
                     cp[c].position);
        if (count >= 1)
            CT_CHECK(cp[0].position == 17 || cp[0].position == 18,
                     "seed %d: the step is at the group holding it or the next (%d)", seed,
                     cp[0].position);
    }
}

/* A 2-position blip in a long series: found when segments may be that
 * short, hidden when min_size forbids it; segments never shorter. */
static void check_min_size(void)
{
    enum { N = 80 };
    double z[N];
    bench_change_point cp[N];
    bench_cp_options o;
    ct_rng rng;
    int count, exact, found_blip = 0;
    ct_rng_seed(&rng, 4242);
    noise(&rng, z, N, 0.0);
    z[50] += 12.0;
    z[51] += 12.0;
    bench_cp_options_default(&o);
    o.min_size = 2;
    count = run(z, NULL, N, &o, cp, &exact);
    for (int c = 0; c < count; c++) found_blip |= cp[c].position == 50 || cp[c].position == 52;
    CT_CHECK(found_blip, "min_size 2: the blip at 50..51 is found (%d points)", count);
    for (int m = 3; m <= 10; m += 7) {
        int last = 0;
        o.min_size = m;
        count = run(z, NULL, N, &o, cp, &exact);
        for (int c = 0; c <= count; c++) {
            int next = c < count ? cp[c].position : N;
            CT_CHECK(next - last >= m, "min_size %d: a segment [%d, %d) is shorter", m, last, next);
            last = next;
        }
    }
}

static void check_exact_path(void)
{
    enum { POS = 30, SIZE = 4, N = POS * SIZE };
    double z[N], single[POS];
    int64_t g[N];
    bench_change_point cp[N];
    bench_cp_options o;
    int count, exact;
    ct_error err;
    bench_cp_options_default(&o);
    for (int i = 0; i < N; i++) {
        int p = i / SIZE;
        z[i] = p < 12 ? 1000.0 : (p < 20 ? 1100.0 : 1000.0);
        if (p == 25) z[i] = 1001.0; /* one commit: below any min_size */
        g[i] = p;
    }
    count = run(z, g, N, &o, cp, &exact);
    CT_CHECK(exact == 1, "AUTO takes the exact path for a constant-per-commit series");
    CT_CHECK(count == 4, "four changes (12, 20, 25, 26), got %d", count);
    if (count == 4) {
        const int want[] = {12, 20, 25, 26};
        for (int c = 0; c < 4; c++)
            CT_CHECK(cp[c].position == want[c] && cp[c].index == want[c] * SIZE &&
                         cp[c].p_value == 0.0 && isnan(cp[c].q),
                     "change %d at %d (index %d, p %g), want %d", c, cp[c].position, cp[c].index,
                     cp[c].p_value, want[c]);
        CT_CHECK(cp[0].mean_before == 1000.0 && cp[0].mean_after == 1100.0 &&
                     fabs(cp[0].rel_step - 0.1) < 1e-15,
                 "step 1000 -> 1100: %g -> %g (%g)", cp[0].mean_before, cp[0].mean_after,
                 cp[0].rel_step);
        CT_CHECK(fabs(cp[2].rel_step - 0.001) < 1e-15, "blip +0.1 %%: %g", cp[2].rel_step);
    }
    /* one sample per commit: AUTO cannot know, EXACT is told */
    for (int p = 0; p < POS; p++) single[p] = z[p * SIZE];
    count = run(single, NULL, POS, &o, cp, &exact);
    CT_CHECK(exact == 0, "one sample per position: AUTO stays noisy");
    o.mode = BENCH_CP_EXACT;
    count = run(single, NULL, POS, &o, cp, &exact);
    CT_CHECK(exact == 1 && count == 4 && cp[1].position == 20, "EXACT without groups: %d", count);
    /* a noisy position refuses EXACT; NOISY overrides AUTO */
    z[5] += 1.0;
    CT_CHECK(bench_changepoints(z, g, N, &o, cp, N, &count, &exact, &err) == CT_EINVAL,
             "EXACT with differing samples in a position must be refused");
    z[5] -= 1.0;
    o.mode = BENCH_CP_NOISY;
    count = run(z, g, N, &o, cp, &exact);
    CT_CHECK(exact == 0 && count >= 2, "NOISY on the same series: E-divisive (%d points)", count);
}

static void check_determinism_and_refusals(void)
{
    enum { N = 90 };
    double z[N];
    int64_t g[N];
    bench_change_point a[N], b[N];
    bench_cp_options o;
    int ca, cb, exact;
    ct_error err;
    ct_rng rng;
    ct_rng_seed(&rng, 77);
    noise(&rng, z, N, 0.0);
    for (int i = 45; i < N; i++) z[i] += 1.0; /* a weak step: p near the threshold */
    bench_cp_options_default(&o);
    o.seed = 12345;
    ca = run(z, NULL, N, &o, a, &exact);
    cb = run(z, NULL, N, &o, b, &exact);
    CT_CHECK(ca == cb && ca >= 1, "same seed, same count (%d, %d)", ca, cb);
    for (int c = 0; c < ca && c < cb; c++)
        CT_CHECK(a[c].position == b[c].position && a[c].p_value == b[c].p_value &&
                     a[c].q == b[c].q && a[c].order == b[c].order,
                 "same seed, same change point %d", c);
    for (int i = 0; i < N; i++) g[i] = i / 3;
    g[10] = 0; /* group 0 again after group 3 */
    CT_CHECK(bench_changepoints(z, g, N, &o, a, N, &ca, &exact, &err) == CT_EINVAL,
             "non-contiguous group must be refused");
    z[3] = NAN;
    CT_CHECK(bench_changepoints(z, NULL, N, &o, a, N, &ca, &exact, &err) == CT_ENAN,
             "NaN must be refused");
    {
        double steps[40];
        for (int i = 0; i < 40; i++) steps[i] = i / 10; /* 3 changes, exact */
        o.mode = BENCH_CP_EXACT;
        CT_CHECK(bench_changepoints(steps, NULL, 40, &o, a, 2, &ca, &exact, &err) == CT_EINVAL &&
                     ca == 3,
                 "too little room must be refused, with the count needed (%d)", ca);
    }
    {
        double flat[60];
        for (int i = 0; i < 60; i++) flat[i] = 7.0;
        o.mode = BENCH_CP_NOISY;
        CT_CHECK(run(flat, NULL, 60, &o, a, &exact) == 0,
                 "a constant series has no change (noisy)");
        o.mode = BENCH_CP_EXACT;
        CT_CHECK(run(flat, NULL, 60, &o, a, &exact) == 0,
                 "a constant series has no change (exact)");
    }
    o.mode = BENCH_CP_AUTO;
    o.significance = 0.0;
    CT_CHECK(bench_changepoints(z, NULL, N, &o, a, N, &ca, &exact, &err) == CT_EINVAL,
             "significance 0 must be refused");
}

int main(void)
{
    check_energy_reference();
    check_edivisive_reference();
    check_steps();
    check_noise();
    check_groups();
    check_min_size();
    check_exact_path();
    check_determinism_and_refusals();
    return ct_test_finish("test_store_stats_changepoint");
}
