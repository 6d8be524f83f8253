/* cli_knn.c -- `ctbench knn`: the user-facing k-NN contract.
 *
 * Loads (or generates) a workload, answers its queries with one variant and
 * writes `query,rank,index,distance` rows to a CSV (written to a temporary
 * file and renamed, so a failure never leaves a half-written output).  Timing
 * and work counters go to stderr; `--verify` checks the answer against the
 * float64 oracle.  Any bad argument: one line on stderr, exit 2.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cli_common.h"
#include "ct/alloc.h"
#include "ct/npy.h"
#include "ct/workload.h"
#include "pipeline.h"
#include "workload_source.h"

static const char *const knn_usage =
    "usage: ctbench knn [--points P.npy [--inducing-indices I.npy | --inducing M]\n"
    "                    [--v V.npy [--p p.npy]]]\n"
    "                   [--n N] [--dim D] [--generator normal|uniform|clustered] [--seed S]\n"
    "                   [--kernel rbf|matern52] [--variance S2] [--lengthscale L[,L2,...]]\n"
    "                   (--queries Q.npy | --query-count Q | --all-queries) [--k K]\n"
    "                   [--predecessor] [--exclude-self] [--variant NAME] [--threads T]\n"
    "                   [--insertion-order natural|hilbert|morton] [--base B] [--si sum|exact]\n"
    "                   [--verify] --out FILE.csv\n\n"
    "Exact k nearest neighbours under the residual-correlation distance.\n"
    "Without --points a synthetic workload is generated from --n (32768), --dim (3)\n"
    "and --seed (1); inducing points default to min(512, N) drawn with seed+1,\n"
    "--query-count draws query indices with seed+2.  Defaults: rbf, variance 1,\n"
    "lengthscale 1, k 50, variant ll.natural.indirect.level.auto.f64 (`brute` is\n"
    "the float64 oracle; `ctbench list` shows all).  The CSV has one row per\n"
    "neighbour: query (dataset index), rank (from 0), index (-1 for padding),\n"
    "distance; rows sorted by (distance, index).  --verify compares the answer with\n"
    "the oracle and fails (exit 1) if an exact variant is not exact.\n";

typedef struct knn_options {
    bench_workload_source src;
    const char *queries_path;
    long query_count; /* -1 when not given */
    int all_queries;
    ct_query_spec spec;
    const char *variant;
    long threads;
    bench_tree_spec tree;
    const char *out_path;
    int verify;
} knn_options;

enum {
    OPT_POINTS = 256,
    OPT_INDUCING_INDICES,
    OPT_INDUCING,
    OPT_V,
    OPT_P,
    OPT_N,
    OPT_DIM,
    OPT_GENERATOR,
    OPT_SEED,
    OPT_KERNEL,
    OPT_VARIANCE,
    OPT_LENGTHSCALE,
    OPT_QUERIES,
    OPT_QUERY_COUNT,
    OPT_ALL_QUERIES,
    OPT_K,
    OPT_PREDECESSOR,
    OPT_EXCLUDE_SELF,
    OPT_VARIANT,
    OPT_THREADS,
    OPT_INSERTION,
    OPT_BASE,
    OPT_SI,
    OPT_VERIFY,
    OPT_OUT,
    OPT_HELP
};

static const struct option knn_long_options[] = {
    {"points", required_argument, NULL, OPT_POINTS},
    {"inducing-indices", required_argument, NULL, OPT_INDUCING_INDICES},
    {"inducing", required_argument, NULL, OPT_INDUCING},
    {"v", required_argument, NULL, OPT_V},
    {"p", required_argument, NULL, OPT_P},
    {"n", required_argument, NULL, OPT_N},
    {"dim", required_argument, NULL, OPT_DIM},
    {"generator", required_argument, NULL, OPT_GENERATOR},
    {"seed", required_argument, NULL, OPT_SEED},
    {"kernel", required_argument, NULL, OPT_KERNEL},
    {"variance", required_argument, NULL, OPT_VARIANCE},
    {"lengthscale", required_argument, NULL, OPT_LENGTHSCALE},
    {"queries", required_argument, NULL, OPT_QUERIES},
    {"query-count", required_argument, NULL, OPT_QUERY_COUNT},
    {"all-queries", no_argument, NULL, OPT_ALL_QUERIES},
    {"k", required_argument, NULL, OPT_K},
    {"predecessor", no_argument, NULL, OPT_PREDECESSOR},
    {"exclude-self", no_argument, NULL, OPT_EXCLUDE_SELF},
    {"variant", required_argument, NULL, OPT_VARIANT},
    {"threads", required_argument, NULL, OPT_THREADS},
    {"insertion-order", required_argument, NULL, OPT_INSERTION},
    {"base", required_argument, NULL, OPT_BASE},
    {"si", required_argument, NULL, OPT_SI},
    {"verify", no_argument, NULL, OPT_VERIFY},
    {"out", required_argument, NULL, OPT_OUT},
    {"help", no_argument, NULL, OPT_HELP},
    {NULL, 0, NULL, 0}};

