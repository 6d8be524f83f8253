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

int bench_store_workload(bench_db *db, const bench_workload_row *row, int64_t *id, ct_error *err)
{
    sqlite3_stmt *st = NULL;
    char hash[17];
    int rc;
    bench_hex64(row->content_hash, hash);
    rc = bench_db_prepare(db, "SELECT id FROM workload WHERE label = ?1 AND content_hash = ?2", &st,
                          err);
    if (rc != CT_OK) return rc;
    bench_db_bind_text(st, 1, row->label);
    bench_db_bind_text(st, 2, hash);
    rc = bench_db_select_id(db, st, id, "looking up the workload", err);
    if (rc != CT_OK || *id) return rc;
    rc = bench_db_prepare(db,
                          "INSERT INTO workload (label, source, generator, n, dim, m, covariance, "
                          "variance, lengthscale, seed, files, content_hash) VALUES "
                          "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                          &st, err);
    if (rc != CT_OK) return rc;
    bench_db_bind_text(st, 1, row->label);
    bench_db_bind_text(st, 2, row->source);
    bench_db_bind_text(st, 3, row->generator);
    sqlite3_bind_int(st, 4, row->n);
    sqlite3_bind_int(st, 5, row->dim);
    sqlite3_bind_int(st, 6, row->m);
    bench_db_bind_text(st, 7, row->covariance);
    sqlite3_bind_double(st, 8, row->variance);
    bench_db_bind_text(st, 9, row->lengthscale);
    if (row->seed >= 0) sqlite3_bind_int64(st, 10, row->seed);
    else sqlite3_bind_null(st, 10);
    bench_db_bind_text(st, 11, row->files);
    bench_db_bind_text(st, 12, hash);
    rc = bench_db_step_done(db, st, "inserting the workload", err);
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
    rc = bench_db_prepare(db, "SELECT id FROM variant WHERE name = ?1", &st, err);
    if (rc != CT_OK) return rc;
    bench_db_bind_text(st, 1, name);
    rc = bench_db_select_id(db, st, id, "looking up the variant", err);
    if (rc != CT_OK || *id) return rc;
    for (int o = 0; o < CT_OPTION_COUNT; o++) {
        if (v->options & (1u << o)) {
            if (options[0]) strcat(options, "+");
            strcat(options, ct_axis_value_name(CT_AXIS_OPTION, o));
        }
    }
    family = ct_variant_family_name(v->family);
    rc = bench_db_prepare(
        db,
        "INSERT INTO variant (name, family, topology, node_order, data, traversal, "
        "kernel, precision, options, exact, params) VALUES "
        "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        &st, err);
    if (rc != CT_OK) return rc;
    bench_db_bind_text(st, 1, name);
    bench_db_bind_text(st, 2, family);
    bench_db_bind_text(st, 3, tree ? ct_axis_value_name(CT_AXIS_TOPOLOGY, v->topology) : NULL);
    bench_db_bind_text(st, 4, tree ? ct_axis_value_name(CT_AXIS_ORDER, v->order) : NULL);
    bench_db_bind_text(st, 5, tree ? ct_axis_value_name(CT_AXIS_DATA, v->data) : NULL);
    bench_db_bind_text(st, 6, tree ? ct_axis_value_name(CT_AXIS_TRAVERSAL, v->traversal) : NULL);
    bench_db_bind_text(st, 7, tree ? ct_axis_value_name(CT_AXIS_KERNEL, v->kernel) : NULL);
    bench_db_bind_text(st, 8, ct_axis_value_name(CT_AXIS_PRECISION, v->precision));
    bench_db_bind_text(st, 9, options);
    sqlite3_bind_int(st, 10, ct_variant_is_exact(v) ? 1 : 0);
    bench_db_bind_text(st, 11, strchr(name, '@') ? strchr(name, '@') + 1 : "");
    rc = bench_db_step_done(db, st, "inserting the variant", err);
    if (rc == CT_OK) *id = sqlite3_last_insert_rowid(db->h);
    return rc;
}

int bench_store_unit_exists(bench_db *db, const bench_unit_key *key, int *exists, ct_error *err)
{
    sqlite3_stmt *st = NULL;
    int64_t id;
    int rc =
        bench_db_prepare(db,
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
    bench_db_bind_text(st, 8, key->build);
    rc = bench_db_select_id(db, st, &id, "looking up a stored result", err);
    *exists = id > 0;
    return rc;
}

int bench_store_result(bench_db *db, const bench_result_row *row, int64_t *id, ct_error *err)
{
    sqlite3_stmt *st = NULL;
    char hash[17];
    int rc =
        bench_db_prepare(db,
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
    bench_db_bind_text(st, 9, row->key.build);
    bench_db_bind_text(st, 10, row->verified);
    sqlite3_bind_int(st, 11, row->valid);
    bench_db_bind_real(st, 12, row->recall);
    sqlite3_bind_int(st, 13, row->verify_queries);
    if (row->exact_queries >= 0) sqlite3_bind_int(st, 14, row->exact_queries);
    else sqlite3_bind_null(st, 14);
    bench_db_bind_real(st, 15, row->max_distance_error);
    if (row->has_answer_hash) {
        bench_hex64(row->answer_hash, hash);
        bench_db_bind_text(st, 16, hash);
    } else {
        sqlite3_bind_null(st, 16);
    }
    bench_db_bind_text(st, 17, row->note);
    rc = bench_db_step_done(db, st, "inserting a result", err);
    if (rc == CT_OK) *id = sqlite3_last_insert_rowid(db->h);
    return rc;
}

int bench_store_measurement(bench_db *db, const bench_measurement_row *row, int64_t *id,
                            ct_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc =
        bench_db_prepare(db,
                         "INSERT INTO measurement (run_id, workload_id, result_id, variant_id, "
                         "threads, phase, detail, repetition, seq, wall_ns, nq, dist_evals, "
                         "nodes_visited, heap_ops, v_bytes, verified, recall, valid, build, "
                         "useful_pairs, rows_fetched, v_bytes_fetched, round, cpu_ns, "
                         "ctx_switches, other_cpu_frac, steal_frac, noisy, cpu_ticks, "
                         "other_ticks) "
                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
                         "?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, "
                         "?29, ?30)",
                         &st, err);
    if (rc != CT_OK) return rc;
    sqlite3_bind_int64(st, 1, row->run_id);
    sqlite3_bind_int64(st, 2, row->workload_id);
    bench_db_bind_id(st, 3, row->result_id);
    bench_db_bind_id(st, 4, row->variant_id);
    sqlite3_bind_int(st, 5, row->threads);
    bench_db_bind_text(st, 6, row->phase);
    bench_db_bind_text(st, 7, row->detail);
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
        sqlite3_bind_int64(st, 20, (sqlite3_int64)row->work->useful_pairs);
        sqlite3_bind_int64(st, 21, (sqlite3_int64)row->work->rows_fetched);
        sqlite3_bind_int64(st, 22, (sqlite3_int64)row->work->v_bytes_fetched);
    } else {
        for (int i = 12; i <= 15; i++) sqlite3_bind_null(st, i);
        for (int i = 20; i <= 22; i++) sqlite3_bind_null(st, i);
    }
    bench_db_bind_int_or_null(st, 23, row->round, row->round >= 0);
    if (row->noise) {
        sqlite3_bind_int64(st, 24, row->noise->cpu_ns);
        sqlite3_bind_int64(st, 25, row->noise->ctx_switches);
        bench_db_bind_real(st, 26, row->noise->other_cpu);
        bench_db_bind_real(st, 27, row->noise->steal);
        sqlite3_bind_int(st, 28, row->noise->noisy);
        if (row->noise->ticks > 0) {
            sqlite3_bind_int64(st, 29, row->noise->ticks);
            sqlite3_bind_double(st, 30, row->noise->other_ticks);
        }
    } else {
        for (int i = 24; i <= 30; i++) sqlite3_bind_null(st, i);
    }
    bench_db_bind_text(st, 16, row->verified);
    bench_db_bind_real(st, 17, row->recall);
    if (row->valid >= 0) sqlite3_bind_int(st, 18, row->valid);
    else sqlite3_bind_null(st, 18);
    bench_db_bind_text(st, 19, row->build);
    rc = bench_db_step_done(db, st, "inserting a measurement", err);
    if (rc == CT_OK && id) *id = sqlite3_last_insert_rowid(db->h);
    return rc;
}

int bench_store_counter(bench_db *db, const bench_counter_row *row, ct_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc =
        bench_db_prepare(db,
                         "INSERT INTO counter (run_id, result_id, measurement_id, event, value, "
                         "source, status, reason, ratio) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
                         "?9)",
                         &st, err);
    if (rc != CT_OK) return rc;
    sqlite3_bind_int64(st, 1, row->run_id);
    bench_db_bind_id(st, 2, row->result_id);
    bench_db_bind_id(st, 3, row->measurement_id);
    bench_db_bind_text(st, 4, row->event);
    if (row->has_value) sqlite3_bind_int64(st, 5, row->value);
    else sqlite3_bind_null(st, 5);
    bench_db_bind_text(st, 6, row->source);
    bench_db_bind_text(st, 7, row->status);
    bench_db_bind_text(st, 8, row->reason);
    bench_db_bind_real(st, 9, row->ratio);
    return bench_db_step_done(db, st, "inserting a counter", err);
}

int bench_store_summary(bench_db *db, int64_t result_id, ct_error *err)
{
    sqlite3_stmt *st = NULL;
    double *walls = NULL;
    double per_q[7] = {NAN, NAN, NAN, NAN, NAN, NAN, NAN};
    int n = 0, cap = 0, rc, step, noisy = 0;
    bench_stats s;

    rc = bench_db_prepare(db,
                          "SELECT wall_ns, nq, dist_evals, nodes_visited, heap_ops, v_bytes, "
                          "useful_pairs, rows_fetched, v_bytes_fetched, coalesce(noisy, 0) "
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
            for (int c = 0; c < 7; c++)
                if (sqlite3_column_type(st, 2 + c) != SQLITE_NULL)
                    per_q[c] = (double)sqlite3_column_int64(st, 2 + c) / nq;
        }
        noisy += sqlite3_column_int(st, 9) != 0;
        n++;
    }
    if (step != SQLITE_DONE) {
        rc = bench_db_error(db, err, "reading measurements");
        goto done;
    }
    sqlite3_finalize(st);
    st = NULL;
    bench_stats_compute(walls, n, &s);
    rc = bench_db_prepare(
        db,
        "INSERT OR REPLACE INTO summary (result_id, reps, median_ns, q1_ns, q3_ns, "
        "min_ns, max_ns, dist_evals_per_query, nodes_visited_per_query, "
        "heap_ops_per_query, v_bytes_per_query, useful_pairs_per_query, "
        "rows_fetched_per_query, v_bytes_fetched_per_query, noisy_reps) VALUES "
        "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        &st, err);
    if (rc != CT_OK) goto done;
    sqlite3_bind_int64(st, 1, result_id);
    sqlite3_bind_int(st, 2, n);
    bench_db_bind_real(st, 3, s.median);
    bench_db_bind_real(st, 4, s.q1);
    bench_db_bind_real(st, 5, s.q3);
    bench_db_bind_real(st, 6, s.min);
    bench_db_bind_real(st, 7, s.max);
    for (int c = 0; c < 7; c++) bench_db_bind_real(st, 8 + c, per_q[c]);
    sqlite3_bind_int(st, 15, noisy);
    rc = bench_db_step_done(db, st, "inserting a summary", err);
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
    int rc =
        bench_db_prepare(db,
                         "SELECT id FROM measurement WHERE run_id = ?1 AND workload_id = ?2 AND "
                         "phase = ?3 AND detail IS ?4 AND build IS ?5 LIMIT 1",
                         &st, err);
    if (rc != CT_OK) return rc;
    sqlite3_bind_int64(st, 1, run_id);
    sqlite3_bind_int64(st, 2, workload_id);
    bench_db_bind_text(st, 3, phase);
    bench_db_bind_text(st, 4, detail);
    bench_db_bind_text(st, 5, build);
    rc = bench_db_select_id(db, st, &id, "looking up a setup phase", err);
    *exists = id > 0;
    return rc;
}

int bench_store_tree(bench_db *db, const bench_tree_row *row, ct_error *err)
{
    sqlite3_stmt *st = NULL;
    const ct_tree_stats *t = row->stats;
    int rc =
        bench_db_prepare(db,
                         "INSERT OR IGNORE INTO tree (run_id, workload_id, build, insertion, "
                         "base, si, batch, threads, build_ns, check_ns, nodes, depth, leaves, "
                         "internal, max_fanout, mean_fanout, mean_leaf_depth, warning) VALUES (?1, "
                         "?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
                         "?17, ?18)",
                         &st, err);
    if (rc != CT_OK) return rc;
    sqlite3_bind_int64(st, 1, row->run_id);
    sqlite3_bind_int64(st, 2, row->workload_id);
    bench_db_bind_text(st, 3, row->build);
    bench_db_bind_text(st, 4, row->insertion);
    sqlite3_bind_double(st, 5, row->base);
    bench_db_bind_text(st, 6, row->si);
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
    if (t->warning[0]) bench_db_bind_text(st, 18, t->warning);
    else sqlite3_bind_null(st, 18);
    return bench_db_step_done(db, st, "inserting a tree", err);
}

int bench_store_result_extra(bench_db *db, int64_t result_id, const char *name, const double *value,
                             const char *text, ct_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = bench_db_prepare(db,
                              "INSERT OR REPLACE INTO result_extra (result_id, name, value, text) "
                              "VALUES (?1, ?2, ?3, ?4)",
                              &st, err);
    if (rc != CT_OK) return rc;
    sqlite3_bind_int64(st, 1, result_id);
    bench_db_bind_text(st, 2, name);
    if (value && isfinite(*value)) sqlite3_bind_double(st, 3, *value);
    else sqlite3_bind_null(st, 3);
    bench_db_bind_text(st, 4, text);
    return bench_db_step_done(db, st, "inserting a result extra", err);
}
