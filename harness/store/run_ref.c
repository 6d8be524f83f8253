/* run_ref.c -- a run named the way `ctbench compare` accepts it (store.h):
 * a run id, "latest", or a commit (a prefix of at least 4 hex digits that
 * is not all digits, or "commit:PREFIX"): the newest complete run of that
 * commit, optionally only among the runs of one config name; or
 * "annotation:ID": the annotated run, or the newest complete run of the
 * annotated commit (issue 11: compare and history can start at it). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annotation.h"
#include "store.h"

static int is_hex(const char *s)
{
    return *s && strspn(s, "0123456789abcdefABCDEF") == strlen(s);
}

static int is_digits(const char *s)
{
    return *s && strspn(s, "0123456789") == strlen(s);
}

static int newest_named(bench_db *db, const char *name, int64_t *run_id, ct_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = bench_db_prepare(db,
                              "SELECT coalesce(max(id), 0) FROM run WHERE name = ?1 AND status = "
                              "'complete'",
                              &st, err);
    if (rc != CT_OK) return rc;
    bench_db_bind_text(st, 1, name);
    rc = bench_db_select_id(db, st, run_id, "reading the runs", err);
    if (rc == CT_OK && !*run_id)
        rc = ct_error_set(err, CT_EINVAL, "no complete run named '%s' in %s", name, db->path);
    return rc;
}

static int by_commit(bench_db *db, const char *prefix, const char *name, int64_t *run_id,
                     ct_error *err)
{
    sqlite3_stmt *st = NULL;
    char pattern[80], first[64] = "";
    int step, commits = 0, rc;
    if (strlen(prefix) < 4 || strlen(prefix) > 64 || !is_hex(prefix))
        return ct_error_set(err, CT_EINVAL, "'%s' is not a commit (4 to 40 hex digits)", prefix);
    snprintf(pattern, sizeof pattern, "%s%%", prefix);
    /* the commits that match, newest complete run of each */
    rc = bench_db_prepare(db,
                          "SELECT git_commit, max(CASE WHEN status = 'complete' THEN id END), "
                          "count(*) FROM run WHERE lower(git_commit) LIKE lower(?1) AND (?2 IS "
                          "NULL OR name = ?2) GROUP BY git_commit",
                          &st, err);
    if (rc != CT_OK) return rc;
    bench_db_bind_text(st, 1, pattern);
    bench_db_bind_text(st, 2, name);
    *run_id = 0;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (commits++ == 0) {
            snprintf(first, sizeof first, "%s", bench_db_text(st, 0, ""));
            *run_id = sqlite3_column_int64(st, 1);
        }
    }
    if (step != SQLITE_DONE) rc = bench_db_error(db, err, "reading the runs");
    sqlite3_finalize(st);
    if (rc != CT_OK) return rc;
    if (commits == 0)
        return ct_error_set(err, CT_EINVAL, "no run of commit %s%s%s in %s", prefix,
                            name ? " named " : "", name ? name : "", db->path);
    if (commits > 1)
        return ct_error_set(err, CT_EINVAL, "commit %s is ambiguous in %s (%d commits match)",
                            prefix, db->path, commits);
    if (!*run_id)
        return ct_error_set(err, CT_EINVAL, "commit %.12s has runs in %s but none complete", first,
                            db->path);
    return CT_OK;
}

int bench_store_run_resolve_ref(bench_db *db, const char *text, const char *name, int64_t *run_id,
                                ct_error *err)
{
    *run_id = 0;
    if (!text || !*text) return ct_error_set(err, CT_EINVAL, "an empty run");
    if (!strncmp(text, "commit:", 7)) return by_commit(db, text + 7, name, run_id, err);
    if (!strncmp(text, "annotation:", 11)) {
        bench_annotation a;
        int rc;
        if (!is_digits(text + 11))
            return ct_error_set(err, CT_EINVAL, "'%s' is not annotation:ID", text);
        rc = bench_annotation_get(db, (int64_t)strtoll(text + 11, NULL, 10), &a, err);
        if (rc != CT_OK) return rc;
        if (a.run_id > 0) {
            *run_id = a.run_id;
            return CT_OK;
        }
        return by_commit(db, a.commit, name, run_id, err);
    }
    if (!strcmp(text, "latest") && name) return newest_named(db, name, run_id, err);
    if (!strcmp(text, "latest") || is_digits(text))
        return bench_store_run_resolve(db, text, run_id, err);
    if (is_hex(text)) return by_commit(db, text, name, run_id, err);
    return ct_error_set(err, CT_EINVAL,
                        "'%s' is not a run id, 'latest', a commit or DB:RUN (try ctbench compare "
                        "--help)",
                        text);
}
