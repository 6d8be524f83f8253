/* engine_supports.c -- ct_engine_supports (ct/search.h): which search
 * parameters a traversal's engine implements.  Apart from the engine table
 * (engine.c) so the drivers can ask it without calling back into the table. */
#include "ct/search.h"

int ct_engine_supports(ct_traversal traversal, const ct_search_params *sp, const char **why)
{
    const char *reason = NULL;
    if ((int)traversal < 0 || traversal >= CT_TRAVERSAL_COUNT) reason = "unknown traversal";
    else if (traversal == CT_TRAVERSAL_BATCH && sp && sp->budget == CT_BUDGET_LADDER)
        reason = "the batch traversal does not implement the +ladder budget";
    else if (traversal != CT_TRAVERSAL_HEAP && sp && sp->dense != CT_DENSE_OFF)
        reason = "dense scratch (cached lower bounds, visited set) is implemented by the heap "
                 "traversal only";
    else if (traversal == CT_TRAVERSAL_BATCH && sp && sp->load != CT_LOAD_AUTO)
        reason = "the batch traversal reads tiles with dist_block; load=gather is for level/heap";
    if (why) *why = reason;
    return reason ? CT_ENOTSUP : CT_OK;
}
