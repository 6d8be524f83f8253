/* test_store_stats_common.h -- reading the reference CSVs that
 * tests/data/make_stats_reference.py writes (SciPy / NumPy values) for the
 * test_store_stats_* tests: one row per line, fields split at ',' (the
 * files never quote), number lists split at ';'.  Static functions only:
 * each test executable includes it once.
 */
#ifndef CT_TEST_STORE_STATS_COMMON_H
#define CT_TEST_STORE_STATS_COMMON_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define REF_MAX_FIELDS 16

typedef struct ref_table {
    char *text;  /* the whole file, cut into fields in place */
    int rows;    /* data rows (the header is skipped) */
    int fields;  /* fields per row */
    char **cell; /* rows x fields */
} ref_table;

/* Reads tests/data/NAME; 0 on success (failures are reported as checks). */
static __attribute__((unused)) int ref_read(const char *name, int fields, ref_table *t)
{
    FILE *f = fopen(ct_test_data(name), "rb");
    long size;
    int cap = 64;
    char *line;
    memset(t, 0, sizeof *t);
    CT_CHECK(f != NULL, "open %s (run tests/data/make_stats_reference.py)", name);
    if (!f) return -1;
    fseek(f, 0, SEEK_END);
    size = ftell(f);
    fseek(f, 0, SEEK_SET);
    t->text = malloc((size_t)size + 1);
    t->cell = malloc((size_t)cap * (size_t)fields * sizeof *t->cell);
    if (!t->text || !t->cell || fread(t->text, 1, (size_t)size, f) != (size_t)size) {
        fclose(f);
        CT_CHECK(0, "read %s", name);
        return -1;
    }
    fclose(f);
    t->text[size] = '\0';
    t->fields = fields;
    line = strchr(t->text, '\n'); /* skip the header */
    while (line && *++line) {
        char *end = strpbrk(line, "\r\n"), *p = line;
        int k = 0;
        if (end) *end = '\0';
        if (t->rows == cap) {
            cap *= 2;
            t->cell = realloc(t->cell, (size_t)cap * (size_t)fields * sizeof *t->cell);
            if (!t->cell) return -1;
        }
        for (; k < fields; k++) {
            char *comma = strchr(p, ',');
            t->cell[t->rows * fields + k] = p;
            if (!comma) break;
            *comma = '\0';
            p = comma + 1;
        }
        CT_CHECK(k == fields - 1, "%s row %d: %d fields, want %d", name, t->rows + 1, k + 1,
                 fields);
        if (k != fields - 1) return -1;
        t->rows++;
        line = end ? end : NULL;
        if (line && line[1] == '\n') line++; /* \r\n */
    }
    return 0;
}

static __attribute__((unused)) const char *ref_cell(const ref_table *t, int row, int field)
{
    return t->cell[row * t->fields + field];
}

static __attribute__((unused)) double ref_double(const ref_table *t, int row, int field)
{
    const char *s = ref_cell(t, row, field);
    if (strcmp(s, "inf") == 0) return INFINITY;
    return strtod(s, NULL);
}

/* The ';'-separated numbers of a cell, malloc'd; returns their count. */
static __attribute__((unused)) int ref_list(const ref_table *t, int row, int field, double **out)
{
    const char *s = ref_cell(t, row, field);
    int n = *s ? 1 : 0;
    for (const char *c = s; *c; c++) n += *c == ';';
    *out = malloc((size_t)(n ? n : 1) * sizeof **out);
    for (int i = 0; i < n; i++) {
        char *end;
        (*out)[i] = strtod(s, &end);
        s = *end == ';' ? end + 1 : end;
    }
    return n;
}

static __attribute__((unused)) void ref_free(ref_table *t)
{
    free(t->text);
    free(t->cell);
    memset(t, 0, sizeof *t);
}

/* |a - b| <= rel * max(|a|, |b|) (or both the same infinity). */
static __attribute__((unused)) int close_rel(double a, double b, double rel)
{
    if (a == b) return 1;
    return fabs(a - b) <= rel * fmax(fabs(a), fabs(b));
}

#endif
