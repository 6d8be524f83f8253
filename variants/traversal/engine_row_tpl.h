/* engine_row_tpl.h -- every traversal template instantiated for one
 * topology, and that topology's row of the engine table.
 *
 * Included by engine_<topology>.c after it defined the topology macros
 * (TOPO, TOPO_ID, TOPO_HAS_CHILDREN, TOPO_FOR_EACH_CHILD; see
 * traversal_level_tpl.h).  Each template defines
 * `static int TOPO(ct_engine_<TRAVERSAL ID>)(...)`; the row
 * `ct_engines_<TOPOLOGY ID>[]` is generated from variants/axes.def, so a new
 * traversal is one template, one include line below and one line of
 * axes.def; a new topology is one engine_<topology>.c and one line of
 * axes.def (engine.c generates the column of rows).
 */
#include "traversal_level_tpl.h"
#include "traversal_heap_tpl.h"
#include "traversal_batch_tpl.h"

const ct_search_fn TOPO(ct_engines)[CT_TRAVERSAL_COUNT] = {
#define CT_AXIS_VALUE(axis, id, name, doc) CT_ENGINE_ROW_##axis(id)
#define CT_ENGINE_ROW_topology(id)
#define CT_ENGINE_ROW_order(id)
#define CT_ENGINE_ROW_data(id)
#define CT_ENGINE_ROW_traversal(id) [CT_TRAVERSAL_##id] = TOPO(ct_engine_##id),
#define CT_ENGINE_ROW_kernel(id)
#define CT_ENGINE_ROW_precision(id)
#define CT_ENGINE_ROW_option(id)
#include "../axes.def"
#undef CT_AXIS_VALUE
#undef CT_ENGINE_ROW_topology
#undef CT_ENGINE_ROW_order
#undef CT_ENGINE_ROW_data
#undef CT_ENGINE_ROW_traversal
#undef CT_ENGINE_ROW_kernel
#undef CT_ENGINE_ROW_precision
#undef CT_ENGINE_ROW_option
};
