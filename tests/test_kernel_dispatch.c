/* test_kernel_dispatch.c -- the kernel registry, the default kernel, the row view and the metric adapter.
 *
 * Checks, against what __builtin_cpu_supports says independently:
 *  - ct_kernel_find returns, for every kind x precision, a kernel of that
 *    kind, precision and name (axes.def) with both entry points, exactly when
 *    the CPU has the ISA (and it is compiled in); otherwise NULL with a reason
 *    that says "CPU lacks ..." (only if the CPU really lacks it) or "not
 *    compiled"; unknown kinds and precisions give NULL and a reason;
 *  - ct_kernel_default(prec) is the auto kernel of the best ISA the CPU has
 *    among the compiled builds, and its isa field says which build;
 *  - every compiled kernel listed by the internal registry has a consistent
 *    name/isa pair;
 *  - ct_rows_view_f64 fills the view (v_stride = m, f64, 1/l) and refuses a
 *    dataset without a factor; ct_rows_query points at row r;
 *  - ct_kernel_metric_fn gives bitwise the dist_gather results, and both stay
 *    close to the reference metric.
 */
#include <math.h>
#include <string.h>

#include "ct/axes.h"
#include "ct/kernel.h"
#include "ct/metric.h"
#include "ct/status.h"
#include "ct/workload.h"
#include "testutil.h"
/* Internal list of every compiled kernel, including lower-ISA auto builds. */
#include "../variants/kernel/kernel_impl.h"

#define SEED 77u

static int cpu_avx2(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
    return 0;
#endif
}

static int cpu_avx512(void)
{
#if defined(__x86_64__) || defined(__i386__)
    return cpu_avx2() && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
           __builtin_cpu_supports("avx512vl");
#else
    return 0;
#endif
}

/* Is a kernel of this name/isa in the compiled list? */
static int compiled(const char *name, const char *isa, ct_precision prec)
{
    for (int i = 0; i < ct_kernel_compiled_count(); i++) {
        const ct_kernel *k = ct_kernel_compiled_get(i, NULL);
        if (k && strcmp(k->name, name) == 0 && strcmp(k->isa, isa) == 0 && k->precision == prec)
            return 1;
    }
    return 0;
}

