/* summary.c -- the terminal tables of a stored run (summary.h).  Tables are read back from the database views, so the
 * table at the end of `ctbench run` and `ctbench show` are the same code.
 *
 * A run with several workload sizes gets an `n` column and one with several
 * build configurations a `build` column; a build is shown by the parts of
 * its text that differ between the run's builds ("insertion=hilbert
 * si=exact"), the full text being in the database. */
#include "summary.h"
#include "text.h"

#include "samples.h"
#include "stats_interval.h"
#include "store.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define prepare bench_db_prepare

static const char *text(sqlite3_stmt *st, int col)
{
    return bench_db_text(st, col, "-");
}

int bench_summary_print_run(bench_db *db, int64_t run_id, FILE *out, ct_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = prepare(
        db,
        "SELECT id, name, status, started_at, finished_at, config_path, config_hash, "
        "git_commit, git_dirty, host, cpu_model, cpu_flags, cores, compiler, cflags, "
        "blas_library, blas_core, blas_coretype_env, blas_config, counters_backend, "
        "papi_status, ctbench_version, seeds, interleave, order_seed, baseline, "
        "message, run_state(status, writer_host, writer_boot, writer_pid, "
        "writer_start), writer_pid, writer_host, heartbeat_at, checkout_commit, "
        "checkout_dirty, machine, machine_id, os, ram_bytes / 1073741824.0, "
        "cache_l1d / 1024, cache_l2 / 1024, cache_l3 / 1048576, smt, cpu_mhz, "
        "governor, boost, affinity, omp_env, load_start, load_end, steal_frac, "
        "noisy, noise_note, shard, kernel_isa, dgemm_gflops, dgemm_shape, only_glob FROM run "
        "WHERE id = ?1",
        &st, err);
    if (rc != CT_OK) return rc;
    sqlite3_bind_int64(st, 1, run_id);
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_finalize(st);
        if (rc == SQLITE_DONE)
            return ct_error_set(err, CT_EINVAL, "no run %lld in the database", (long long)run_id);
        return bench_db_error(db, err, "reading the run");
    }
    fprintf(out, "run %lld  %s  [%s]  %s .. %s\n", (long long)sqlite3_column_int64(st, 0),
            text(st, 1), text(st, 27), text(st, 3), text(st, 4));
    if (strcmp(text(st, 27), text(st, 2)) != 0)
        fprintf(out,
                "  state    stored as '%s', but its writer (pid %lld on %s, last write %s) %s\n",
                text(st, 2), (long long)sqlite3_column_int64(st, 28), text(st, 29), text(st, 30),
                !strcmp(text(st, 27), "dead") ? "is gone: the run will never finish (--resume "
                                                "continues it)"
                                              : "cannot be checked from this host");
    fprintf(out, "  config   %s (hash %s), seeds %s, %s%s\n", text(st, 5), text(st, 6),
            text(st, 22), sqlite3_column_int(st, 23) ? "interleaved, order seed " : "sequential",
            sqlite3_column_int(st, 23) ? text(st, 24) : "");
    fprintf(out, "  commit   %s%s, ctbench %s\n", text(st, 7),
            sqlite3_column_type(st, 8) == SQLITE_NULL ? " (dirty: unknown)"
            : sqlite3_column_int(st, 8)               ? " (dirty)"
                                                      : "",
            text(st, 21));
    if (sqlite3_column_type(st, 31) != SQLITE_NULL && strcmp(text(st, 31), text(st, 7)) != 0)
        fprintf(out, "  checkout %s%s at run time (the binary was built from the commit above)\n",
                text(st, 31), sqlite3_column_int(st, 32) == 1 ? " (dirty)" : "");
    fprintf(out, "  host     %s: %s [%s], %d cores\n", text(st, 9), text(st, 10), text(st, 11),
            sqlite3_column_int(st, 12));
    if (sqlite3_column_type(st, 34) != SQLITE_NULL) { /* schema 5 on */
        int named = sqlite3_column_type(st, 33) != SQLITE_NULL;
        fprintf(out, "  machine  %s (%s), %s, %.1f GiB, L1d %s KiB L2 %s KiB L3 %s MiB, SMT %s\n",
                text(st, named ? 33 : 34), named ? "named" : "identity", text(st, 35),
                sqlite3_column_double(st, 36), text(st, 37), text(st, 38), text(st, 39),
                sqlite3_column_type(st, 40) == SQLITE_NULL ? "unknown"
                : sqlite3_column_int(st, 40)               ? "on"
                                                           : "off");
        fprintf(out, "  clock    %.0f MHz, governor %s, boost %s; CPUs %s%s%s\n",
                sqlite3_column_double(st, 41), text(st, 42), text(st, 43), text(st, 44),
                bench_db_text(st, 45, "")[0] ? ", " : "", bench_db_text(st, 45, ""));
        fprintf(out, "  noise    load %s at start, %s at end; steal %.1f%%%s%s%s\n", text(st, 46),
                text(st, 47), 100 * sqlite3_column_double(st, 48),
                sqlite3_column_int(st, 49) ? "; NOISY: " : "",
                sqlite3_column_int(st, 49) ? text(st, 50) : "",
                sqlite3_column_type(st, 49) == SQLITE_NULL ? " (not judged yet)" : "");
        if (sqlite3_column_type(st, 51) != SQLITE_NULL)
            fprintf(out, "  shard    %s of a split sweep\n", text(st, 51));
        if (strcmp(text(st, 52), "unset") != 0)
            fprintf(out, "  kernels  CT_KERNEL_ISA %s (the auto kernel's ISA is capped)\n",
                    text(st, 52));
    }
    if (sqlite3_column_type(st, 55) != SQLITE_NULL)
        fprintf(out, "  only     the variants matching '%s' (run --only: not the whole config)\n",
                text(st, 55));
    fprintf(out, "  compiler %s, flags %s\n", text(st, 13), text(st, 14));
    fprintf(out, "  BLAS     %s, core %s, OPENBLAS_CORETYPE %s\n", text(st, 15), text(st, 16),
            text(st, 17));
    if (sqlite3_column_type(st, 53) != SQLITE_NULL)
        fprintf(out, "  roofline %.1f GFLOP/s (%s)\n", sqlite3_column_double(st, 53), text(st, 54));
    fprintf(out, "  counters %s: %s\n", text(st, 19), text(st, 20));
    if (sqlite3_column_type(st, 25) != SQLITE_NULL)
        fprintf(out, "  speed-up baseline %s\n", text(st, 25));
    if (sqlite3_column_type(st, 26) != SQLITE_NULL) fprintf(out, "  note     %s\n", text(st, 26));
    sqlite3_finalize(st);
    return CT_OK;
}

