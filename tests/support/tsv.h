/* tsv.h -- the tests' one reader of the tab-separated files `ctbench plot`
 * writes beside each figure (a header line of column names, then rows).
 * Three plot tests read them; this is the one copy of the parser. */
#ifndef CT_TEST_TSV_H
#define CT_TEST_TSV_H

#define CT_TSV_MAX_COLS 64
#define CT_TSV_MAX_ROWS 512

typedef struct ct_tsv {
    char *text;                  /* the file, cut in place into fields */
    char *head[CT_TSV_MAX_COLS]; /* column names */
    int ncols;
    char *(*cell)[CT_TSV_MAX_COLS]; /* cell[row][col]; rows with ncols fields only */
    int nrows;
} ct_tsv;

/* Read DIR/NAME: 0, or -1 when it is missing, empty or out of memory (t is
 * then empty and safe to free). */
int ct_tsv_load(const char *dir, const char *name, ct_tsv *t);

/* The index of column NAME, -1 if absent. */
int ct_tsv_col(const ct_tsv *t, const char *name);

void ct_tsv_free(ct_tsv *t);

#endif
