/* order_hilbert.c -- a true Hilbert-curve key in 1..16 dimensions.
 *
 * Implements the "axes to transpose" mapping described by J. Skilling,
 * "Programming the Hilbert curve", AIP Conf. Proc. 707 (2004) 381-387.  The
 * Hilbert index of a cell, written in base 2^dim, has one digit per level;
 * Skilling stores it "transposed": bit l of word a is bit a of digit l.  The
 * mapping works in place on the coordinate words in two passes:
 *   1. from the top level down, for each lower bit mask P = Q - 1: where axis
 *      a has bit Q set, the low bits of axis 0 are inverted; otherwise the low
 *      bits of axis 0 and axis a are swapped (this undoes the rotations and
 *      reflections that make each sub-cube's curve join its neighbours');
 *   2. Gray encoding of the result: prefix-xor across the axes, then a
 *      correction mask taken from the last axis applied to every axis.
 * The transposed words are then interleaved (order_key.c), so the key is the
 * Hilbert index itself: consecutive keys on the full grid are adjacent cells.
 */
#include "order_internal.h"

/* Skilling's AxestoTranspose on x[0..dim), each word holding `bits` bits. */
static void axes_to_transpose(uint32_t *x, int dim, int bits)
{
    const uint32_t top = (uint32_t)1 << (bits - 1);

    /* Pass 1: undo the per-level transformations, from the top bit down. */
    for (uint32_t q = top; q > 1; q >>= 1) {
        const uint32_t low = q - 1;
        for (int a = 0; a < dim; a++) {
            if (x[a] & q) {
                x[0] ^= low; /* reflect */
            } else {
                uint32_t diff = (x[0] ^ x[a]) & low; /* swap low bits of axis 0 and a */
                x[0] ^= diff;
                x[a] ^= diff;
            }
        }
    }

    /* Pass 2: Gray encode. */
    for (int a = 1; a < dim; a++) x[a] ^= x[a - 1];
    uint32_t fix = 0;
    for (uint32_t q = top; q > 1; q >>= 1) {
        if (x[dim - 1] & q) fix ^= q - 1;
    }
    for (int a = 0; a < dim; a++) x[a] ^= fix;
}

int ct_hilbert_key(const uint32_t *coords, int dim, int bits, uint64_t key[CT_CURVE_KEY_WORDS])
{
    int rc = ct_curve_key_check(coords, dim, bits, key);
    if (rc != CT_OK) return rc;
    uint32_t x[CT_MAX_DIM];
    for (int a = 0; a < dim; a++) x[a] = coords[a];
    axes_to_transpose(x, dim, bits);
    ct_curve_interleave(x, dim, bits, key);
    return CT_OK;
}
