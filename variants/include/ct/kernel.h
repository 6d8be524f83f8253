/* kernel.h -- the batched distance kernels and the row view they read.
 *
 * Every kernel (plain C per ISA, AVX2, AVX-512; float64 and float32) is called
 * through the same entry points of a const method table, found by
 * (kind, precision) in a registry that only lists what this CPU can run:
 *   dist_gather: distances from one query to rows[ids[0..count)]  (scattered)
 *   dist_range:  distances from one query to rows[first..first+count) (contiguous)
 *   dist_block:  distances from nq queries to rows[ids[0..count)], an nq x count
 *                matrix computed in cache blocks with several rows per pass of
 *                the query (register tiles), so a row is read from memory once
 *                for many queries.  Every entry is BIT-IDENTICAL to dist_gather
 *                of the same (query, row): same summation order, same
 *                covariance and finish (the tree build relies on it).
 * Output is always float64.  A row equal to the query's own row
 * (q->self_row) gets distance 0 exactly.
 */
#ifndef CT_KERNEL_H
#define CT_KERNEL_H

#include <stddef.h>
#include <stdint.h>
#include "dataset.h"
#include "axes.h"
#include "metric.h"

/* A read-only view of n rows (x, V, p) in one precision and one order
 * (dataset order for `indirect`, node order for `cached`).  Row r's V starts
 * at v + r * v_stride elements (v_stride >= m; copies made by the layouts pad
 * it to a multiple of 8 elements so every row is 64-byte aligned). */
typedef struct ct_rows {
    int32_t n;
    int dim;
    int m;
    int v_stride;
    ct_precision precision;
    const void *x; /* n * dim, double or float */
    const void *v; /* n * v_stride, double or float */
    const void *p; /* n, double or float */
    ct_covariance cov;
    double inv_lengthscale[CT_MAX_DIM]; /* 1 / lengthscale, precomputed */
} ct_rows;

/* The query side of a distance batch: pointers into a ct_rows of the same
 * precision (the query's own row) plus its row number there. */
typedef struct ct_query_row {
    const void *x;
    const void *v;
    double p;
    int32_t self_row; /* row whose distance is forced to 0; -1 for none */
} ct_query_row;

typedef void (*ct_dist_gather_fn)(const ct_rows *rows, const ct_query_row *q, const int32_t *ids,
                                  int count, double *out);
typedef void (*ct_dist_range_fn)(const ct_rows *rows, const ct_query_row *q, int32_t first,
                                 int count, double *out);
/* out[i * ld + j] = distance from qs[i] to row ids[j] (0 <= i < nq, 0 <= j < count; ld >= count). */
typedef void (*ct_dist_block_fn)(const ct_rows *rows, const ct_query_row *qs, int nq,
                                 const int32_t *ids, int count, double *out, size_t ld);

typedef struct ct_kernel {
    const char *name; /* "auto", "avx2", "avx512" */
    const char *isa;  /* ISA the code was compiled for: "x86-64", "avx2", "avx512" */
    ct_kernel_kind kind;
    ct_precision precision;
    ct_dist_gather_fn dist_gather;
    ct_dist_range_fn dist_range;
    ct_dist_block_fn dist_block;
} ct_kernel;

/* The kernel of that kind and precision usable on this CPU, or NULL (then
 * *why, if given, says why: not compiled in, or CPU lacks the ISA). */
const ct_kernel *ct_kernel_find(ct_kernel_kind kind, ct_precision precision, const char **why);

/* A kernel over a row view as a metric callback (for the tree build):
 * dist_many(ctx, i, js, ...) = kernel->dist_gather(rows, query row i, js, ...),
 * dist_block(ctx, is, ni, js, nj, out) = kernel->dist_block(rows, query rows is, ...). */
typedef struct ct_kernel_metric {
    const ct_rows *rows;
    const ct_kernel *kernel;
} ct_kernel_metric;
ct_metric_fn ct_kernel_metric_fn(ct_kernel_metric *km);

/* Distances from precomputed products dots[i * ld_dots + j] = V_qs[i] . V_ids[j]
 * (double for float64 rows, float for float32 rows; e.g. from a BLAS gemm),
 * with the kernels' covariance and finish in the rows' precision, into
 * out[i * ld + j]; the query's own row gives 0.  out may alias dots for
 * float64 (each product is read before its distance is written). */
void ct_rows_dots_to_dist(const ct_rows *rows, const ct_query_row *qs, int nq, const int32_t *ids,
                          int count, const void *dots, size_t ld_dots, double *out, size_t ld);

/* The best available kernel for a precision: auto built for the best ISA. */
const ct_kernel *ct_kernel_default(ct_precision precision);

/* The row view of a dataset in float64, dataset order (no copy: points into ds). */
int ct_rows_view_f64(const ct_dataset *ds, ct_rows *out);

/* The query row of row r of a view. */
ct_query_row ct_rows_query(const ct_rows *rows, int32_t r);

#endif
