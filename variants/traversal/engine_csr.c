/* engine_csr.c -- every traversal engine over the `csr` topology.
 *
 * Children are a contiguous slice: children[child_offset[node] ..
 * child_offset[node + 1]).  This file only defines how to walk them and
 * instantiates every traversal template (engine_row_tpl.h).
 */
#include "budget.h"
#include "engine_internal.h"
#include "group.h"
#include "pq.h"
#include "result_set.h"

#include <math.h>
#include <string.h>

#define TOPO_CAT2(a, b) a##_##b
#define TOPO_CAT(a, b) TOPO_CAT2(a, b)
#define TOPO(name) TOPO_CAT(name, CSR)
#define TOPO_ID CT_TOPOLOGY_CSR
#define TOPO_HAS_CHILDREN(L, node) ((L)->child_offset[(node) + 1] > (L)->child_offset[node])
#define TOPO_FOR_EACH_CHILD(L, node, c)                                                            \
    for (int32_t c##_at = (L)->child_offset[node], c##_end = (L)->child_offset[(node) + 1], c = 0; \
         c##_at < c##_end && ((c = (L)->children[c##_at]), 1); c##_at++)

#include "engine_row_tpl.h"
