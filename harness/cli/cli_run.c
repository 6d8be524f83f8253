/* cli_run.c -- `ctbench run CONFIG [--db PATH] [--only GLOB] [--dry-run]
 * [--resume] [--counters papi|none|sim] [--progress MODE] [--no-progress] [--machine NAME]`:
 * parse and validate the config, run the sweep (runner.h) showing its
 * progress (cli_progress.h), then print the stored run's summary, setup
 * phases and counter statuses.
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
#include "cli_progress.h"
#include "config.h"
#include "plan.h"
#include "results.h"
#include "runner.h"
#include "store.h"
#include "summary.h"

static const char *const run_usage =
    "usage: ctbench run CONFIG [--db PATH] [--only GLOB] [--dry-run] [--resume]\n"
    "                          [--counters papi|none|sim] [--progress MODE]\n"
    "                          [--no-progress] [--quick] [--machine NAME] [--shard I/N]\n"
    "\n"
    "Run the experiment described by CONFIG (an INI file, see configs/smoke.ini):\n"
    "for every workload (seed x n) build one tree per build configuration\n"
    "(insertion x si x base), lower each layout once per tree, time R repetitions\n"
    "of the query batch per variant, verify every variant against the float64\n"
    "oracle, store everything in SQLite and print a summary table.\n"
    "\n"
    "  --db PATH        results database (default " BENCH_DB_DEFAULT_PATH "; SQLite URIs\n"
    "                   starting with file: are accepted)\n"
    "  --only GLOB      run only the variants whose name matches (fnmatch); the glob\n"
    "                   is stored with the run (show prints it) and plot's default\n"
    "                   selection keeps the name's latest run made without --only\n"
    "  --dry-run        validate the config and print the plan, its sample count and\n"
    "                   an estimated duration (from the newest complete run of the\n"
    "                   same config in --db, if any); write nothing\n"
    "  --resume         continue the newest run with the same config, commit and\n"
    "                   host, skipping the variants it already stored\n"
    "  --counters K     papi (hardware counters; default), none, or sim (also\n"
    "                   re-run each variant's queries under valgrind's cache model)\n"
    "  --progress MODE  auto (default): bar when stderr is a terminal, else lines;\n"
    "                   bar: one line on stderr redrawn with samples done, elapsed\n"
    "                   time, ETA and the sample or setup phase running; lines: one\n"
    "                   line on stdout per setup phase and per finished unit (for\n"
    "                   logs and CI); none\n"
    "  --no-progress    the same as --progress none\n"
    "  --quick          the same experiment scaled down to seconds (n/16, m <= 64,\n"
    "                   64 queries, k <= 10, one repetition), stored as NAME-quick:\n"
    "                   for CI, not for numbers\n"
    "  --machine NAME   the machine's name in histories and comparisons (default:\n"
    "                   an identity hashed from host, CPU, cores, BLAS core,\n"
    "                   compiler and flags; name CI runners whose hosts change)\n"
    "  --shard I/N      run the I-th of N shares of the grid (1 <= I <= N): whole\n"
    "                   workloads (seed x n, with all their builds, variants and\n"
    "                   baselines) dealt by expected cost; the N shards together\n"
    "                   are the grid, without overlap; `ctbench merge` joins their\n"
    "                   databases (.ci/shard-parallel, .ci/shard-slurm.sbatch)\n"
    "\n"
    "The environment variable CT_DB_BUSY_MS sets how long to wait for a locked\n"
    "database (default 5000).\n";

/* The pace of the newest complete run of this config, for the ETA; none
 * when the database does not exist or cannot be read (never an error: the
 * run itself reports database problems). */
static void prior_pace(const char *db_path, const bench_config *cfg, bench_run_pace *prior)
{
    bench_db db;
    ct_error e;
    char hash[17];
    memset(prior, 0, sizeof *prior);
    if (strncmp(db_path, "file:", 5) != 0 && access(db_path, R_OK) != 0) return;
    ct_error_clear(&e);
    if (bench_results_open(db_path, BENCH_DB_READ, &db, &e) != CT_OK) return;
    bench_hex64(cfg->hash, hash);
    if (bench_store_run_pace(&db, cfg->name, hash, prior, &e) != CT_OK)
        memset(prior, 0, sizeof *prior);
    bench_db_close(&db);
}