#define BAD(...)                             \
    do {                                     \
        bench_cli_error("knn", __VA_ARGS__); \
        return -1;                           \
    } while (0)

/* Parse argv into opt; 1 = --help printed, 0 = ok, -1 = error printed. */
static int parse_knn_options(int argc, char **argv, knn_options *opt)
{
    long v;
    int c, dim_given = 0, lengthscale_count = 1, m_given = 0;
    double ls[CT_MAX_DIM] = {1.0};

    memset(opt, 0, sizeof *opt);
    opt->src.synthetic.points = CT_POINTS_NORMAL;
    opt->src.synthetic.n = 32768;
    opt->src.synthetic.dim = 3;
    opt->src.synthetic.seed = 1;
    opt->src.seed = 1;
    opt->src.cov.kind = CT_COVARIANCE_RBF;
    opt->src.cov.variance = 1.0;
    opt->query_count = -1;
    opt->spec.k = 50;
    opt->variant = "ll.natural.indirect.level.auto.f64";
    opt->threads = 0;
    bench_tree_spec_default(&opt->tree);

    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":", knn_long_options, NULL)) != -1) {
        switch (c) {
        case OPT_POINTS: opt->src.points_path = optarg; break;
        case OPT_INDUCING_INDICES: opt->src.inducing_path = optarg; break;
        case OPT_INDUCING:
            if (bench_parse_long(optarg, 1, 1 << 20, &v))
                BAD("--inducing: '%s' is not a positive count", optarg);
            opt->src.m = (int)v;
            m_given = 1;
            break;
        case OPT_V: opt->src.v_path = optarg; break;
        case OPT_P: opt->src.p_path = optarg; break;
        case OPT_N:
            if (bench_parse_long(optarg, 1, INT32_MAX - 1, &v))
                BAD("--n: '%s' is not a positive point count", optarg);
            opt->src.synthetic.n = (int32_t)v;
            break;
        case OPT_DIM:
            if (bench_parse_long(optarg, 1, CT_MAX_DIM, &v))
                BAD("--dim: '%s' is not in 1..%d", optarg, CT_MAX_DIM);
            opt->src.synthetic.dim = (int)v;
            dim_given = 1;
            break;
        case OPT_GENERATOR: {
            int g = ct_points_kind_from_name(optarg);
            if (g < 0)
                BAD("--generator: unknown generator '%s' (expected normal, uniform or clustered)",
                    optarg);
            opt->src.synthetic.points = (ct_points_kind)g;
            break;
        }
        case OPT_SEED:
            if (bench_parse_u64(optarg, &opt->src.seed))
                BAD("--seed: '%s' is not a non-negative integer", optarg);
            opt->src.synthetic.seed = opt->src.seed;
            break;
        case OPT_KERNEL:
            if (!strcmp(optarg, "rbf")) opt->src.cov.kind = CT_COVARIANCE_RBF;
            else if (!strcmp(optarg, "matern52")) opt->src.cov.kind = CT_COVARIANCE_MATERN52;
            else BAD("--kernel: unknown kernel '%s' (expected rbf or matern52)", optarg);
            break;
        case OPT_VARIANCE:
            if (bench_parse_positive_double(optarg, &opt->src.cov.variance))
                BAD("--variance: '%s' is not a positive number", optarg);
            break;
        case OPT_LENGTHSCALE:
            lengthscale_count = bench_parse_double_list(optarg, ls, CT_MAX_DIM);
            if (lengthscale_count < 1)
                BAD("--lengthscale: '%s' is not a comma list of positive numbers", optarg);
            break;
        case OPT_QUERIES: opt->queries_path = optarg; break;
        case OPT_QUERY_COUNT:
            if (bench_parse_long(optarg, 1, INT32_MAX - 1, &opt->query_count))
                BAD("--query-count: '%s' is not a positive count", optarg);
            break;
        case OPT_ALL_QUERIES: opt->all_queries = 1; break;
        case OPT_K:
            if (bench_parse_long(optarg, 1, INT32_MAX - 1, &v))
                BAD("--k: '%s' is not a positive integer", optarg);
            opt->spec.k = (int)v;
            break;
        case OPT_PREDECESSOR: opt->spec.predecessor = 1; break;
        case OPT_EXCLUDE_SELF: opt->spec.exclude_self = 1; break;
        case OPT_VARIANT: opt->variant = optarg; break;
        case OPT_THREADS:
            if (bench_parse_long(optarg, 1, 1024, &opt->threads))
                BAD("--threads: '%s' is not in 1..1024", optarg);
            break;
        case OPT_INSERTION: {
            int o = ct_axis_value_find(CT_AXIS_ORDER, optarg);
            if (o < 0 || o == CT_ORDER_BFS)
                BAD("--insertion-order: '%s' is not natural, hilbert or morton", optarg);
            opt->tree.insertion = (ct_order)o;
            break;
        }
        case OPT_BASE:
            if (bench_parse_positive_double(optarg, &opt->tree.params.base) ||
                opt->tree.params.base <= 1.0)
                BAD("--base: '%s' is not a number > 1", optarg);
            break;
        case OPT_SI:
            if (!strcmp(optarg, "sum")) opt->tree.params.si_mode = CT_SI_SUM;
            else if (!strcmp(optarg, "exact")) opt->tree.params.si_mode = CT_SI_EXACT;
            else BAD("--si: '%s' is not sum or exact", optarg);
            break;
        case OPT_VERIFY: opt->verify = 1; break;
        case OPT_OUT: opt->out_path = optarg; break;
        case OPT_HELP: fputs(knn_usage, stdout); return 1;
        case ':': BAD("option '%s' needs a value", argv[optind - 1]);
        case '?':
        default: BAD("unknown option '%s' (try ctbench knn --help)", argv[optind - 1]);
        }
    }
    if (optind < argc) BAD("unexpected argument '%s'", argv[optind]);
    if (!opt->out_path) BAD("--out FILE.csv is required");
    if (!!opt->queries_path + (opt->query_count > 0) + opt->all_queries != 1)
        BAD("give exactly one of --queries Q.npy, --query-count Q or --all-queries");
    if (opt->src.points_path && (dim_given))
        BAD("--dim applies to generated points only; --points gives the dimension");
    if (opt->src.inducing_path && m_given) BAD("give --inducing-indices or --inducing, not both");
    if (opt->src.v_path && (opt->src.inducing_path || m_given))
        BAD("--v gives the factor; inducing options do not apply");
    if ((opt->src.v_path || opt->src.p_path) && !opt->src.points_path) BAD("--v/--p need --points");
    if (lengthscale_count > 1 && !opt->src.points_path &&
        lengthscale_count != opt->src.synthetic.dim)
        BAD("--lengthscale has %d values but --dim is %d", lengthscale_count,
            opt->src.synthetic.dim);
    memcpy(opt->src.cov.lengthscale, ls, sizeof ls);
    opt->src.lengthscale_count = lengthscale_count;
    if (lengthscale_count == 1)
        for (c = 1; c < CT_MAX_DIM; c++) opt->src.cov.lengthscale[c] = ls[0];
    opt->src.cov.dim = opt->src.synthetic.dim;
    opt->src.synthetic.cov = opt->src.cov;
    opt->src.synthetic.m = opt->src.m > 0
                               ? opt->src.m
                               : (opt->src.synthetic.n < 512 ? (int)opt->src.synthetic.n : 512);
    if (!opt->src.points_path && opt->src.synthetic.m > opt->src.synthetic.n)
        BAD("--inducing %d is larger than --n %d", opt->src.synthetic.m, (int)opt->src.synthetic.n);
    return 0;
}

