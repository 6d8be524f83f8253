/* annotation.c -- storing and reading annotations (annotation.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annotation.h"
#include "store.h"

static int is_hex(const char *s)
{
    return *s && strspn(s, "0123456789abcdefABCDEF") == strlen(s);
}

/* The full commit of the runs whose commit starts with `prefix`, when there
 * is exactly one; otherwise `prefix` itself. */
static int full_commit(bench_db *db, const char *prefix, char *out, size_t size, ct_error *err)
{
    sqlite3_stmt *st = NULL;
    char pattern[80];
    int step, n = 0, rc;
    snprintf(out, size, "%s", prefix);
    snprintf(pattern, sizeof pattern, "%s%%", prefix);
    rc = bench_db_prepare(db,
                          "SELECT DISTINCT git_commit FROM run WHERE lower(git_commit) LIKE "
                          "lower(?1)",
                          &st, err);
    if (rc != CT_OK) return rc;
    bench_db_bind_text(st, 1, pattern);
    char first[64] = "";
    while ((step = sqlite3_step(st)) == SQLITE_ROW)
        if (n++ == 0) snprintf(first, sizeof first, "%s", bench_db_text(st, 0, ""));
    if (step != SQLITE_DONE) rc = bench_db_error(db, err, "reading the runs' commits");
    sqlite3_finalize(st);
    if (rc == CT_OK && n == 1) snprintf(out, size, "%s", first);
    return rc;
}

int bench_annotation_add(bench_db *db, int64_t run_id, const char *commit, const char *text,
                         int64_t *id, ct_error *err)
{
    sqlite3_stmt *st = NULL;
    char full[64] = "";
    int rc;
    if (!text || !*text) return ct_error_set(err, CT_EINVAL, "an annotation needs a text");
    if (strlen(text) >= BENCH_ANNOTATION_TEXT_MAX)
        return ct_error_set(err, CT_EINVAL, "annotation text longer than %d bytes",
                            BENCH_ANNOTATION_TEXT_MAX - 1);
    if (run_id <= 0) {
        if (!commit || strlen(commit) < 4 || strlen(commit) > 40 || !is_hex(commit))
            return ct_error_set(err, CT_EINVAL, "'%s' is not a commit (4 to 40 hex digits)",
                                commit ? commit : "");
        rc = full_commit(db, commit, full, sizeof full, err);
        if (rc != CT_OK) return rc;
    }
    rc = bench_db_prepare(db,
                          "INSERT INTO annotation (created_at, run_id, git_commit, text) "
                          "VALUES (" BENCH_SQL_NOW ", ?1, CASE WHEN ?1 IS NULL THEN ?2 ELSE "
                          "(SELECT git_commit FROM run WHERE id = ?1) END, ?3)",
                          &st, err);
    if (rc != CT_OK) return rc;
    bench_db_bind_int_or_null(st, 1, run_id, run_id > 0);
    bench_db_bind_text(st, 2, full);
    bench_db_bind_text(st, 3, text);
    rc = bench_db_step_done(db, st, "storing the annotation", err);
    if (rc == CT_OK && id) *id = sqlite3_last_insert_rowid(db->h);
    return rc;
}

static void read_row(sqlite3_stmt *st, bench_annotation *a)
{
    memset(a, 0, sizeof *a);
    a->id = sqlite3_column_int64(st, 0);
    a->run_id = sqlite3_column_int64(st, 1);
    snprintf(a->commit, sizeof a->commit, "%s", bench_db_text(st, 2, ""));
    snprintf(a->created_at, sizeof a->created_at, "%s", bench_db_text(st, 3, ""));
    snprintf(a->text, sizeof a->text, "%s", bench_db_text(st, 4, ""));
}

#define ANNOTATION_COLUMNS "id, coalesce(run_id, 0), git_commit, created_at, text FROM annotation"

static int has_table(bench_db *db, int *yes, ct_error *err)
{
    sqlite3_stmt *st = NULL;
    int64_t n = 0;
    int rc = bench_db_prepare(db,
                              "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name "
                              "= 'annotation'",
                              &st, err);
    if (rc != CT_OK) return rc;
    rc = bench_db_select_id(db, st, &n, "reading the schema", err);
    *yes = n > 0;
    return rc;
}

int bench_annotation_list(bench_db *db, bench_annotation **list, int *count, ct_error *err)
{
    sqlite3_stmt *st = NULL;
    int step, yes = 0, cap = 0, rc;
    *list = NULL;
    *count = 0;
    rc = has_table(db, &yes, err);
    if (rc != CT_OK || !yes) return rc;
    rc = bench_db_prepare(db, "SELECT " ANNOTATION_COLUMNS " ORDER BY id", &st, err);
    if (rc != CT_OK) return rc;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (*count == cap) {
            int ncap = cap ? 2 * cap : 8;
            bench_annotation *grown = realloc(*list, (size_t)ncap * sizeof **list);
            if (!grown) {
                rc = ct_error_set(err, CT_ENOMEM, "out of memory reading annotations");
                break;
            }
            *list = grown;
            cap = ncap;
        }
        read_row(st, &(*list)[(*count)++]);
    }
    if (rc == CT_OK && step != SQLITE_DONE) rc = bench_db_error(db, err, "reading annotations");
    sqlite3_finalize(st);
    if (rc != CT_OK) {
        free(*list);
        *list = NULL;
        *count = 0;
    }
    return rc;
}

int bench_annotation_get(bench_db *db, int64_t id, bench_annotation *out, ct_error *err)
{
    sqlite3_stmt *st = NULL;
    int step, yes = 0, rc;
    rc = has_table(db, &yes, err);
    if (rc != CT_OK) return rc;
    if (!yes)
        return ct_error_set(err, CT_EINVAL, "no annotation %lld in %s", (long long)id, db->path);
    rc = bench_db_prepare(db, "SELECT " ANNOTATION_COLUMNS " WHERE id = ?1", &st, err);
    if (rc != CT_OK) return rc;
    bench_db_bind_id(st, 1, id);
    step = sqlite3_step(st);
    if (step == SQLITE_ROW) read_row(st, out);
    else if (step == SQLITE_DONE)
        rc = ct_error_set(err, CT_EINVAL, "no annotation %lld in %s", (long long)id, db->path);
    else rc = bench_db_error(db, err, "reading the annotation");
    sqlite3_finalize(st);
    return rc;
}
