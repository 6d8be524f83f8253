/* engine_ll.c -- every traversal engine over the `ll` topology.
 *
 * Children are a linked list: first_child[node], then next_sibling[child]
 * (one dependent load per child).  This file only defines how to walk them
 * and instantiates the two traversal templates.
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
#define TOPO(name) TOPO_CAT(name, LL)
#define TOPO_ID CT_TOPOLOGY_LL
#define TOPO_HAS_CHILDREN(L, node) ((L)->first_child[node] >= 0)
#define TOPO_FOR_EACH_CHILD(L, node, c) \
    for (int32_t c = (L)->first_child[node]; c >= 0; c = (L)->next_sibling[c])

#include "engine_row_tpl.h"