static int load_queries(const knn_options *opt, int32_t n, int32_t **queries, int32_t *nq,
                        ct_error *err)
{
    int32_t i;
    if (opt->queries_path) {
        int64_t count = 0;
        int rc = ct_npy_load_index(opt->queries_path, n, queries, &count, err);
        if (rc != CT_OK) return rc;
        if (count < 1) return ct_error_set(err, CT_EINVAL, "%s: no queries", opt->queries_path);
        *nq = (int32_t)count;
        return CT_OK;
    }
    *nq = opt->all_queries ? n : (int32_t)opt->query_count;
    *queries = ct_malloc_array((size_t)*nq, sizeof **queries);
    if (!*queries) return ct_error_set(err, CT_ENOMEM, "out of memory for %d queries", (int)*nq);
    if (opt->all_queries) {
        for (i = 0; i < n; i++) (*queries)[i] = i;
        return CT_OK;
    }
    return ct_queries_draw(n, *nq, opt->src.seed + 2, *queries);
}

/* Write the CSV next to its destination and rename it into place. */
static int write_knn_csv(const char *path, const int32_t *queries, const ct_knn_result *res,
                         ct_error *err)
{
    size_t len = strlen(path);
    char *tmp = malloc(len + 16);
    FILE *f;
    int fd, ok = 1;
    int32_t q;
    if (!tmp) return ct_error_set(err, CT_ENOMEM, "out of memory");
    snprintf(tmp, len + 16, "%s.tmp.XXXXXX", path);
    fd = mkstemp(tmp);
    if (fd < 0 || !(f = fdopen(fd, "w"))) {
        if (fd >= 0) close(fd);
        ct_error_set(err, CT_EIO, "cannot write %s: %s", path, strerror(errno));
        free(tmp);
        return CT_EIO;
    }
    if (fprintf(f, "query,rank,index,distance\n") < 0) ok = 0;
    for (q = 0; q < res->nq && ok; q++) {
        int r;
        for (r = 0; r < res->k; r++) {
            size_t at = (size_t)q * res->k + r;
            if (fprintf(f, "%d,%d,%d,%.17g\n", (int)queries[q], r, (int)res->idx[at],
                        res->dist[at]) < 0) {
                ok = 0;
                break;
            }
        }
    }
    if (fflush(f) != 0 || fsync(fileno(f)) != 0) ok = 0;
    if (fclose(f) != 0) ok = 0;
    if (!ok || rename(tmp, path) != 0) {
        ct_error_set(err, CT_EIO, "cannot write %s: %s", path, strerror(errno));
        unlink(tmp);
        free(tmp);
        return CT_EIO;
    }
    free(tmp);
    return CT_OK;
}

