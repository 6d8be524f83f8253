/* search_params.c -- ct_run_search_params (ct/run.h): a variant's options
 * as search parameters.  A leaf of the family library: the families and the
 * run path both use it. */
#include <string.h>

#include "ct/run.h"

void ct_run_search_params(const ct_variant *v, const ct_query_spec *spec, ct_search_params *sp)
{
    memset(sp, 0, sizeof *sp);
    sp->spec = *spec;
    sp->slack = CT_PRUNE_SLACK;
    sp->scratch = (v->options & (1u << CT_OPTION_ALLOC)) ? CT_SCRATCH_ALLOC : CT_SCRATCH_REUSE;
    sp->budget = (v->options & (1u << CT_OPTION_LADDER)) ? CT_BUDGET_LADDER : CT_BUDGET_EXACT;
    sp->parent_bound = (v->options & (1u << CT_OPTION_PBOUND)) != 0;
    sp->group = ct_param_value(v, CT_PARAM_GROUP);
    sp->product = (ct_product)ct_param_value(v, CT_PARAM_PRODUCT);
    sp->load = (ct_load)ct_param_value(v, CT_PARAM_LOAD);
    sp->dense = (ct_dense)ct_param_value(v, CT_PARAM_DENSE);
}