/* ---- build labels ---------------------------------------------------- */

#define BUILD_TEXT_MAX 256
#define BUILD_TOKENS 16

/* The tree builds of a run: how many, and which tokens of their texts vary. */
typedef struct build_labels {
    int count;
    unsigned varying; /* bit j: token j differs between builds */
    int width;        /* of the longest label */
} build_labels;

static void build_label(const build_labels *bl, const char *full, char *out, size_t size)
{
    char tok[BUILD_TEXT_MAX];
    size_t len = 0;
    if (!full || !strcmp(full, BENCH_BUILD_NONE)) {
        snprintf(out, size, "-");
        return;
    }
    if (bl->count <= 1 || !bl->varying) {
        snprintf(out, size, "%s", full);
        return;
    }
    out[0] = '\0';
    for (int j = 0; j < BUILD_TOKENS && bench_text_word(full, j, tok, sizeof tok); j++) {
        if (!(bl->varying & (1u << j))) continue;
        len = strlen(out);
        snprintf(out + len, size - len, "%s%s", len ? " " : "", tok);
    }
}

static int build_labels_read(bench_db *db, int64_t run_id, build_labels *bl, ct_error *err)
{
    sqlite3_stmt *st = NULL;
    char first[BUILD_TEXT_MAX] = "", a[BUILD_TEXT_MAX], b[BUILD_TEXT_MAX];
    int step;
    int rc = prepare(db,
                     "SELECT DISTINCT build FROM result WHERE run_id = ?1 AND "
                     "build <> '" BENCH_BUILD_NONE "' UNION SELECT build FROM tree WHERE "
                     "run_id = ?1 ORDER BY 1",
                     &st, err);
    memset(bl, 0, sizeof *bl);
    if (rc != CT_OK) return rc;
    sqlite3_bind_int64(st, 1, run_id);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *t = text(st, 0);
        if (!bl->count++) {
            snprintf(first, sizeof first, "%s", t);
            continue;
        }
        for (int j = 0; j < BUILD_TOKENS; j++) {
            int ha = bench_text_word(first, j, a, sizeof a),
                hb = bench_text_word(t, j, b, sizeof b);
            if (!ha && !hb) break;
            if (ha != hb || strcmp(a, b) != 0) bl->varying |= 1u << j;
        }
    }
    if (step != SQLITE_DONE) rc = bench_db_error(db, err, "reading the build configurations");
    sqlite3_finalize(st);
    if (rc != CT_OK) return rc;
    /* label widths */
    rc = prepare(db,
                 "SELECT DISTINCT build FROM result WHERE run_id = ?1 UNION "
                 "SELECT build FROM tree WHERE run_id = ?1",
                 &st, err);
    if (rc != CT_OK) return rc;
    sqlite3_bind_int64(st, 1, run_id);
    bl->width = 5;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        char label[BUILD_TEXT_MAX];
        build_label(bl, text(st, 0), label, sizeof label);
        if ((int)strlen(label) > bl->width) bl->width = (int)strlen(label);
    }
    if (step != SQLITE_DONE) rc = bench_db_error(db, err, "reading the build configurations");
    sqlite3_finalize(st);
    return rc;
}