static int verify_against_oracle(const ct_dataset *ds, const int32_t *queries, int32_t nq,
                                 const ct_query_spec *spec, const ct_variant *v,
                                 const ct_knn_result *res, ct_error *err)
{
    ct_knn_result oracle = {0};
    ct_compare_report rep;
    int exact = ct_variant_is_exact(v);
    int64_t t0 = bench_now_ns();
    int rc = ct_knn_result_alloc(&oracle, nq, spec->k);
    if (rc != CT_OK) return ct_error_set(err, rc, "out of memory for the oracle");
    rc = ct_oracle_knn(ds, queries, nq, spec, &oracle, err);
    if (rc == CT_OK)
        rc = ct_knn_compare(ds, queries, spec, &oracle, res, CT_TIE_TOLERANCE_F64, &rep);
    if (rc == CT_OK) {
        fprintf(stderr,
                "verify:    %s: %d/%d queries exact (tie-aware, tol %.0e), recall@%d %.6f, "
                "max distance error %.3g (oracle %.2f s)\n",
                exact ? "exact variant" : "approximate variant", (int)rep.exact_queries,
                (int)rep.queries, CT_TIE_TOLERANCE_F64, spec->k, rep.recall, rep.max_distance_error,
                (double)(bench_now_ns() - t0) * 1e-9);
        if (exact && rep.exact_queries != rep.queries)
            rc = ct_error_set(err, CT_EVERIFY,
                              "variant is not exact: query %d (dataset index %d) "
                              "differs from the oracle",
                              (int)rep.first_bad_query, (int)queries[rep.first_bad_query]);
    } else if (err->msg[0] == '\0') {
        ct_error_set(err, rc, "verification failed: %s", ct_status_str(rc));
    }
    ct_knn_result_free(&oracle);
    return rc;
}

