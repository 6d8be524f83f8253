/* npy_header.h -- the parsed header of a .npy file (internal to core).
 *
 * npy_header_read() reads the magic, version and header dictionary of an open
 * file and leaves the stream at the first data byte.  The dtype is reduced to
 * (kind, itemsize): kind 'f' (float), 'i' (signed) or 'u' (unsigned), always
 * little-endian (big-endian data is rejected while parsing).
 */
#ifndef CT_CORE_NPY_HEADER_H
#define CT_CORE_NPY_HEADER_H

#include <stdint.h>
#include <stdio.h>
#include "ct/status.h"

#define NPY_MAX_NDIM 32

typedef struct npy_header {
    int major, minor;  /* format version */
    char descr[16];    /* the descr string as written, e.g. "<f8" */
    char kind;         /* 'f', 'i', 'u' */
    int itemsize;      /* bytes per element */
    int fortran_order; /* 0 or 1 */
    int ndim;
    int64_t shape[NPY_MAX_NDIM];
    int64_t data_offset; /* bytes before the data */
} npy_header;

int npy_header_read(FILE *f, const char *path, npy_header *h, ct_error *err);

/* "float64", "int32", ... for error messages. */
const char *npy_type_name(const npy_header *h);

/* "2000x2" (or "3" for 1-D) into buf. */
void npy_shape_str(const npy_header *h, char *buf, size_t size);

#endif