static int count_sizes(bench_db *db, int64_t run_id, int *count, ct_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = prepare(db,
                     "SELECT count(DISTINCT w.n) FROM workload w WHERE w.id IN "
                     "(SELECT workload_id FROM result WHERE run_id = ?1 UNION "
                     "SELECT workload_id FROM measurement WHERE run_id = ?1)",
                     &st, err);
    if (rc != CT_OK) return rc;
    sqlite3_bind_int64(st, 1, run_id);
    if (sqlite3_step(st) == SQLITE_ROW) *count = sqlite3_column_int(st, 0);
    else rc = bench_db_error(db, err, "reading the workloads");
    sqlite3_finalize(st);
    return rc;
}

/* "4.06x [3.98, 4.13]": the speed-up over the baseline with the
 * Hodges-Lehmann 95 % interval from the two sets of samples (the baseline's
 * from the same rounds when the run paired them, marked '~' when it could
 * not); just the ratio when there are too few samples for an interval. */
static void speedup_text(bench_db *db, double speedup, int64_t result_id, int64_t baseline_id,
                         int paired, char *out, size_t size)
{
    bench_samples q, b;
    bench_ratio_ci ci;
    ct_error e;
    int ok;
    ct_error_clear(&e);
    snprintf(out, size, "%.2fx%s", speedup, paired || result_id == baseline_id ? "" : "~");
    if (result_id == baseline_id) return;
    if (bench_samples_load(db, result_id, 0, &q, &e) != CT_OK) return;
    ok = bench_samples_load(db, baseline_id, paired ? result_id : 0, &b, &e) == CT_OK;
    if (ok && q.n > 0 && b.n > 0 &&
        bench_ratio_ci_hl(b.ns, b.n, q.ns, q.n, 0.95, &ci, &e) == CT_OK && ci.bounded)
        snprintf(out, size, "%.2fx%s [%.2f, %.2f]", speedup, paired ? "" : "~", 1.0 / ci.upper,
                 1.0 / ci.lower);
    bench_samples_free(&q);
    if (ok) bench_samples_free(&b);
}

