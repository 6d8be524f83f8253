/* cli_run.c -- `ctbench run CONFIG [--db PATH] [--only GLOB] [--dry-run]
 * [--resume] [--counters papi|none|sim] [--no-progress] [--machine NAME]`: parse and validate
 * the config, run the sweep (runner.h), then print the stored run's summary,
 * setup phases and counter statuses.
 *
 * Exit codes: 0 complete and verified; 1 a variant failed verification (the
 * run is stored, its timings marked INVALID) or the database could not be
 * written; 2 bad usage or a bad config; 130 interrupted by SIGINT/SIGTERM.
 */
#define _GNU_SOURCE /* getopt_long */
#include <fnmatch.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "config.h"
#include "plan.h"
#include "results.h"
#include "runner.h"
#include "summary.h"

static const char *const run_usage =
    "usage: ctbench run CONFIG [--db PATH] [--only GLOB] [--dry-run] [--resume]\n"
    "                          [--counters papi|none|sim] [--no-progress] [--quick]\n"
    "                          [--machine NAME]\n"
    "\n"
    "Run the experiment described by CONFIG (an INI file, see configs/smoke.ini):\n"
    "for every workload (seed x n) build one tree per build configuration\n"
    "(insertion x si x base), lower each layout once per tree, time R repetitions\n"
    "of the query batch per variant, verify every variant against the float64\n"
    "oracle, store everything in SQLite and print a summary table.\n"
    "\n"
    "  --db PATH        results database (default " BENCH_DB_DEFAULT_PATH "; SQLite URIs\n"
    "                   starting with file: are accepted)\n"
    "  --only GLOB      run only the variants whose name matches (fnmatch)\n"
    "  --dry-run        validate the config and print the plan; touch nothing\n"
    "  --resume         continue the newest run with the same config, commit and\n"
    "                   host, skipping the variants it already stored\n"
    "  --counters K     papi (hardware counters; default), none, or sim (also\n"
    "                   re-run each variant's queries under valgrind's cache model)\n"
    "  --no-progress    no progress line (it is drawn only when stderr is a terminal)\n"
    "  --quick          the same experiment scaled down to seconds (n/16, m <= 64,\n"
    "                   64 queries, k <= 10, one repetition), stored as NAME-quick:\n"
    "                   for CI, not for numbers\n"
    "  --machine NAME   the machine's name in histories and comparisons (default:\n"
    "                   an identity hashed from host, CPU, cores, BLAS core,\n"
    "                   compiler and flags; name CI runners whose hosts change)\n"
    "\n"
    "The environment variable CT_DB_BUSY_MS sets how long to wait for a locked\n"
    "database (default 5000).\n";

/* How the run's events are shown: the run row and notes on stdout, a
 * progress line on a terminal, INVALID units on stderr. */
typedef struct run_view {
    int progress; /* draw the progress line (stderr is a terminal) */
    int drawn;    /* a progress line is on the screen */
} run_view;

static void clear_progress(run_view *v)
{
    if (!v->drawn) return;
    fprintf(stderr, "\r\033[K");
    fflush(stderr);
    v->drawn = 0;
}

static void on_event(void *ctx, const bench_run_event *ev)
{
    run_view *v = ctx;
    switch (ev->kind) {
    case BENCH_EV_RUN:
        clear_progress(v);
        if (ev->resumed)
            printf("resuming run %lld (status %s)\n", (long long)ev->run_id, ev->detail);
        printf("run %lld: %s\n", (long long)ev->run_id, ev->text);
        break;
    case BENCH_EV_NOTE:
        clear_progress(v);
        printf("%s%s", ev->text, ev->text[0] && ev->text[strlen(ev->text) - 1] == '\n' ? "" : "\n");
        break;
    case BENCH_EV_PHASE: break;
    case BENCH_EV_SAMPLE:
        if (!v->progress) break;
        fprintf(stderr, "\r\033[K[%ld/%ld] %s t=%d k=%d%s%s %s %d/%d", ev->samples_done + 1,
                ev->samples_total, ev->unit, ev->threads, ev->k, ev->build ? " " : "",
                ev->build ? ev->build : "", ev->what, ev->i + 1, ev->of);
        fflush(stderr);
        v->drawn = 1;
        break;
    case BENCH_EV_UNIT:
        if (!ev->failed) break;
        clear_progress(v);
        fprintf(stderr, "ctbench: run: %s (threads %d, k %d%s%s) INVALID: %s\n", ev->unit,
                ev->threads, ev->k, ev->build ? ", " : "", ev->build ? ev->build : "", ev->note);
        break;
    }
}

