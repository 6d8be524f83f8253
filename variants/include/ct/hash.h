/* hash.h -- the one 64-bit FNV-1a of the project.
 *
 * Content hashes (datasets), answer hashes (a variant's neighbour indices)
 * and config hashes all use it, so equal bytes always give equal hashes:
 *   uint64_t h = ct_hash_fnv1a(CT_HASH_FNV_OFFSET, data, bytes);
 *   h = ct_hash_fnv1a(h, more, more_bytes);      (chained)
 */
#ifndef CT_HASH_H
#define CT_HASH_H

#include <stddef.h>
#include <stdint.h>

#define CT_HASH_FNV_OFFSET 0xcbf29ce484222325ULL

/* Continue hash h over bytes[0..len); data may be NULL when len is 0. */
uint64_t ct_hash_fnv1a(uint64_t h, const void *data, size_t len);

#endif
