/* order_key.c -- the bit layout shared by the Hilbert and Morton keys.
 *
 * A key is dim * bits bits, right aligned in CT_CURVE_KEY_WORDS uint64 words,
 * most significant word first.  Bit l of word a lands at key bit
 * l * dim + (dim - 1 - a): the highest bits of every axis come first, axis 0
 * the most significant within each group.
 */
#include <string.h>

#include "order_internal.h"

int ct_curve_key_check(const uint32_t *coords, int dim, int bits, uint64_t key[CT_CURVE_KEY_WORDS])
{
    if (!key) return CT_EINVAL;
    memset(key, 0, CT_CURVE_KEY_WORDS * sizeof key[0]);
    if (!coords || dim < 1 || dim > CT_MAX_DIM || bits < 1 || bits > CT_CURVE_MAX_BITS ||
        dim * bits > CT_CURVE_KEY_WORDS * 64)
        return CT_EINVAL;
    if (bits < 32) {
        for (int a = 0; a < dim; a++)
            if (coords[a] >> bits) return CT_EINVAL;
    }
    return CT_OK;
}

void ct_curve_interleave(const uint32_t *words, int dim, int bits, uint64_t key[CT_CURVE_KEY_WORDS])
{
    memset(key, 0, CT_CURVE_KEY_WORDS * sizeof key[0]);
    for (int l = 0; l < bits; l++) {
        for (int a = 0; a < dim; a++) {
            if (!((words[a] >> l) & 1u)) continue;
            int pos = l * dim + (dim - 1 - a);
            key[CT_CURVE_KEY_WORDS - 1 - pos / 64] |= (uint64_t)1 << (pos % 64);
        }
    }
}

int ct_curve_key_compare(const uint64_t a[CT_CURVE_KEY_WORDS], const uint64_t b[CT_CURVE_KEY_WORDS])
{
    for (int w = 0; w < CT_CURVE_KEY_WORDS; w++) {
        if (a[w] != b[w]) return a[w] < b[w] ? -1 : 1;
    }
    return 0;
}
