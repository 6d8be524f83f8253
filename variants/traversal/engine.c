/* engine.c -- ct_engine_find: the (topology, traversal) -> engine table.
 *
 * Generated from variants/axes.def: one row per topology (the
 * ct_engines_<TOPOLOGY> array that engine_<topology>.c instantiates from
 * engine_row_tpl.h), one column per traversal.  A pair without an engine
 * would be a NULL entry and ct_engine_find would return NULL.
 * ct_engine_supports: which run-time parameters a traversal refuses.
 */
#include "engine_internal.h"

#define CT_AXIS_VALUE(axis, id, name, doc) CT_ENGINE_DECL_##axis(id)
#define CT_ENGINE_DECL_topology(id) extern const ct_search_fn ct_engines_##id[CT_TRAVERSAL_COUNT];
#define CT_ENGINE_DECL_order(id)
#define CT_ENGINE_DECL_data(id)
#define CT_ENGINE_DECL_traversal(id)
#define CT_ENGINE_DECL_kernel(id)
#define CT_ENGINE_DECL_precision(id)
#define CT_ENGINE_DECL_option(id)
#include "../axes.def"
#undef CT_ENGINE_DECL_topology
#define CT_ENGINE_DECL_topology(id) [CT_TOPOLOGY_##id] = ct_engines_##id,

static const ct_search_fn *const rows[CT_TOPOLOGY_COUNT] = {
#include "../axes.def"
};
#undef CT_AXIS_VALUE

ct_search_fn ct_engine_find(ct_topology topology, ct_traversal traversal)
{
    if ((int)topology < 0 || topology >= CT_TOPOLOGY_COUNT) return NULL;
    if ((int)traversal < 0 || traversal >= CT_TRAVERSAL_COUNT) return NULL;
    return rows[topology][traversal];
}