int bench_summary_print_table(bench_db *db, int64_t run_id, FILE *out, ct_error *err)
{
    sqlite3_stmt *st = NULL;
    char workload[512] = "";
    build_labels bl;
    int rows = 0, step, sizes = 0, bw;
    int rc = build_labels_read(db, run_id, &bl, err);
    if (rc == CT_OK) rc = count_sizes(db, run_id, &sizes, err);
    if (rc != CT_OK) return rc;
    bw = bl.count > 1 ? bl.width : 0;
    rc = prepare(db,
                 "SELECT q.workload, q.variant, q.threads, q.k, q.reps, q.median_s, q.iqr_s, "
                 "q.qps, q.dist_evals_per_query, q.recall, q.verified, q.valid, s.speedup, "
                 "q.predecessor, q.exclude_self, q.nq, q.build, q.n, q.result_id, "
                 "s.baseline_result_id, s.paired, (SELECT x.text FROM result_extra x WHERE "
                 "x.result_id = q.result_id AND x.name = 'status') "
                 "FROM v_query_summary q LEFT JOIN v_speedup s ON s.result_id = q.result_id "
                 "LEFT JOIN tree t ON t.run_id = q.run AND t.workload_id = q.workload_id "
                 "AND t.build = q.build "
                 "WHERE q.run = ?1 ORDER BY q.workload_id, q.k, q.threads, coalesce(t.id, 0), "
                 "q.result_id",
                 &st, err);
    if (rc != CT_OK) return rc;
    sqlite3_bind_int64(st, 1, run_id);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *verified = text(st, 10);
        int valid = sqlite3_column_int(st, 11);
        char speed[32] = "-", qps[32], recall[16] = "-", label[BUILD_TEXT_MAX];
        if (strcmp(workload, text(st, 0)) != 0) {
            snprintf(workload, sizeof workload, "%s", text(st, 0));
            fprintf(out, "\nworkload %s, %d queries%s%s\n", workload, sqlite3_column_int(st, 15),
                    sqlite3_column_int(st, 13) ? ", predecessor" : "",
                    sqlite3_column_int(st, 14) ? ", exclude_self" : "");
            fprintf(out, "%-40s ", "variant");
            if (sizes > 1) fprintf(out, "%7s ", "n");
            if (bw) fprintf(out, "%-*s ", bw, "build");
            fprintf(out, "%3s %4s %4s %10s %10s %10s %-22s %10s %7s  %s\n", "thr", "k", "reps",
                    "median_s", "iqr_s", "q/s", "speedup [95% CI]", "dist/q", "recall", "verified");
        }
        int unavailable = !strcmp(text(st, 21), "unavailable");
        if (unavailable) {
            snprintf(qps, sizeof qps, "-");
            snprintf(speed, sizeof speed, "unavailable");
        } else if (!valid) {
            snprintf(qps, sizeof qps, "INVALID");
            snprintf(speed, sizeof speed, "INVALID");
        } else {
            snprintf(qps, sizeof qps, "%.1f", sqlite3_column_double(st, 7));
            if (sqlite3_column_type(st, 12) != SQLITE_NULL)
                speedup_text(db, sqlite3_column_double(st, 12), sqlite3_column_int64(st, 18),
                             sqlite3_column_int64(st, 19), sqlite3_column_int(st, 20), speed,
                             sizeof speed);
        }
        if (sqlite3_column_type(st, 9) != SQLITE_NULL)
            snprintf(recall, sizeof recall, "%.4f", sqlite3_column_double(st, 9));
        fprintf(out, "%-40s ", text(st, 1));
        if (sizes > 1) fprintf(out, "%7d ", sqlite3_column_int(st, 17));
        if (bw) {
            build_label(&bl, text(st, 16), label, sizeof label);
            fprintf(out, "%-*s ", bw, label);
        }
        fprintf(out, "%3d %4d %4d %10.6f %10.6f %10s %-22s %10.1f %7s  %s\n",
                sqlite3_column_int(st, 2), sqlite3_column_int(st, 3), sqlite3_column_int(st, 4),
                sqlite3_column_double(st, 5), sqlite3_column_double(st, 6), qps, speed,
                sqlite3_column_double(st, 8), recall,
                unavailable ? "unavailable"
                : valid     ? verified
                            : "FAILED");
        rows++;
    }
    if (step != SQLITE_DONE) rc = bench_db_error(db, err, "reading the summaries");
    sqlite3_finalize(st);
    if (rc == CT_OK && rows == 0)
        fprintf(out, "(no results stored for run %lld)\n", (long long)run_id);
    return rc;
}