static void check_registry(void)
{
    static const char *const isa_of_kind[CT_KERNEL_COUNT] = {NULL, "avx2", "avx512"};
    const int has[CT_KERNEL_COUNT] = {1, cpu_avx2(), cpu_avx512()};
    printf("  CPU: avx2+fma %d, avx512f/dq/vl %d\n", has[1], has[2]);
    CT_CHECK(CT_KERNEL_COUNT == 3, "axes.def lists %d kernels, this test knows 3", CT_KERNEL_COUNT);

    for (int kind = 0; kind < CT_KERNEL_COUNT; kind++)
        for (int prec = 0; prec < CT_PRECISION_COUNT; prec++) {
            const char *why = "unset";
            const ct_kernel *k = ct_kernel_find((ct_kernel_kind)kind, (ct_precision)prec, &why);
            const char *name = ct_axis_value_name(CT_AXIS_KERNEL, kind);
            const char *pname = ct_axis_value_name(CT_AXIS_PRECISION, prec);
            CT_CHECK(name && pname, "axis names of kernel %d / precision %d", kind, prec);
            if (!name || !pname) continue;
            int built = kind == 0 || compiled(name, isa_of_kind[kind], (ct_precision)prec);
            printf("  find(%s, %s): %s%s\n", name, pname, k ? k->isa : "NULL, ", k ? "" : why);
            if (k) {
                CT_CHECK(why == NULL, "find(%s,%s) found a kernel but set why '%s'", name, pname,
                         why);
                CT_CHECK((int)k->kind == kind && (int)k->precision == prec,
                         "find(%s,%s) returned kind %d precision %d", name, pname, (int)k->kind,
                         (int)k->precision);
                CT_CHECK(k->name && strcmp(k->name, name) == 0, "find(%s,%s) is named '%s'", name,
                         pname, k->name ? k->name : "(null)");
                CT_CHECK(k->dist_gather && k->dist_range, "find(%s,%s): missing entry point", name,
                         pname);
                CT_CHECK(has[kind], "find(%s,%s) returned a kernel the CPU cannot run", name,
                         pname);
            } else {
                CT_CHECK(why && *why, "find(%s,%s) = NULL without a reason", name, pname);
                if (!why) continue;
                if (strncmp(why, "CPU lacks", 9) == 0)
                    CT_CHECK(!has[kind], "find(%s,%s): '%s' but the CPU has it", name, pname, why);
                else
                    CT_CHECK(strncmp(why, "not compiled", 12) == 0 && !built,
                             "find(%s,%s): unexpected reason '%s'", name, pname, why);
                CT_CHECK(!(has[kind] && built),
                         "find(%s,%s) = NULL (%s) though CPU and build "
                         "have it",
                         name, pname, why);
            }
        }

    /* Unknown combinations. */
    const char *why = NULL;
    CT_CHECK(ct_kernel_find(CT_KERNEL_COUNT, CT_PRECISION_F64, &why) == NULL && why && *why,
             "unknown kernel kind must give NULL and a reason");
    why = NULL;
    CT_CHECK(ct_kernel_find((ct_kernel_kind)-1, CT_PRECISION_F64, &why) == NULL && why && *why,
             "negative kernel kind must give NULL and a reason");
    why = NULL;
    CT_CHECK(ct_kernel_find(CT_KERNEL_AUTO, CT_PRECISION_COUNT, &why) == NULL && why && *why,
             "unknown precision must give NULL and a reason");
    CT_CHECK(ct_kernel_find(CT_KERNEL_AVX512, (ct_precision)-3, NULL) == NULL,
             "unknown precision without why must give NULL");
    CT_CHECK(ct_kernel_default(CT_PRECISION_COUNT) == NULL, "default of unknown precision");

    /* The default kernel: auto at the best ISA the CPU has among the builds. */
    for (int prec = 0; prec < CT_PRECISION_COUNT; prec++) {
        const ct_kernel *d = ct_kernel_default((ct_precision)prec);
        const char *want = "x86-64";
        if (has[1] && compiled("auto", "avx2", (ct_precision)prec)) want = "avx2";
        if (has[2] && compiled("auto", "avx512", (ct_precision)prec)) want = "avx512";
        CT_CHECK(d != NULL, "ct_kernel_default(%d) is NULL", prec);
        if (!d) continue;
        CT_CHECK(d == ct_kernel_find(CT_KERNEL_AUTO, (ct_precision)prec, NULL),
                 "default(%d) differs from find(auto)", prec);
        CT_CHECK(d->kind == CT_KERNEL_AUTO && (int)d->precision == prec &&
                     strcmp(d->name, "auto") == 0,
                 "default(%d) is %s/%d", prec, d->name, (int)d->precision);
        CT_CHECK(strcmp(d->isa, want) == 0, "default(%d) runs the %s build, CPU says %s", prec,
                 d->isa, want);
        printf("  default(%s) = auto built for %s\n", prec ? "f32" : "f64", d->isa);
    }

    /* The compiled list: consistent, and each unavailable entry says why. */
    int n = ct_kernel_compiled_count(), autos = 0;
    CT_CHECK(n >= 2, "only %d kernels compiled", n);
    CT_CHECK(ct_kernel_compiled_get(n, NULL) == NULL && ct_kernel_compiled_get(-1, NULL) == NULL,
             "compiled_get out of range must be NULL");
    for (int i = 0; i < n; i++) {
        const char *w = "unset";
        const ct_kernel *k = ct_kernel_compiled_get(i, &w);
        CT_CHECK(k != NULL, "compiled kernel %d is NULL", i);
        if (!k) continue;
        int level = strcmp(k->isa, "avx512") == 0 ? 2 : strcmp(k->isa, "avx2") == 0 ? 1 : 0;
        CT_CHECK(strcmp(k->isa, "x86-64") == 0 || level > 0, "kernel %d: unknown isa %s", i,
                 k->isa);
        CT_CHECK(k->kind == CT_KERNEL_AUTO || strcmp(k->name, k->isa) == 0,
                 "intrinsics kernel %s compiled for %s", k->name, k->isa);
        CT_CHECK((w == NULL) == (level == 0 || has[level]),
                 "kernel %s/%s: availability '%s' "
                 "disagrees with the CPU",
                 k->name, k->isa, w ? w : "ok");
        if (k->kind == CT_KERNEL_AUTO) autos++;
    }
    CT_CHECK(autos >= 2, "baseline auto kernels missing");
}

