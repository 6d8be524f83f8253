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
#include "ct/workload.h"
#include "knn.h"
#include "numbers.h"

static const char *const knn_usage =
    "usage: ctbench knn [--points P.npy [--inducing-indices I.npy | --inducing M]\n"
    "                    [--v V.npy [--p p.npy]]]\n"
    "                   [--n N] [--dim D] [--seed S]\n"
    "                   [--generator normal|uniform|clustered|duplicates|duplicates10]\n"
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
static int parse_knn_options(int argc, char **argv, bench_knn_request *opt)
{
    long v;
    int c, dim_given = 0, lengthscale_count = 1, m_given = 0;
    double ls[CT_MAX_DIM] = {1.0};

    bench_knn_request_default(opt);

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
                BAD("--generator: unknown generator '%s' (expected normal, uniform, clustered, "
                    "duplicates or duplicates10)",
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
            c = ct_covariance_kind_find(optarg);
            if (c < 0) BAD("--kernel: unknown kernel '%s' (expected rbf or matern52)", optarg);
            opt->src.cov.kind = (ct_covariance_kind)c;
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
            if (bench_parse_long(optarg, 1, 1024, &v))
                BAD("--threads: '%s' is not in 1..1024", optarg);
            opt->threads = (int)v;
            break;
        case OPT_INSERTION: {
            int o = ct_axis_value_find(CT_AXIS_ORDER, optarg);
            if (o < 0 || o == CT_ORDER_BFS)
                BAD("--insertion-order: '%s' is not natural, hilbert or morton", optarg);
            opt->insertion = (ct_order)o;
            break;
        }
        case OPT_BASE:
            if (bench_parse_positive_double(optarg, &opt->build.base) || opt->build.base <= 1.0)
                BAD("--base: '%s' is not a number > 1", optarg);
            break;
        case OPT_SI:
            c = ct_si_mode_find(optarg);
            if (c < 0) BAD("--si: '%s' is not sum or exact", optarg);
            opt->build.si_mode = (ct_si_mode)c;
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

static void print_report(const bench_knn_request *req, const bench_knn_report *rep)
{
    double q = rep->query_s > 0 ? rep->query_s : 1e-12;
    fprintf(stderr, "variant:   %s (%s)\n", req->variant,
            rep->exact_variant ? "exact" : "approximate");
    fprintf(stderr, "workload:  n %d, dim %d, m %d, queries %d, k %d%s%s, threads %d\n",
            (int)rep->n, rep->dim, rep->m, (int)rep->nq, req->spec.k,
            req->spec.predecessor ? ", predecessor" : "",
            req->spec.exclude_self ? ", exclude-self" : "", rep->threads);
    fprintf(stderr, "factor:    %.3f s\n", rep->factor_s);
    if (rep->has_tree)
        fprintf(stderr, "build:     %.3f s (insertion %s, base %g, si %s, depth %d)\n",
                rep->build_s, ct_axis_value_name(CT_AXIS_ORDER, req->insertion), req->build.base,
                ct_si_mode_name(req->build.si_mode), rep->tree_depth);
    fprintf(stderr, "lower:     %.3f s\n", rep->lower_s);
    fprintf(stderr,
            "query:     %.3f s, %.1f queries/s, %.1f distance evaluations/query, %.1f nodes "
            "visited/query\n",
            rep->query_s, rep->nq / q, (double)rep->work.dist_evals / rep->nq,
            (double)rep->work.nodes_visited / rep->nq);
    if (rep->verified)
        fprintf(stderr,
                "verify:    %s: %d/%d queries exact (tie-aware: tol %.0e on d or the float64 "
                "rounding bound on d^2), recall@%d %.6f, max "
                "distance error %.3g (oracle %.2f s)\n",
                rep->exact_variant ? "exact variant" : "approximate variant",
                (int)rep->exact_queries, (int)rep->checked_queries, CT_TIE_TOLERANCE_F64,
                req->spec.k, rep->recall, rep->max_distance_error, rep->oracle_s);
}

int bench_cli_knn(int argc, char **argv)
{
    bench_knn_request req;
    bench_knn_report rep;
    ct_error err;
    int rc;

    ct_error_clear(&err);
    rc = parse_knn_options(argc, argv, &req);
    if (rc != 0) return rc > 0 ? BENCH_EXIT_OK : BENCH_EXIT_ERROR;
    rc = bench_knn_run(&req, &rep, &err);
    if (rep.nq > 0 && (rc == CT_OK || rc == CT_EVERIFY || rep.query_s > 0))
        print_report(&req, &rep);
    if (rc == CT_OK) return BENCH_EXIT_OK;
    bench_cli_error("knn", "%s", err.msg[0] ? err.msg : ct_status_str(rc));
    return bench_cli_exit_code(rc);
}
