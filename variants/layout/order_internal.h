/* order_internal.h -- helpers shared by the order files of ct_layout (not public).
 *
 * The curve keys share one bit interleaving and one argument check; the
 * permutations share one sort by (key, index) and the breadth-first walk.
 */
#ifndef CT_ORDER_INTERNAL_H
#define CT_ORDER_INTERNAL_H

#include <stdint.h>
#include "ct/order.h"
#include "ct/tree.h"

/* Key function signature shared by ct_hilbert_key and ct_morton_key. */
typedef int (*ct_curve_key_fn)(const uint32_t *coords, int dim, int bits,
                               uint64_t key[CT_CURVE_KEY_WORDS]);

/* CT_OK when (coords, dim, bits) are valid key arguments; else zero the key
 * and return CT_EINVAL. */
int ct_curve_key_check(const uint32_t *coords, int dim, int bits, uint64_t key[CT_CURVE_KEY_WORDS]);

/* Interleave `dim` words of `bits` bits into key (layout documented in order.h). */
void ct_curve_interleave(const uint32_t *words, int dim, int bits,
                         uint64_t key[CT_CURVE_KEY_WORDS]);

/* perm = dataset indices sorted by (curve key, index). */
int ct_order_curve_sort(const ct_dataset *ds, ct_curve_key_fn key_fn, int32_t *perm, ct_error *err);

/* perm = breadth-first walk of the tree from the root, children in the tree's
 * canonical child order. */
int ct_order_bfs(const ct_tree *tree, int32_t *perm, ct_error *err);

#endif
