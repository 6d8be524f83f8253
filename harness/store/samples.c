/* samples.c -- read one result's timed samples and their noise (samples.h). */
#include "samples.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"

int bench_samples_load(bench_db *db, int64_t result_id, int64_t paired_with, bench_samples *out,
                       ct_error *err)
{
    sqlite3_stmt *st = NULL;
    int cap = 0, step, rc;
    memset(out, 0, sizeof *out);
    rc = bench_db_prepare(
        db,
        "SELECT wall_ns, coalesce(noisy, 0), coalesce(cpu_ticks, 0), "
        "coalesce(other_ticks, coalesce(other_cpu_frac, 0) * coalesce(cpu_ticks, 0)), "
        "coalesce(steal_frac, 0) FROM measurement "
        "WHERE result_id = ?1 AND phase = 'query' AND (?2 = 0 OR round IN (SELECT p.round FROM "
        "measurement p WHERE p.result_id = ?2 AND p.phase = 'query')) ORDER BY id",
        &st, err);
    if (rc != CT_OK) return rc;
    sqlite3_bind_int64(st, 1, result_id);
    sqlite3_bind_int64(st, 2, paired_with);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t ticks = sqlite3_column_int64(st, 2);
        if (out->n == cap) {
            int ncap = cap ? 2 * cap : 16;
            double *p = realloc(out->ns, (size_t)ncap * sizeof *p);
            if (!p) {
                sqlite3_finalize(st);
                bench_samples_free(out);
                return ct_error_set(err, CT_ENOMEM, "out of memory for the samples of result %lld",
                                    (long long)result_id);
            }
            out->ns = p;
            cap = ncap;
        }
        out->ns[out->n++] = (double)sqlite3_column_int64(st, 0);
        out->noisy += sqlite3_column_int(st, 1) != 0;
        out->ticks += ticks;
        out->other_ticks += sqlite3_column_double(st, 3);
        out->steal_ticks += sqlite3_column_double(st, 4) * (double)ticks;
    }
    if (step != SQLITE_DONE) {
        rc = bench_db_error(db, err, "reading the samples");
        bench_samples_free(out);
    }
    sqlite3_finalize(st);
    return rc;
}

void bench_samples_free(bench_samples *s)
{
    free(s->ns);
    memset(s, 0, sizeof *s);
}

double bench_samples_other_share(const bench_samples *s)
{
    return s->ticks > 0 ? s->other_ticks / (double)s->ticks : NAN;
}

double bench_samples_steal_share(const bench_samples *s)
{
    return s->ticks > 0 ? s->steal_ticks / (double)s->ticks : NAN;
}
