/* engine.c -- ct_engine_find: the (topology, traversal) -> engine table. */
#include "engine_internal.h"

ct_search_fn ct_engine_find(ct_topology topology, ct_traversal traversal)
{
    static const ct_search_fn table[CT_TOPOLOGY_COUNT][CT_TRAVERSAL_COUNT] = {
        [CT_TOPOLOGY_LL] =
            {[CT_TRAVERSAL_LEVEL] = ct_engine_level_ll, [CT_TRAVERSAL_HEAP] = ct_engine_heap_ll},
        [CT_TOPOLOGY_CSR] =
            {[CT_TRAVERSAL_LEVEL] = ct_engine_level_csr, [CT_TRAVERSAL_HEAP] = ct_engine_heap_csr},
    };
    if ((int)topology < 0 || topology >= CT_TOPOLOGY_COUNT) return NULL;
    if ((int)traversal < 0 || traversal >= CT_TRAVERSAL_COUNT) return NULL;
    return table[topology][traversal];
}