int bench_cli_run(int argc, char **argv)
{
    static const struct option options[] = {
        {"db", required_argument, NULL, 'd'},       {"only", required_argument, NULL, 'o'},
        {"counters", required_argument, NULL, 'c'}, {"dry-run", no_argument, NULL, 'n'},
        {"resume", no_argument, NULL, 'r'},         {"no-progress", no_argument, NULL, 'P'},
        {"quick", no_argument, NULL, 'q'},          {"machine", required_argument, NULL, 'm'},
        {"progress", required_argument, NULL, 'p'}, {"shard", required_argument, NULL, 's'},
        {"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0}};
    bench_config cfg;
    bench_run_options opt;
    bench_run_outcome outcome;
    bench_progress view;
    bench_progress_mode progress = BENCH_PROGRESS_AUTO;
    bench_config_plan plan;
    bench_run_pace prior;
    const char *config_path = NULL;
    ct_error err;
    int rc, c, quick = 0, dry_run = 0;

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
        case 'P': progress = BENCH_PROGRESS_NONE; break;
        case 'p':
            if (!strcmp(optarg, "auto")) progress = BENCH_PROGRESS_AUTO;
            else if (!strcmp(optarg, "bar")) progress = BENCH_PROGRESS_BAR;
            else if (!strcmp(optarg, "lines")) progress = BENCH_PROGRESS_LINES;
            else if (!strcmp(optarg, "none")) progress = BENCH_PROGRESS_NONE;
            else {
                bench_cli_error("run", "--progress: '%s' is not one of auto, bar, lines, none",
                                optarg);
                return BENCH_EXIT_ERROR;
            }
            break;
        case 'q': quick = 1; break;
        case 'm':
            if (!*optarg || strlen(optarg) >= 64) {
                bench_cli_error("run", "--machine: a name of 1 to 63 characters, not '%s'", optarg);
                return BENCH_EXIT_ERROR;
            }
            opt.machine = optarg;
            break;
        case 's': {
            char tail = 0;
            if (sscanf(optarg, "%d/%d%c", &opt.shard_index, &opt.shard_count, &tail) != 2 ||
                opt.shard_count < 1 || opt.shard_count > 100000 || opt.shard_index < 1 ||
                opt.shard_index > opt.shard_count) {
                bench_cli_error("run", "--shard: '%s' is not I/N with 1 <= I <= N <= 100000",
                                optarg);
                return BENCH_EXIT_ERROR;
            }
            break;
        }
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
    bench_config_plan_count(&cfg, opt.only_glob, &plan);
    prior_pace(opt.db_path, &cfg, &prior);
    if (dry_run) {
        char text[16];
        double est = bench_progress_estimate(&prior, plan.samples, plan.trees);
        bench_report_plan(&cfg, opt.only_glob, stdout);
        printf("%ld sample(s) (warm-up and timed) over %ld tree(s)\n", plan.samples, plan.trees);
        bench_progress_duration(est, text, sizeof text);
        if (est >= 0)
            printf("estimated duration: %s (the pace of run %lld in %s%s)\n", text,
                   (long long)prior.run_id, opt.db_path,
                   prior.same_config ? ", the same config" : ", same name, another config text");
        else
            printf("estimated duration: unknown (no complete run named '%s' in %s yet)\n", cfg.name,
                   opt.db_path);
        bench_config_free(&cfg);
        return BENCH_EXIT_OK;
    }
    bench_progress_init(&view, progress, stderr, plan.trees, &prior);
    opt.observer.on_event = bench_progress_event;
    opt.observer.ctx = &view;
    rc = bench_run_experiment(&cfg, &opt, &outcome, &err);
    bench_progress_clear(&view);
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
