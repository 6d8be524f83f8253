/* order_morton.c -- the Z-order (Morton) key: quantised coordinates interleaved.
 *
 * This is what the reference project called "Hilbert"; it is kept as its own
 * order value so the two curves can be compared.  Consecutive cells of the
 * Z-order can be far apart (the jumps between quadrants), unlike Hilbert's.
 */
#include "order_internal.h"

int ct_morton_key(const uint32_t *coords, int dim, int bits, uint64_t key[CT_CURVE_KEY_WORDS])
{
    int rc = ct_curve_key_check(coords, dim, bits, key);
    if (rc != CT_OK) return rc;
    ct_curve_interleave(coords, dim, bits, key);
    return CT_OK;
}
