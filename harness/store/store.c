/* store.c -- insert rows into the results database (store.h).
 *
 * Each function prepares its statement, binds, steps and finalises: a run
 * writes a few thousand rows at most, so statement caching is not worth its
 * state.  Optional values bind as NULL.
 */
#include "store.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

void bench_hex64(uint64_t h, char *buf)
{
    snprintf(buf, 17, "%016llx", (unsigned long long)h);
}

static int prepare(bench_db *db, const char *sql, sqlite3_stmt **st, ct_error *err)
{
    if (sqlite3_prepare_v2(db->h, sql, -1, st, NULL) != SQLITE_OK)
        return bench_db_error(db, err, "preparing a statement");
    return CT_OK;
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
    if (s) sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
    else sqlite3_bind_null(st, i);
}

static void bind_id(sqlite3_stmt *st, int i, int64_t id)
{
    if (id > 0) sqlite3_bind_int64(st, i, id);
    else sqlite3_bind_null(st, i);
}

static void bind_real(sqlite3_stmt *st, int i, double x)
{
    if (isnan(x)) sqlite3_bind_null(st, i);
    else sqlite3_bind_double(st, i, x);
}

/* Step a statement that returns no rows, finalise it. */
static int run_stmt(bench_db *db, sqlite3_stmt *st, const char *what, ct_error *err)
{
    int rc = sqlite3_step(st) == SQLITE_DONE ? CT_OK : bench_db_error(db, err, what);
    sqlite3_finalize(st);
    return rc;
}

int bench_store_run_begin(bench_db *db, const bench_run_row *row, int64_t *run_id, ct_error *err)
{
    sqlite3_stmt *st = NULL;
    const bench_config *cfg = row->cfg;
    const bench_sysinfo *sys = row->sys;
    char hash[17], seeds[BENCH_MAX_SEEDS * 24] = "";
    int rc;

    for (int i = 0; i < cfg->n_seeds; i++) {
        size_t len = strlen(seeds);
        snprintf(seeds + len, sizeof seeds - len, "%s%llu", i ? "," : "",
                 (unsigned long long)cfg->seeds[i]);
    }
    bench_hex64(cfg->hash, hash);
    rc = prepare(db,
                 "INSERT INTO run (started_at, status, name, config_path, config_text, "
                 "config_hash, seeds, order_seed, interleave, baseline, git_commit, git_dirty, "
                 "host, cpu_model, cpu_flags, cores, kernel_release, compiler, cflags, "
                 "blas_library, blas_config, blas_core, blas_coretype_env, counters_backend, "
                 "papi_version, papi_status, ctbench_version) VALUES "
                 "(strftime('%Y-%m-%dT%H:%M:%fZ','now'), 'running', ?1, ?2, ?3, ?4, ?5, ?6, "
                 "?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, "
                 "?23, ?24, ?25)",
                 &st, err);
    if (rc != CT_OK) return rc;
    bind_text(st, 1, cfg->name);
    bind_text(st, 2, cfg->path);
    bind_text(st, 3, cfg->text ? cfg->text : "");
    bind_text(st, 4, hash);
    bind_text(st, 5, seeds);
    sqlite3_bind_int64(st, 6, (sqlite3_int64)cfg->order_seed);
    sqlite3_bind_int(st, 7, cfg->interleave);
    bind_text(st, 8, row->baseline);
    bind_text(st, 9, sys->git_commit);
    if (sys->git_dirty >= 0) sqlite3_bind_int(st, 10, sys->git_dirty);
    else sqlite3_bind_null(st, 10);
    bind_text(st, 11, sys->host);
    bind_text(st, 12, sys->cpu_model);
    bind_text(st, 13, sys->cpu_flags);
    sqlite3_bind_int(st, 14, sys->cores);
    bind_text(st, 15, sys->kernel_release);
    bind_text(st, 16, sys->compiler);
    bind_text(st, 17, sys->cflags);
    bind_text(st, 18, sys->blas_library);
    bind_text(st, 19, sys->blas_config);
    bind_text(st, 20, sys->blas_core);
    bind_text(st, 21, sys->blas_coretype_env);
    bind_text(st, 22, row->counters_backend);
    bind_text(st, 23, row->papi_version);
    bind_text(st, 24, row->papi_status);
    bind_text(st, 25, sys->version);
    rc = run_stmt(db, st, "inserting the run", err);
    if (rc == CT_OK) *run_id = sqlite3_last_insert_rowid(db->h);
    return rc;
}

