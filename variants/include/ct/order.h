/* order.h -- space-filling-curve keys and the insertion orders of the tree build.
 *
 * The order axis numbers nodes (ct_order_permutation in layout.h); the same
 * curve sorts also give the tree build its insertion order (natural, hilbert,
 * morton).  Coordinates are quantised per axis from the dataset's [min, max]
 * onto [0, 2^bits - 1] (a constant axis maps to 0), with bits = ct_curve_bits(dim).
 *
 * A curve key is a (dim * bits)-bit unsigned integer (at most 256 bits) held
 * in CT_CURVE_KEY_WORDS uint64 words, most significant word first and right
 * aligned (key[CT_CURVE_KEY_WORDS - 1] holds bits 0..63).  Both curves place
 * bits the same way: from the most significant end, bit (bits-1) of axis 0,
 * of axis 1, ..., of axis dim-1, then bit (bits-2) of axis 0, and so on.  So
 * in 2-D with bits = 1, Morton (x=1, y=0) is key 2 and (x=0, y=1) is key 1.
 *   morton:  the quantised coordinates themselves are interleaved (Z-order);
 *   hilbert: they are first mapped to the "transposed" Hilbert index by
 *            Skilling's AxestoTranspose (Programming the Hilbert curve, AIP
 *            Conf. Proc. 707, 2004), then interleaved.
 * Points are sorted by (key, dataset index).
 */
#ifndef CT_ORDER_H
#define CT_ORDER_H

#include <stdint.h>
#include "axes.h"
#include "dataset.h"
#include "status.h"

#define CT_CURVE_KEY_WORDS 4 /* 256-bit keys */
#define CT_CURVE_MIN_BITS 16 /* bits per axis are at least this for dim <= CT_MAX_DIM */
#define CT_CURVE_MAX_BITS 32 /* coordinates are uint32 */

/* Bits per axis for a dimension: min(32, 256 / dim), so 32 for dim <= 8 and 16
 * for dim = 16.  0 if dim is outside 1..CT_MAX_DIM. */
int ct_curve_bits(int dim);

/* Quantise ds->x (n x dim) per axis onto [0, 2^bits - 1]: q[i * dim + a]
 * (rounded to nearest; min -> 0, max -> 2^bits - 1; constant axis -> 0).
 * CT_ENAN for a non-finite coordinate. */
int ct_order_quantize(const ct_dataset *ds, int bits, uint32_t *q, ct_error *err);

/* Keys of one point with `dim` quantised coordinates, each < 2^bits
 * (1 <= dim <= CT_MAX_DIM, 1 <= bits <= 32, dim * bits <= 256).  CT_EINVAL
 * (and a zero key) for arguments out of range. */
int ct_hilbert_key(const uint32_t *coords, int dim, int bits, uint64_t key[CT_CURVE_KEY_WORDS]);
int ct_morton_key(const uint32_t *coords, int dim, int bits, uint64_t key[CT_CURVE_KEY_WORDS]);

/* -1, 0 or 1 as key a is smaller, equal or larger than key b. */
int ct_curve_key_compare(const uint64_t a[CT_CURVE_KEY_WORDS],
                         const uint64_t b[CT_CURVE_KEY_WORDS]);

/* Insertion order for the tree build: perm (ds->n) is a permutation of the
 * dataset indices.  natural = identity, hilbert / morton = curve rank (ties by
 * index).  bfs is CT_EINVAL: it is a relabelling of a built tree, not an
 * insertion order. */
int ct_order_insertion(ct_order order, const ct_dataset *ds, int32_t *perm, ct_error *err);

#endif