/* The dataset view, the query row and the metric adapter. */
static void check_view_and_metric(void)
{
    ct_synthetic_spec spec;
    memset(&spec, 0, sizeof spec);
    spec.points = CT_POINTS_UNIFORM;
    spec.n = 300;
    spec.dim = 2;
    spec.m = 37;
    spec.cov.kind = CT_COVARIANCE_MATERN52;
    spec.cov.dim = 2;
    spec.cov.variance = 2.0;
    spec.cov.lengthscale[0] = 0.3;
    spec.cov.lengthscale[1] = 0.7;
    spec.seed = SEED;
    ct_dataset ds;
    memset(&ds, 0, sizeof ds);
    ct_error err;
    ct_error_clear(&err);
    int rc = ct_workload_synthesize(&spec, &ds, &err);
    CT_CHECK(rc == CT_OK, "ct_workload_synthesize: %s", err.msg);
    if (rc != CT_OK) return;

    ct_rows rows;
    memset(&rows, 0, sizeof rows);
    rc = ct_rows_view_f64(&ds, &rows);
    CT_CHECK(rc == CT_OK, "ct_rows_view_f64: %d", rc);
    CT_CHECK(rows.n == ds.n && rows.dim == 2 && rows.m == 37 && rows.v_stride == 37 &&
                 rows.precision == CT_PRECISION_F64 && rows.x == ds.x && rows.v == ds.v &&
                 rows.p == ds.p && rows.cov.kind == CT_COVARIANCE_MATERN52,
             "view fields do not describe the dataset");
    CT_CHECK(fabs(rows.inv_lengthscale[0] - 1.0 / 0.3) < 1e-15 &&
                 fabs(rows.inv_lengthscale[1] - 1.0 / 0.7) < 1e-15,
             "inv_lengthscale %g %g", rows.inv_lengthscale[0], rows.inv_lengthscale[1]);

    ct_query_row q = ct_rows_query(&rows, 123);
    CT_CHECK(q.self_row == 123 && q.x == ds.x + 123 * 2 && q.v == ds.v + 123 * 37 &&
                 q.p == ds.p[123],
             "ct_rows_query(123) does not point at row 123");

    /* The view refuses a dataset without its factor, or with a bad covariance. */
    ct_rows other;
    ct_dataset bad = ds;
    bad.v = NULL;
    CT_CHECK(ct_rows_view_f64(&bad, &other) == CT_EINVAL, "view of a dataset without V");
    bad = ds;
    bad.p = NULL;
    CT_CHECK(ct_rows_view_f64(&bad, &other) == CT_EINVAL, "view of a dataset without p");
    bad = ds;
    bad.cov.lengthscale[1] = 0.0;
    CT_CHECK(ct_rows_view_f64(&bad, &other) == CT_EINVAL, "view with a zero lengthscale");
    CT_CHECK(ct_rows_view_f64(NULL, &other) == CT_EINVAL, "view of NULL");

    /* The metric adapter is dist_gather on query row i, for every kernel. */
    int32_t js[64];
    double a[64], b[64];
    for (int t = 0; t < 64; t++) js[t] = (int32_t)((t * 97 + 11) % ds.n);
    js[5] = 200; /* the query itself */
    for (int kind = 0; kind < CT_KERNEL_COUNT; kind++) {
        const ct_kernel *k = ct_kernel_find((ct_kernel_kind)kind, CT_PRECISION_F64, NULL);
        if (!k) continue;
        ct_kernel_metric km = {&rows, k};
        ct_metric_fn fn = ct_kernel_metric_fn(&km);
        CT_CHECK(fn.ctx == &km && fn.dist_many != NULL, "metric fn of %s", k->name);
        fn.dist_many(fn.ctx, 200, js, 64, a);
        ct_query_row q200 = ct_rows_query(&rows, 200);
        k->dist_gather(&rows, &q200, js, 64, b);
        CT_CHECK(memcmp(a, b, sizeof a) == 0, "metric fn of %s differs from dist_gather", k->name);
        CT_CHECK(a[5] == 0.0, "metric fn of %s: d(i, i) = %g", k->name, a[5]);
        double worst = 0.0;
        for (int t = 0; t < 64; t++) {
            double e = fabs(a[t] - ct_metric_distance(&ds, 200, js[t]));
            if (e > worst) worst = e;
        }
        /* Loose sanity check only (test_kernel_conformance has the real bound). */
        CT_CHECK(worst < 1e-6, "metric fn of %s: max |d - d_ref| = %g", k->name, worst);
    }
    ct_dataset_free(&ds);
}

int main(void)
{
    printf("test_kernel_dispatch: seed %u\n", SEED);
    check_registry();
    check_view_and_metric();
    return ct_test_finish("test_kernel_dispatch");
}