int bench_store_run_finish(bench_db *db, int64_t run_id, const char *status, const char *message,
                           ct_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = prepare(db,
                     "UPDATE run SET status = ?1, message = ?2, "
                     "finished_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?3",
                     &st, err);
    if (rc != CT_OK) return rc;
    bind_text(st, 1, status);
    bind_text(st, 2, message);
    sqlite3_bind_int64(st, 3, run_id);
    return run_stmt(db, st, "finishing the run", err);
}

int bench_store_run_find(bench_db *db, const char *config_hash, const char *commit,
                         const char *host, int64_t *run_id, char *status, ct_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = prepare(db,
                     "SELECT id, status FROM run WHERE config_hash = ?1 AND git_commit = ?2 "
                     "AND host = ?3 ORDER BY id DESC LIMIT 1",
                     &st, err);
    if (rc != CT_OK) return rc;
    bind_text(st, 1, config_hash);
    bind_text(st, 2, commit);
    bind_text(st, 3, host);
    *run_id = 0;
    status[0] = '\0';
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *run_id = sqlite3_column_int64(st, 0);
        snprintf(status, 16, "%s", (const char *)sqlite3_column_text(st, 1));
        rc = CT_OK;
    } else if (rc == SQLITE_DONE) {
        rc = CT_OK;
    } else {
        rc = bench_db_error(db, err, "looking up the run key");
    }
    sqlite3_finalize(st);
    return rc;
}

int bench_store_run_reopen(bench_db *db, int64_t run_id, ct_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = prepare(db,
                     "UPDATE run SET status = 'running', finished_at = NULL, message = NULL "
                     "WHERE id = ?1",
                     &st, err);
    if (rc != CT_OK) return rc;
    sqlite3_bind_int64(st, 1, run_id);
    return run_stmt(db, st, "reopening the run", err);
}

/* SELECT a single integer id; *id = 0 if no row. */
static int select_id(bench_db *db, sqlite3_stmt *st, int64_t *id, const char *what, ct_error *err)
{
    int rc = sqlite3_step(st);
    *id = 0;
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(st, 0);
        rc = CT_OK;
    } else if (rc == SQLITE_DONE) {
        rc = CT_OK;
    } else {
        rc = bench_db_error(db, err, what);
    }
    sqlite3_finalize(st);
    return rc;
}