int bench_summary_print_setup(bench_db *db, int64_t run_id, FILE *out, ct_error *err)
{
    sqlite3_stmt *st = NULL;
    build_labels bl;
    char label[BUILD_TEXT_MAX];
    int step, rows = 0;
    int rc = build_labels_read(db, run_id, &bl, err);
    if (rc != CT_OK) return rc;
    rc = prepare(db,
                 "SELECT workload, phase, CASE WHEN phase = 'lower' THEN detail END, "
                 "threads, seconds, build FROM v_setup WHERE run = ?1 ORDER BY id",
                 &st, err);
    if (rc != CT_OK) return rc;
    sqlite3_bind_int64(st, 1, run_id);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (!rows++)
            fprintf(out, "\nsetup phases\n%-8s %-24s %3s %10s  %s\n", "phase", "layout", "thr",
                    "seconds", "workload [build]");
        label[0] = '\0';
        if (sqlite3_column_type(st, 5) != SQLITE_NULL)
            build_label(&bl, text(st, 5), label, sizeof label);
        fprintf(out, "%-8s %-24s %3d %10.4f  %s%s%s%s\n", text(st, 1),
                sqlite3_column_type(st, 2) == SQLITE_NULL ? "" : text(st, 2),
                sqlite3_column_int(st, 3), sqlite3_column_double(st, 4), text(st, 0),
                label[0] ? " [" : "", label, label[0] ? "]" : "");
    }
    if (step != SQLITE_DONE) rc = bench_db_error(db, err, "reading the setup phases");
    sqlite3_finalize(st);
    if (rc != CT_OK) return rc;

    /* the shape of every tree (ct_tree_stats) next to its build time */
    rc = prepare(db,
                 "SELECT build, nodes, depth, max_fanout, mean_fanout, leaves, "
                 "mean_leaf_depth, build_s, workload, coalesce(warning, '') FROM v_tree "
                 "WHERE run = ?1 ORDER BY id",
                 &st, err);
    if (rc != CT_OK) return rc;
    sqlite3_bind_int64(st, 1, run_id);
    rows = 0;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        build_label(&bl, text(st, 0), label, sizeof label);
        if (!rows++)
            fprintf(out, "\ntrees\n%-*s %8s %5s %7s %8s %8s %10s %9s  %s\n", bl.width, "build",
                    "nodes", "depth", "max_fan", "mean_fan", "leaves", "leaf_depth", "build_s",
                    "workload");
        fprintf(out, "%-*s %8d %5d %7d %8.3f %8d %10.3f %9.4f  %s\n", bl.width, label,
                sqlite3_column_int(st, 1), sqlite3_column_int(st, 2), sqlite3_column_int(st, 3),
                sqlite3_column_double(st, 4), sqlite3_column_int(st, 5),
                sqlite3_column_double(st, 6), sqlite3_column_double(st, 7), text(st, 8));
        if (text(st, 9)[0]) fprintf(out, "%-*s WARNING: %s\n", bl.width, "", text(st, 9));
    }
    if (step != SQLITE_DONE) rc = bench_db_error(db, err, "reading the trees");
    sqlite3_finalize(st);
    return rc;
}

