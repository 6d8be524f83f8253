/* hash.c -- 64-bit FNV-1a (ct/hash.h). */
#include "ct/hash.h"

uint64_t ct_hash_fnv1a(uint64_t h, const void *data, size_t len)
{
    const unsigned char *b = data;
    if (!data) return h;
    for (size_t i = 0; i < len; i++) {
        h ^= b[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}
