/* cli_annotate.c -- `ctbench annotate RUN|COMMIT "text"`: record an
 * intentional change (store/annotation.h); `--list` prints them. */
#define _GNU_SOURCE /* getopt_long */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annotation.h"
#include "cli.h"
#include "results.h"
#include "store.h"

static const char *const annotate_usage =
    "usage: ctbench annotate [--db PATH] RUN|COMMIT \"text\"\n"
    "       ctbench annotate [--db PATH] --list\n"
    "\n"
    "Record an intentional change (a new algorithm, a new machine) in the database.\n"
    "RUN is a run id or `latest`: the annotation is tied to that run and its commit.\n"
    "COMMIT is 4 to 40 hex digits (or commit:PREFIX): tied to that commit, whether or\n"
    "not it has runs yet.  Histories and their figures show it, and\n"
    "`ctbench history --since annotation:ID` (and compare's annotation:ID) start at it.\n"
    "Prints the new annotation's id.\n"
    "\n"
    "  --db PATH   results database (default " BENCH_DB_DEFAULT_PATH ")\n"
    "  --list      print every annotation: id, commit, run, time, text\n";

static int is_digits(const char *s)
{
    return *s && strspn(s, "0123456789") == strlen(s);
}

static int list(bench_db *db, ct_error *err)
{
    bench_annotation *notes = NULL;
    int n = 0, rc = bench_annotation_list(db, &notes, &n, err);
    if (rc != CT_OK) return rc;
    for (int i = 0; i < n; i++) {
        printf("%lld\t%s\t", (long long)notes[i].id, notes[i].commit);
        if (notes[i].run_id) printf("%lld", (long long)notes[i].run_id);
        printf("\t%s\t%s\n", notes[i].created_at, notes[i].text);
    }
    free(notes);
    return CT_OK;
}

int bench_cli_annotate(int argc, char **argv)
{
    static const struct option options[] = {{"db", required_argument, NULL, 'd'},
                                            {"list", no_argument, NULL, 'l'},
                                            {"help", no_argument, NULL, 'h'},
                                            {NULL, 0, NULL, 0}};
    const char *db_path = BENCH_DB_DEFAULT_PATH, *ref;
    int do_list = 0, c, rc;
    int64_t run_id = 0, id = 0;
    bench_db db;
    ct_error err;

    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
        switch (c) {
        case 'd': db_path = optarg; break;
        case 'l': do_list = 1; break;
        case 'h': fputs(annotate_usage, stdout); return BENCH_EXIT_OK;
        case ':':
            bench_cli_error("annotate", "option '%s' needs a value", argv[optind - 1]);
            return BENCH_EXIT_ERROR;
        default:
            bench_cli_error("annotate", "unknown option '%s' (try ctbench annotate --help)",
                            argv[optind - 1]);
            return BENCH_EXIT_ERROR;
        }
    }
    if (do_list ? argc - optind != 0 : argc - optind != 2) {
        bench_cli_error("annotate", "%s (try ctbench annotate --help)",
                        do_list ? "--list takes no arguments" : "RUN|COMMIT and a text are needed");
        return BENCH_EXIT_ERROR;
    }
    ct_error_clear(&err);
    memset(&db, 0, sizeof db);
    rc = bench_results_open(db_path, do_list ? BENCH_DB_READ : BENCH_DB_WRITE, &db, &err);
    if (rc == CT_OK && do_list) rc = list(&db, &err);
    if (rc == CT_OK && !do_list) {
        ref = argv[optind];
        if (!strncmp(ref, "commit:", 7)) ref += 7;
        if (!strcmp(ref, "latest") || (is_digits(ref) && ref == argv[optind]))
            rc = bench_store_run_resolve(&db, ref, &run_id, &err);
        if (rc == CT_OK) rc = bench_annotation_add(&db, run_id, ref, argv[optind + 1], &id, &err);
        if (rc == CT_OK) printf("%lld\n", (long long)id);
    }
    bench_db_close(&db);
    if (rc != CT_OK) {
        bench_cli_error("annotate", "%s", err.msg);
        return BENCH_EXIT_ERROR;
    }
    return BENCH_EXIT_OK;
}
