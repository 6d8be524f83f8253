/* annotation.h -- intentional changes recorded in the database (table
 * `annotation`, schema v5): "new algorithm", "moved to another machine".
 * An annotation is tied to a run or to a commit; histories and figures show
 * it, and `history --since annotation:ID` starts at it (the regime before
 * an intentional change is not compared with the one after it).
 */
#ifndef BENCH_ANNOTATION_H
#define BENCH_ANNOTATION_H

#include <stdint.h>

#include "ct/status.h"
#include "db.h"

#define BENCH_ANNOTATION_TEXT_MAX 512

typedef struct bench_annotation {
    int64_t id;
    int64_t run_id;  /* 0 when tied to a commit only */
    char commit[64]; /* the commit (the run's commit when tied to a run); "" unknown */
    char created_at[40];
    char text[BENCH_ANNOTATION_TEXT_MAX];
} bench_annotation;

/* Record `text` for run `run_id` (> 0; its commit is stored with it) or,
 * with run_id 0, for `commit` (4 to 40 hex digits; when runs of exactly one
 * full commit start with it, that full commit is stored).  *id may be NULL. */
int bench_annotation_add(bench_db *db, int64_t run_id, const char *commit, const char *text,
                         int64_t *id, ct_error *err);

/* Every annotation, oldest first; *list is malloc'd (free()), NULL when none.
 * A database before schema 5 has none. */
int bench_annotation_list(bench_db *db, bench_annotation **list, int *count, ct_error *err);

/* Annotation `id`; CT_EINVAL "no annotation ID in PATH" when absent. */
int bench_annotation_get(bench_db *db, int64_t id, bench_annotation *out, ct_error *err);

#endif
