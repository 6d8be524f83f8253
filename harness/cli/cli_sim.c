/* cli_sim.c -- `ctbench sim-query` (hidden): the child that `ctbench run
 * --counters sim` starts under valgrind's callgrind.
 *
 *   ctbench sim-query --state FILE --variant NAME --k K --queries NQ
 *                     [--predecessor] [--exclude-self]
 *
 * Loads the dataset, tree and query batch the parent wrote (sim_state.h),
 * lowers the variant's layout, and runs the first NQ queries on one thread
 * with callgrind's instrumentation switched on only around the engine call
 * (CALLGRIND_START/STOP_INSTRUMENTATION; no-ops outside valgrind).  Prints the
 * answer hash.  Exit 0, 1 on failure (one line on stderr), 2 on bad usage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ct/knn.h"
#include "ct/variant.h"
#include "ct/run.h"
#include "numbers.h"
#include "sim_state.h"
#include "verify.h"

#ifdef CT_HAVE_CALLGRIND_H
#include <valgrind/callgrind.h>
#else
#define CALLGRIND_START_INSTRUMENTATION
#define CALLGRIND_STOP_INSTRUMENTATION
#endif

int bench_cli_sim_query(int argc, char **argv)
{
    const char *state_path = NULL, *variant = NULL;
    long k = 0, nq = 0;
    ct_query_spec spec = {0, 0, 0};
    bench_sim_state st;
    ct_setup setup;
    ct_prepared prep;
    ct_search_params sp;
    ct_knn_result res;
    ct_work work;
    ct_variant v;
    ct_error err;
    int rc, code = BENCH_EXIT_ERROR;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--predecessor")) {
            spec.predecessor = 1;
        } else if (!strcmp(a, "--exclude-self")) {
            spec.exclude_self = 1;
        } else if (i + 1 < argc && !strcmp(a, "--state")) {
            state_path = argv[++i];
        } else if (i + 1 < argc && !strcmp(a, "--variant")) {
            variant = argv[++i];
        } else if (i + 1 < argc && !strcmp(a, "--k")) {
            if (bench_parse_long(argv[++i], 1, 2147483646L, &k) != 0) k = 0;
        } else if (i + 1 < argc && !strcmp(a, "--queries")) {
            if (bench_parse_long(argv[++i], 1, 2147483646L, &nq) != 0) nq = 0;
        } else {
            bench_cli_error("sim-query", "bad argument '%s'", a);
            return BENCH_EXIT_ERROR;
        }
    }
    if (!state_path || !variant || k <= 0 || nq <= 0) {
        bench_cli_error("sim-query", "needs --state FILE --variant NAME --k K --queries NQ");
        return BENCH_EXIT_ERROR;
    }
    ct_error_clear(&err);
    if (ct_variant_parse(variant, &v, &err) != CT_OK) {
        bench_cli_error("sim-query", "variant '%s': %s", variant, err.msg);
        return BENCH_EXIT_ERROR;
    }
    ct_run_set_threads(1);
    if (bench_sim_state_read(state_path, &st, &err) != CT_OK) {
        bench_cli_error("sim-query", "%s", err.msg);
        return BENCH_EXIT_ERROR;
    }
    memset(&res, 0, sizeof res);
    if (nq > st.nq) nq = st.nq;
    spec.k = (int)k;
    if (ct_variant_needs_tree(&v) && !st.has_tree) {
        bench_cli_error("sim-query", "the state has no tree for tree variant %s", variant);
        goto done;
    }
    rc = ct_run_setup(&st.ds, st.has_tree ? &st.tree : NULL, &v, &setup, &err);
    if (rc == CT_OK) {
        rc = ct_run_prepare(&setup, &v, &prep, &err);
        if (rc != CT_OK) ct_run_setup_free(&setup);
    }
    if (rc != CT_OK) {
        bench_cli_error("sim-query", "%s: %s", variant, err.msg);
        goto done;
    }
    if (ct_knn_result_alloc(&res, (int32_t)nq, spec.k) != CT_OK) {
        bench_cli_error("sim-query", "out of memory");
        ct_run_prepared_free(&prep);
        ct_run_setup_free(&setup);
        goto done;
    }
    ct_run_search_params(&v, &spec, &sp);

    CALLGRIND_START_INSTRUMENTATION;
    rc = ct_run_execute(&prep, st.queries, (int32_t)nq, &sp, &res, &work, &err);
    CALLGRIND_STOP_INSTRUMENTATION;

    ct_run_prepared_free(&prep);
    ct_run_setup_free(&setup);
    if (rc != CT_OK) {
        bench_cli_error("sim-query", "%s: %s", variant, err.msg);
        goto done;
    }
    printf("%s answers %016llx dist_evals %llu\n", variant,
           (unsigned long long)bench_answer_hash(&res), (unsigned long long)work.dist_evals);
    code = BENCH_EXIT_OK;
done:
    if (res.idx || res.dist) ct_knn_result_free(&res);
    bench_sim_state_free(&st);
    return code;
}