int bench_cli_run(int argc, char **argv)
{
    static const struct option options[] = {
        {"db", required_argument, NULL, 'd'},       {"only", required_argument, NULL, 'o'},
        {"counters", required_argument, NULL, 'c'}, {"dry-run", no_argument, NULL, 'n'},
        {"resume", no_argument, NULL, 'r'},         {"no-progress", no_argument, NULL, 'P'},
        {"quick", no_argument, NULL, 'q'},          {"machine", required_argument, NULL, 'm'},
        {"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0}};
    bench_config cfg;
    bench_run_options opt;
    bench_run_outcome outcome;
    run_view view = {0, 0};
    const char *config_path = NULL;
    ct_error err;
    int rc, c, progress = 1, quick = 0, dry_run = 0;

    memset(&opt, 0, sizeof opt);
    opt.db_path = BENCH_DB_DEFAULT_PATH;
    opt.counters = -1;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
        switch (c) {
        case 'd': opt.db_path = optarg; break;
        case 'o': opt.only_glob = optarg; break;
        case 'c':
            opt.counters = bench_counters_kind_find(optarg);
            if (opt.counters < 0) {
                bench_cli_error("run", "--counters: '%s' is not one of %s", optarg,
                                bench_counters_kind_list());
                return BENCH_EXIT_ERROR;
            }
            break;
        case 'n': dry_run = 1; break;
        case 'r': opt.resume = 1; break;
        case 'P': progress = 0; break;
        case 'q': quick = 1; break;
        case 'm':
            if (!*optarg || strlen(optarg) >= 64) {
                bench_cli_error("run", "--machine: a name of 1 to 63 characters, not '%s'", optarg);
                return BENCH_EXIT_ERROR;
            }
            opt.machine = optarg;
            break;
        case 'h':
            fputs(run_usage, stdout);
            fputs(bench_cli_exit_help, stdout);
            return BENCH_EXIT_OK;
        case ':':
            bench_cli_error("run", "option '%s' needs a value", argv[optind - 1]);
            return BENCH_EXIT_ERROR;
        default:
            bench_cli_error("run", "unknown option '%s' (try ctbench run --help)",
                            argv[optind - 1]);
            return BENCH_EXIT_ERROR;
        }
    }
    if (optind < argc) config_path = argv[optind++];
    if (optind < argc) {
        bench_cli_error("run", "more than one config given ('%s' and '%s')", config_path,
                        argv[optind]);
        return BENCH_EXIT_ERROR;
    }
    if (!config_path) {
        bench_cli_error("run", "no config given (try ctbench run --help)");
        return BENCH_EXIT_ERROR;
    }

    ct_error_clear(&err);
    if (bench_config_load(config_path, &cfg, &err) != CT_OK) {
        bench_cli_error("run", "%s", err.msg);
        return BENCH_EXIT_ERROR;
    }
    if (quick) bench_config_apply_quick(&cfg);
    if (opt.only_glob) {
        /* an --only that matches nothing is a usage error, not an empty run */
        int any = 0;
        for (int i = 0; i < cfg.n_variants && !any; i++) {
            char name[CT_VARIANT_NAME_MAX];
            ct_variant_format(&cfg.variants[i], name, sizeof name);
            any = fnmatch(opt.only_glob, name, 0) == 0;
        }
        if (!any) {
            bench_cli_error("run", "--only '%s' matches none of the %d variants of %s",
                            opt.only_glob, cfg.n_variants, config_path);
            bench_config_free(&cfg);
            return BENCH_EXIT_ERROR;
        }
    }
    if (dry_run) {
        bench_report_plan(&cfg, opt.only_glob, stdout);
        bench_config_free(&cfg);
        return BENCH_EXIT_OK;
    }
    view.progress = progress && isatty(2);
    opt.observer.on_event = on_event;
    opt.observer.ctx = &view;
    rc = bench_run_experiment(&cfg, &opt, &outcome, &err);
    clear_progress(&view);
    bench_config_free(&cfg);

    if (outcome.run_id) {
        /* the tables are read back from the database: what is printed is what is stored */
        bench_db db;
        ct_error e2;
        ct_error_clear(&e2);
        if (bench_results_open(opt.db_path, BENCH_DB_READ, &db, &e2) == CT_OK) {
            bench_summary_print_table(&db, outcome.run_id, stdout, &e2);
            bench_summary_print_external(&db, outcome.run_id, stdout, &e2);
            bench_summary_print_setup(&db, outcome.run_id, stdout, &e2);
            bench_summary_print_counters(&db, outcome.run_id, stdout, &e2);
            bench_db_close(&db);
        }
        printf("\nrun %lld: %d unit(s) stored, %d resumed, %d approximate, %d unavailable, %d "
               "INVALID%s\n",
               (long long)outcome.run_id, outcome.units_done, outcome.units_resumed,
               outcome.units_approximate, outcome.units_unavailable, outcome.units_failed,
               outcome.interrupted ? " (interrupted)" : "");
        fflush(stdout);
    }
    if (rc != CT_OK) bench_cli_error("run", "%s", err.msg);
    return bench_cli_exit_code(rc);
}
