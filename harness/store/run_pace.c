/* run_pace.c -- how fast an earlier run of a config went (store.h), for the
 * ETA of `run` and the estimate of `run --dry-run`: the newest complete run
 * with the same name (the same config text preferred), its seconds per
 * sample (warm-up or timed repetition, with the verification and recording
 * around it) and its setup seconds per tree (factor, build, check, lower).
 * A resumed run's wall span includes the pause; when the span is far longer
 * than the time its rows measured, the measured time (x 1.5) is used. */
#include <string.h>

#include "store.h"

int bench_store_run_pace(bench_db *db, const char *name, const char *config_hash,
                         bench_run_pace *out, ct_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = bench_db_prepare(
        db,
        "SELECT r.id, (julianday(r.finished_at) - julianday(r.started_at)) * 86400.0, "
        "  (SELECT count(*) FROM measurement m WHERE m.run_id = r.id "
        "     AND m.phase IN ('warmup','query')), "
        "  (SELECT coalesce(sum(m.wall_ns), 0) FROM measurement m WHERE m.run_id = r.id "
        "     AND m.phase IN ('warmup','query')) * 1e-9, "
        "  (SELECT coalesce(sum(m.wall_ns), 0) FROM measurement m WHERE m.run_id = r.id "
        "     AND m.phase IN ('factor','build','check','lower')) * 1e-9, "
        "  (SELECT count(*) FROM measurement m WHERE m.run_id = r.id AND m.phase = 'build') "
        "FROM run r WHERE r.name = ?1 AND r.status = 'complete' AND r.finished_at IS NOT NULL "
        "ORDER BY (r.config_hash = ?2) DESC, r.id DESC LIMIT 1",
        &st, err);
    memset(out, 0, sizeof *out);
    if (rc != CT_OK) return rc;
    bench_db_bind_text(st, 1, name);
    bench_db_bind_text(st, 2, config_hash ? config_hash : "");
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        double span = sqlite3_column_double(st, 1);
        long samples = (long)sqlite3_column_int64(st, 2);
        double sample_wall = sqlite3_column_double(st, 3);
        double setup = sqlite3_column_double(st, 4);
        long trees = (long)sqlite3_column_int64(st, 5);
        if (samples > 0 && span > 0) {
            double sampling = span - setup;
            if (span > 4.0 * (sample_wall + setup) || sampling < sample_wall)
                sampling = 1.5 * sample_wall;
            out->run_id = sqlite3_column_int64(st, 0);
            out->samples = samples;
            out->sample_s = sampling / (double)samples;
            out->setup_per_tree_s = setup / (double)(trees > 0 ? trees : 1);
            out->same_config = 0;
        }
        rc = CT_OK;
    } else {
        rc = rc == SQLITE_DONE ? CT_OK : bench_db_error(db, err, "reading earlier runs' pace");
    }
    sqlite3_finalize(st);
    if (rc == CT_OK && out->run_id && config_hash) {
        rc = bench_db_prepare(db, "SELECT config_hash = ?2 FROM run WHERE id = ?1", &st, err);
        if (rc != CT_OK) return rc;
        sqlite3_bind_int64(st, 1, out->run_id);
        bench_db_bind_text(st, 2, config_hash);
        if (sqlite3_step(st) == SQLITE_ROW) out->same_config = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
    }
    return rc;
}