int bench_store_workload(bench_db *db, const bench_workload_row *row, int64_t *id, ct_error *err)
{
    sqlite3_stmt *st = NULL;
    char hash[17];
    int rc;
    bench_hex64(row->content_hash, hash);
    rc = prepare(db, "SELECT id FROM workload WHERE label = ?1 AND content_hash = ?2", &st, err);
    if (rc != CT_OK) return rc;
    bind_text(st, 1, row->label);
    bind_text(st, 2, hash);
    rc = select_id(db, st, id, "looking up the workload", err);
    if (rc != CT_OK || *id) return rc;
    rc = prepare(db,
                 "INSERT INTO workload (label, source, generator, n, dim, m, covariance, "
                 "variance, lengthscale, seed, files, content_hash) VALUES "
                 "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                 &st, err);
    if (rc != CT_OK) return rc;
    bind_text(st, 1, row->label);
    bind_text(st, 2, row->source);
    bind_text(st, 3, row->generator);
    sqlite3_bind_int(st, 4, row->n);
    sqlite3_bind_int(st, 5, row->dim);
    sqlite3_bind_int(st, 6, row->m);
    bind_text(st, 7, row->covariance);
    sqlite3_bind_double(st, 8, row->variance);
    bind_text(st, 9, row->lengthscale);
    if (row->seed >= 0) sqlite3_bind_int64(st, 10, row->seed);
    else sqlite3_bind_null(st, 10);
    bind_text(st, 11, row->files);
    bind_text(st, 12, hash);
    rc = run_stmt(db, st, "inserting the workload", err);
    if (rc == CT_OK) *id = sqlite3_last_insert_rowid(db->h);
    return rc;
}

int bench_store_variant(bench_db *db, const ct_variant *v, int64_t *id, ct_error *err)
{
    sqlite3_stmt *st = NULL;
    char name[CT_VARIANT_NAME_MAX], options[64] = "";
    const char *family;
    int rc, tree = v->family == CT_VARIANT_TREE;

    ct_variant_format(v, name, sizeof name);
    rc = prepare(db, "SELECT id FROM variant WHERE name = ?1", &st, err);
    if (rc != CT_OK) return rc;
    bind_text(st, 1, name);
    rc = select_id(db, st, id, "looking up the variant", err);
    if (rc != CT_OK || *id) return rc;
    for (int o = 0; o < CT_OPTION_COUNT; o++) {
        if (v->options & (1u << o)) {
            if (options[0]) strcat(options, "+");
            strcat(options, ct_axis_value_name(CT_AXIS_OPTION, o));
        }
    }
    family = ct_variant_family_name(v->family);
    rc = prepare(db,
                 "INSERT INTO variant (name, family, topology, node_order, data, traversal, "
                 "kernel, precision, options, exact) VALUES "
                 "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                 &st, err);
    if (rc != CT_OK) return rc;
    bind_text(st, 1, name);
    bind_text(st, 2, family);
    bind_text(st, 3, tree ? ct_axis_value_name(CT_AXIS_TOPOLOGY, v->topology) : NULL);
    bind_text(st, 4, tree ? ct_axis_value_name(CT_AXIS_ORDER, v->order) : NULL);
    bind_text(st, 5, tree ? ct_axis_value_name(CT_AXIS_DATA, v->data) : NULL);
    bind_text(st, 6, tree ? ct_axis_value_name(CT_AXIS_TRAVERSAL, v->traversal) : NULL);
    bind_text(st, 7, tree ? ct_axis_value_name(CT_AXIS_KERNEL, v->kernel) : NULL);
    bind_text(st, 8, ct_axis_value_name(CT_AXIS_PRECISION, v->precision));
    bind_text(st, 9, options);
    sqlite3_bind_int(st, 10, ct_variant_is_exact(v) ? 1 : 0);
    rc = run_stmt(db, st, "inserting the variant", err);
    if (rc == CT_OK) *id = sqlite3_last_insert_rowid(db->h);
    return rc;
}

int bench_store_unit_exists(bench_db *db, const bench_unit_key *key, int *exists, ct_error *err)
{
    sqlite3_stmt *st = NULL;
    int64_t id;
    int rc = prepare(db,
                     "SELECT id FROM result WHERE run_id = ?1 AND variant_id = ?2 AND "
                     "workload_id = ?3 AND threads = ?4 AND k = ?5 AND predecessor = ?6 AND "
                     "exclude_self = ?7 AND build = ?8",
                     &st, err);
    if (rc != CT_OK) return rc;
    sqlite3_bind_int64(st, 1, key->run_id);
    sqlite3_bind_int64(st, 2, key->variant_id);
    sqlite3_bind_int64(st, 3, key->workload_id);
    sqlite3_bind_int(st, 4, key->threads);
    sqlite3_bind_int(st, 5, key->k);
    sqlite3_bind_int(st, 6, key->predecessor);
    sqlite3_bind_int(st, 7, key->exclude_self);
    bind_text(st, 8, key->build);
    rc = select_id(db, st, &id, "looking up a stored result", err);
    *exists = id > 0;
    return rc;
}

int bench_store_result(bench_db *db, const bench_result_row *row, int64_t *id, ct_error *err)
{
    sqlite3_stmt *st = NULL;
    char hash[17];
    int rc = prepare(db,
                     "INSERT INTO result (run_id, variant_id, workload_id, threads, k, nq, "
                     "predecessor, exclude_self, build, verified, valid, recall, "
                     "verify_queries, exact_queries, max_distance_error, answer_hash, note) "
                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
                     "?15, ?16, ?17)",
                     &st, err);
    if (rc != CT_OK) return rc;
    sqlite3_bind_int64(st, 1, row->key.run_id);
    sqlite3_bind_int64(st, 2, row->key.variant_id);
    sqlite3_bind_int64(st, 3, row->key.workload_id);
    sqlite3_bind_int(st, 4, row->key.threads);
    sqlite3_bind_int(st, 5, row->key.k);
    sqlite3_bind_int(st, 6, row->nq);
    sqlite3_bind_int(st, 7, row->key.predecessor);
    sqlite3_bind_int(st, 8, row->key.exclude_self);
    bind_text(st, 9, row->key.build);
    bind_text(st, 10, row->verified);
    sqlite3_bind_int(st, 11, row->valid);
    bind_real(st, 12, row->recall);
    sqlite3_bind_int(st, 13, row->verify_queries);
    if (row->exact_queries >= 0) sqlite3_bind_int(st, 14, row->exact_queries);
    else sqlite3_bind_null(st, 14);
    bind_real(st, 15, row->max_distance_error);
    if (row->has_answer_hash) {
        bench_hex64(row->answer_hash, hash);
        bind_text(st, 16, hash);
    } else {
        sqlite3_bind_null(st, 16);
    }
    bind_text(st, 17, row->note);
    rc = run_stmt(db, st, "inserting a result", err);
    if (rc == CT_OK) *id = sqlite3_last_insert_rowid(db->h);
    return rc;
}

int bench_store_measurement(bench_db *db, const bench_measurement_row *row, int64_t *id,
                            ct_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = prepare(db,
                     "INSERT INTO measurement (run_id, workload_id, result_id, variant_id, "
                     "threads, phase, detail, repetition, seq, wall_ns, nq, dist_evals, "
                     "nodes_visited, heap_ops, v_bytes, verified, recall, valid, build) "
                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
                     "?15, ?16, ?17, ?18, ?19)",
                     &st, err);
    if (rc != CT_OK) return rc;
    sqlite3_bind_int64(st, 1, row->run_id);
    sqlite3_bind_int64(st, 2, row->workload_id);
    bind_id(st, 3, row->result_id);
    bind_id(st, 4, row->variant_id);
    sqlite3_bind_int(st, 5, row->threads);
    bind_text(st, 6, row->phase);
    bind_text(st, 7, row->detail);
    sqlite3_bind_int(st, 8, row->repetition);
    if (row->seq >= 0) sqlite3_bind_int64(st, 9, row->seq);
    else sqlite3_bind_null(st, 9);
    sqlite3_bind_int64(st, 10, row->wall_ns);
    if (row->nq > 0) sqlite3_bind_int(st, 11, row->nq);
    else sqlite3_bind_null(st, 11);
    if (row->work) {
        sqlite3_bind_int64(st, 12, (sqlite3_int64)row->work->dist_evals);
        sqlite3_bind_int64(st, 13, (sqlite3_int64)row->work->nodes_visited);
        sqlite3_bind_int64(st, 14, (sqlite3_int64)row->work->heap_ops);
        sqlite3_bind_int64(st, 15, (sqlite3_int64)row->work->v_bytes);
    } else {
        for (int i = 12; i <= 15; i++) sqlite3_bind_null(st, i);
    }
    bind_text(st, 16, row->verified);
    bind_real(st, 17, row->recall);
    if (row->valid >= 0) sqlite3_bind_int(st, 18, row->valid);
    else sqlite3_bind_null(st, 18);
    bind_text(st, 19, row->build);
    rc = run_stmt(db, st, "inserting a measurement", err);
    if (rc == CT_OK && id) *id = sqlite3_last_insert_rowid(db->h);
    return rc;
}

int bench_store_counter(bench_db *db, const bench_counter_row *row, ct_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = prepare(db,
                     "INSERT INTO counter (run_id, result_id, measurement_id, event, value, "
                     "source, status, reason, ratio) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
                     "?9)",
                     &st, err);
    if (rc != CT_OK) return rc;
    sqlite3_bind_int64(st, 1, row->run_id);
    bind_id(st, 2, row->result_id);
    bind_id(st, 3, row->measurement_id);
    bind_text(st, 4, row->event);
    if (row->has_value) sqlite3_bind_int64(st, 5, row->value);
    else sqlite3_bind_null(st, 5);
    bind_text(st, 6, row->source);
    bind_text(st, 7, row->status);
    bind_text(st, 8, row->reason);
    bind_real(st, 9, row->ratio);
    return run_stmt(db, st, "inserting a counter", err);
}

int bench_store_summary(bench_db *db, int64_t result_id, ct_error *err)
{
    sqlite3_stmt *st = NULL;
    double *walls = NULL;
    double per_q[4] = {NAN, NAN, NAN, NAN};
    int n = 0, cap = 0, rc, step;
    bench_stats s;

    rc = prepare(db,
                 "SELECT wall_ns, nq, dist_evals, nodes_visited, heap_ops, v_bytes "
                 "FROM measurement WHERE result_id = ?1 AND phase = 'query' "
                 "ORDER BY repetition",
                 &st, err);
    if (rc != CT_OK) return rc;
    sqlite3_bind_int64(st, 1, result_id);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            double *nw;
            cap = cap ? 2 * cap : 16;
            nw = realloc(walls, (size_t)cap * sizeof *walls);
            if (!nw) {
                rc = ct_error_set(err, CT_ENOMEM, "out of memory");
                goto done;
            }
            walls = nw;
        }
        walls[n] = (double)sqlite3_column_int64(st, 0);
        if (n == 0 && sqlite3_column_int64(st, 1) > 0) {
            /* the work counters are deterministic: the first repetition's are the value */
            double nq = (double)sqlite3_column_int64(st, 1);
            for (int c = 0; c < 4; c++)
                if (sqlite3_column_type(st, 2 + c) != SQLITE_NULL)
                    per_q[c] = (double)sqlite3_column_int64(st, 2 + c) / nq;
        }
        n++;
    }
    if (step != SQLITE_DONE) {
        rc = bench_db_error(db, err, "reading measurements");
        goto done;
    }
    sqlite3_finalize(st);
    st = NULL;
    bench_stats_compute(walls, n, &s);
    rc = prepare(db,
                 "INSERT OR REPLACE INTO summary (result_id, reps, median_ns, q1_ns, q3_ns, "
                 "min_ns, max_ns, dist_evals_per_query, nodes_visited_per_query, "
                 "heap_ops_per_query, v_bytes_per_query) VALUES "
                 "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                 &st, err);
    if (rc != CT_OK) goto done;
    sqlite3_bind_int64(st, 1, result_id);
    sqlite3_bind_int(st, 2, n);
    bind_real(st, 3, s.median);
    bind_real(st, 4, s.q1);
    bind_real(st, 5, s.q3);
    bind_real(st, 6, s.min);
    bind_real(st, 7, s.max);
    for (int c = 0; c < 4; c++) bind_real(st, 8 + c, per_q[c]);
    rc = run_stmt(db, st, "inserting a summary", err);
    st = NULL;
done:
    sqlite3_finalize(st);
    free(walls);
    return rc;
}

int bench_store_setup_exists(bench_db *db, int64_t run_id, int64_t workload_id, const char *phase,
                             const char *detail, const char *build, int *exists, ct_error *err)
{
    sqlite3_stmt *st = NULL;
    int64_t id;
    int rc = prepare(db,
                     "SELECT id FROM measurement WHERE run_id = ?1 AND workload_id = ?2 AND "
                     "phase = ?3 AND detail IS ?4 AND build IS ?5 LIMIT 1",
                     &st, err);
    if (rc != CT_OK) return rc;
    sqlite3_bind_int64(st, 1, run_id);
    sqlite3_bind_int64(st, 2, workload_id);
    bind_text(st, 3, phase);
    bind_text(st, 4, detail);
    bind_text(st, 5, build);
    rc = select_id(db, st, &id, "looking up a setup phase", err);
    *exists = id > 0;
    return rc;
}

int bench_store_tree(bench_db *db, const bench_tree_row *row, ct_error *err)
{
    sqlite3_stmt *st = NULL;
    const ct_tree_stats *t = row->stats;
    int rc = prepare(db,
                     "INSERT OR IGNORE INTO tree (run_id, workload_id, build, insertion, "
                     "base, si, batch, threads, build_ns, check_ns, nodes, depth, leaves, "
                     "internal, max_fanout, mean_fanout, mean_leaf_depth) VALUES (?1, ?2, "
                     "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
                     &st, err);
    if (rc != CT_OK) return rc;
    sqlite3_bind_int64(st, 1, row->run_id);
    sqlite3_bind_int64(st, 2, row->workload_id);
    bind_text(st, 3, row->build);
    bind_text(st, 4, row->insertion);
    sqlite3_bind_double(st, 5, row->base);
    bind_text(st, 6, row->si);
    sqlite3_bind_int(st, 7, row->batch);
    sqlite3_bind_int(st, 8, row->threads);
    sqlite3_bind_int64(st, 9, row->build_ns);
    if (row->check_ns >= 0) sqlite3_bind_int64(st, 10, row->check_ns);
    else sqlite3_bind_null(st, 10);
    sqlite3_bind_int(st, 11, t->n);
    sqlite3_bind_int(st, 12, t->depth);
    sqlite3_bind_int(st, 13, t->leaves);
    sqlite3_bind_int(st, 14, t->internal);
    sqlite3_bind_int(st, 15, t->max_fanout);
    sqlite3_bind_double(st, 16, t->mean_fanout);
    sqlite3_bind_double(st, 17, t->mean_leaf_depth);
    return run_stmt(db, st, "inserting a tree", err);
}