int bench_summary_print_counters(bench_db *db, int64_t run_id, FILE *out, ct_error *err)
{
    sqlite3_stmt *st = NULL;
    build_labels bl;
    int step, rows = 0, sizes = 0;
    int rc = prepare(db,
                     "SELECT event, source, status, rows, coalesce(reason, '') "
                     "FROM v_counter_status WHERE run = ?1 AND source <> 'simulated' "
                     "ORDER BY event, status",
                     &st, err);
    if (rc != CT_OK) return rc;
    sqlite3_bind_int64(st, 1, run_id);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (!rows++)
            fprintf(out,
                    "\ncounters (per timed repetition)\n%-22s %-7s %-11s "
                    "%5s  %s\n",
                    "event", "source", "status", "rows", "reason");
        fprintf(out, "%-22s %-7s %-11s %5d  %s\n", text(st, 0), text(st, 1), text(st, 2),
                sqlite3_column_int(st, 3), text(st, 4));
    }
    if (step != SQLITE_DONE) rc = bench_db_error(db, err, "reading the counters");
    sqlite3_finalize(st);
    if (rc != CT_OK) return rc;
    if (!rows) fprintf(out, "\nhardware counters: none recorded\n");

    /* simulated counters: one line per unit */
    rc = build_labels_read(db, run_id, &bl, err);
    if (rc == CT_OK) rc = count_sizes(db, run_id, &sizes, err);
    if (rc != CT_OK) return rc;
    rc = prepare(db,
                 "SELECT v.name, r.threads, r.k, c.event, c.status, c.value, "
                 "coalesce(c.reason, ''), r.id, r.build, w.n FROM counter c "
                 "JOIN result r ON r.id = c.result_id JOIN variant v ON v.id = r.variant_id "
                 "JOIN workload w ON w.id = r.workload_id WHERE c.run_id = ?1 AND "
                 "c.source = 'simulated' ORDER BY r.id, c.id",
                 &st, err);
    if (rc != CT_OK) return rc;
    sqlite3_bind_int64(st, 1, run_id);
    {
        int64_t last = 0;
        rows = 0;
        while ((step = sqlite3_step(st)) == SQLITE_ROW) {
            if (!rows++) fprintf(out, "\nsimulated counters (callgrind, query batch, 1 thread)\n");
            if (sqlite3_column_int64(st, 7) != last) {
                char label[BUILD_TEXT_MAX] = "";
                if (bl.count > 1) build_label(&bl, text(st, 8), label, sizeof label);
                fprintf(out, "%s%s k=%d", last ? "\n" : "", text(st, 0), sqlite3_column_int(st, 2));
                if (sizes > 1) fprintf(out, " n=%d", sqlite3_column_int(st, 9));
                if (label[0]) fprintf(out, " [%s]", label);
                fputc(':', out);
                last = sqlite3_column_int64(st, 7);
            }
            if (!strcmp(text(st, 4), "ok"))
                fprintf(out, " %s=%lld",
                        text(st, 3) + (strncmp(text(st, 3), "callgrind:", 10) ? 0 : 10),
                        (long long)sqlite3_column_int64(st, 5));
            else fprintf(out, " %s %s (%s)", text(st, 3), text(st, 4), text(st, 6));
        }
        if (rows) fprintf(out, "\n");
    }
    if (step != SQLITE_DONE) rc = bench_db_error(db, err, "reading the simulated counters");
    sqlite3_finalize(st);
    return rc;
}

