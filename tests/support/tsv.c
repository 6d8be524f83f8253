/* tsv.c -- the tests' TSV reader (tsv.h). */
#define _POSIX_C_SOURCE 200809L
#include "tsv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static int split(char *line, char **fields, int cap)
{
    int n = 0;
    for (char *p = line; n < cap;) {
        char *tab = strchr(p, '\t');
        fields[n++] = p;
        if (!tab) break;
        *tab = '\0';
        p = tab + 1;
    }
    return n;
}

int ct_tsv_load(const char *dir, const char *name, ct_tsv *t)
{
    char path[1200], *line, *save = NULL;
    memset(t, 0, sizeof *t);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    t->text = ct_test_read_file(path);
    if (!t->text) return -1;
    t->cell = calloc(CT_TSV_MAX_ROWS, sizeof *t->cell);
    line = t->cell ? strtok_r(t->text, "\n", &save) : NULL;
    if (!line) {
        ct_tsv_free(t);
        return -1;
    }
    t->ncols = split(line, t->head, CT_TSV_MAX_COLS);
    while ((line = strtok_r(NULL, "\n", &save)) && t->nrows < CT_TSV_MAX_ROWS)
        if (split(line, t->cell[t->nrows], CT_TSV_MAX_COLS) == t->ncols) t->nrows++;
    return 0;
}

int ct_tsv_col(const ct_tsv *t, const char *name)
{
    for (int i = 0; i < t->ncols; i++)
        if (!strcmp(t->head[i], name)) return i;
    return -1;
}

void ct_tsv_free(ct_tsv *t)
{
    free(t->text);
    free(t->cell);
    memset(t, 0, sizeof *t);
}