int bench_cli_knn(int argc, char **argv)
{
    knn_options opt;
    ct_error err;
    ct_dataset ds;
    ct_tree tree;
    ct_variant variant;
    bench_prepared prep;
    ct_search_params sp;
    ct_knn_result res = {0};
    ct_work work;
    int32_t *queries = NULL, nq = 0;
    double factor_s = 0, build_s = 0, lower_s = 0, query_s;
    int64_t t0;
    int rc, exit_code = BENCH_EXIT_USAGE, have_tree = 0, have_prep = 0;

    memset(&ds, 0, sizeof ds);
    memset(&tree, 0, sizeof tree);
    ct_error_clear(&err);
    rc = parse_knn_options(argc, argv, &opt);
    if (rc != 0) return rc > 0 ? BENCH_EXIT_OK : BENCH_EXIT_USAGE;
    if (ct_variant_parse(opt.variant, &variant, &err) != CT_OK) {
        bench_cli_error("knn", "%s", err.msg);
        return BENCH_EXIT_USAGE;
    }
    if (ct_variant_available(&variant, &err) != CT_OK) {
        bench_cli_error("knn", "variant %s is not available here: %s", opt.variant, err.msg);
        return BENCH_EXIT_USAGE;
    }
    if (opt.threads > 0) omp_set_num_threads((int)opt.threads);

    rc = bench_workload_load(&opt.src, &ds, &factor_s, &err);
    if (rc != CT_OK) goto fail;
    rc = ct_query_spec_check(&opt.spec, ds.n, &err);
    if (rc != CT_OK) goto fail;
    rc = load_queries(&opt, ds.n, &queries, &nq, &err);
    if (rc != CT_OK) goto fail;
    if (variant.family == CT_VARIANT_TREE) {
        rc = bench_tree_build(&ds, &opt.tree, &tree, &build_s, &err);
        if (rc != CT_OK) goto fail;
        have_tree = 1;
    }
    rc = bench_prepare(&ds, have_tree ? &tree : NULL, &variant, &prep, &lower_s, &err);
    if (rc != CT_OK) goto fail;
    have_prep = 1;
    rc = ct_knn_result_alloc(&res, nq, opt.spec.k);
    if (rc != CT_OK) {
        ct_error_set(&err, rc, "out of memory for %d x %d results", (int)nq, opt.spec.k);
        goto fail;
    }
    bench_search_params(&variant, &opt.spec, &sp);
    t0 = bench_now_ns();
    rc = bench_execute(&prep, queries, nq, &sp, &res, &work, &err);
    query_s = (double)(bench_now_ns() - t0) * 1e-9;
    if (rc != CT_OK) goto fail;

    fprintf(stderr, "variant:   %s (%s)\n", opt.variant,
            ct_variant_is_exact(&variant) ? "exact" : "approximate");
    fprintf(stderr, "workload:  n %d, dim %d, m %d, queries %d, k %d%s%s, threads %d\n", (int)ds.n,
            ds.dim, ds.m, (int)nq, opt.spec.k, opt.spec.predecessor ? ", predecessor" : "",
            opt.spec.exclude_self ? ", exclude-self" : "", omp_get_max_threads());
    fprintf(stderr, "factor:    %.3f s\n", factor_s);
    if (have_tree)
        fprintf(stderr, "build:     %.3f s (insertion %s, base %g, si %s, depth %d)\n", build_s,
                ct_axis_value_name(CT_AXIS_ORDER, opt.tree.insertion), opt.tree.params.base,
                opt.tree.params.si_mode == CT_SI_EXACT ? "exact" : "sum", (int)tree.depth);
    fprintf(stderr, "lower:     %.3f s\n", lower_s);
    fprintf(stderr,
            "query:     %.3f s, %.1f queries/s, %.1f distance evaluations/query, "
            "%.1f nodes visited/query\n",
            query_s, nq / (query_s > 0 ? query_s : 1e-12), (double)work.dist_evals / nq,
            (double)work.nodes_visited / nq);
    if (opt.verify) {
        rc = verify_against_oracle(&ds, queries, nq, &opt.spec, &variant, &res, &err);
        if (rc != CT_OK) {
            exit_code = BENCH_EXIT_FAIL;
            goto fail;
        }
    }
    rc = write_knn_csv(opt.out_path, queries, &res, &err);
    if (rc != CT_OK) {
        exit_code = BENCH_EXIT_FAIL;
        goto fail;
    }
    exit_code = BENCH_EXIT_OK;
    goto cleanup;
fail:
    bench_cli_error("knn", "%s", err.msg[0] ? err.msg : ct_status_str(rc));
    if (rc == CT_ENOMEM || rc == CT_EINTERNAL || rc == CT_ENUMERIC) exit_code = BENCH_EXIT_FAIL;
cleanup:
    ct_knn_result_free(&res);
    if (have_prep) bench_prepared_free(&prep);
    if (have_tree) ct_tree_free(&tree);
    ct_free(queries);
    ct_dataset_free(&ds);
    return exit_code;
}