int bench_summary_print_runs(bench_db *db, FILE *out, ct_error *err)
{
    sqlite3_stmt *st = NULL;
    int step, rc = prepare(db,
                           "SELECT r.id, r.started_at, run_state(r.status, r.writer_host, "
                           "r.writer_boot, r.writer_pid, r.writer_start), r.name, r.git_commit, "
                           "(SELECT count(*) FROM result WHERE run_id = r.id), "
                           "(SELECT count(*) FROM result WHERE run_id = r.id AND valid = 0) "
                           "FROM run r ORDER BY r.id",
                           &st, err);
    if (rc != CT_OK) return rc;
    fprintf(out, "%5s  %-24s %-11s %-20s %-12s %7s %7s\n", "run", "started", "status", "name",
            "commit", "results", "invalid");
    while ((step = sqlite3_step(st)) == SQLITE_ROW)
        fprintf(out, "%5lld  %-24s %-11s %-20s %-12.12s %7d %7d\n",
                (long long)sqlite3_column_int64(st, 0), text(st, 1), text(st, 2), text(st, 3),
                text(st, 4), sqlite3_column_int(st, 5), sqlite3_column_int(st, 6));
    if (step != SQLITE_DONE) rc = bench_db_error(db, err, "listing the runs");
    sqlite3_finalize(st);
    return rc;
}

/* External programs (docs/EXTERNAL.md): what ctbench measured of the process
 * and what the program said of itself; the note of a unit that failed. */
static const char external_sql[] =
    "SELECT v.name, r.threads, r.k,\n"
    "  max(CASE WHEN x.name = 'wall_s' THEN x.value END),\n"
    "  max(CASE WHEN x.name = 'peak_rss_bytes' THEN x.value END),\n"
    "  max(CASE WHEN x.name = 'own_build_s' THEN x.value END),\n"
    "  max(CASE WHEN x.name = 'own_distance_max_error' THEN x.value END),\n"
    "  max(CASE WHEN x.name = 'own_distance_wrong' THEN x.value END),\n"
    "  max(CASE WHEN x.name = 'status' THEN x.text END), r.note, w.n\n"
    "FROM result r JOIN variant v ON v.id = r.variant_id JOIN workload w ON w.id = r.workload_id\n"
    "  LEFT JOIN result_extra x ON x.result_id = r.id\n"
    "WHERE r.run_id = ?1 AND v.family = 'external' GROUP BY r.id ORDER BY r.id";

int bench_summary_print_external(bench_db *db, int64_t run_id, FILE *out, ct_error *err)
{
    sqlite3_stmt *st = NULL;
    int rows = 0, step;
    int rc = prepare(db, external_sql, &st, err);
    if (rc != CT_OK) return rc;
    sqlite3_bind_int64(st, 1, run_id);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        char cell[5][32];
        for (int c = 0; c < 5; c++) {
            double x = sqlite3_column_double(st, 3 + c);
            if (sqlite3_column_type(st, 3 + c) == SQLITE_NULL) snprintf(cell[c], 32, "-");
            else if (c == 1) snprintf(cell[c], 32, "%.1f", x / 1048576.0);
            else if (c == 3) snprintf(cell[c], 32, "%.2g", x);
            else if (c == 4) snprintf(cell[c], 32, "%.0f", x);
            else snprintf(cell[c], 32, "%.3f", x);
        }
        if (rows++ == 0)
            fprintf(out, "\nexternal programs\n%-28s %7s %3s %4s %9s %9s %9s %10s %9s  %-11s %s\n",
                    "variant", "n", "thr", "k", "wall_s", "peak_MiB", "build_s", "own_d_err",
                    "own_wrong", "status", "note");
        fprintf(out, "%-28s %7d %3d %4d %9s %9s %9s %10s %9s  %-11s %s\n", text(st, 0),
                sqlite3_column_int(st, 10), sqlite3_column_int(st, 1), sqlite3_column_int(st, 2),
                cell[0], cell[1], cell[2], cell[3], cell[4], text(st, 8), text(st, 9));
    }
    if (step != SQLITE_DONE) rc = bench_db_error(db, err, "reading the external programs");
    sqlite3_finalize(st);
    return rc;
}
