/* budget.h -- the approximate "survivor budget" ladder (CT_BUDGET_LADDER).
 *
 * A reconstruction of the reference project's 32/64/96 budget, shared by both
 * traversals (see the headers of traversal_level_tpl.h and
 * traversal_heap_tpl.h for how each applies the budget):
 *   - the budget B starts at 32;
 *   - after every window of evaluations (one tile, CT_ENGINE_TILE candidates
 *     at most) that inserted at least 1.5 % of k new entries into the result
 *     set, B grows one rung: 32 -> 64 -> 96 (and stays at 96);
 *   - after two consecutive windows that each inserted less than 0.2 % of k
 *     while the result set was full, the whole query stops.  (Windows before
 *     the set is full never count as stale: a window that found no eligible
 *     point then says nothing about convergence.)
 * Percentages are compared in integers (inserted * 1000 vs k * 15 / k * 2), so
 * with k = 50 any insertion grows B and a window with no insertion is stale.
 */
#ifndef CT_TRAVERSAL_BUDGET_H
#define CT_TRAVERSAL_BUDGET_H

#include <stdint.h>

#define CT_LADDER_START 32
#define CT_LADDER_STEP 32
#define CT_LADDER_MAX 96
#define CT_LADDER_GROW_PERMILLE 15 /* 1.5 % of k */
#define CT_LADDER_STALE_PERMILLE 2 /* 0.2 % of k */
#define CT_LADDER_STALE_WINDOWS 2

typedef struct ladder {
    int budget; /* current B */
    int stale;  /* consecutive stale windows */
} ladder;

static inline void ladder_init(ladder *l)
{
    l->budget = CT_LADDER_START;
    l->stale = 0;
}

/* Account for a window that inserted `inserted` entries; 1 = stop the query. */
static inline int ladder_after_window(ladder *l, int64_t inserted, int k, int full)
{
    if (inserted * 1000 >= (int64_t)k * CT_LADDER_GROW_PERMILLE && l->budget < CT_LADDER_MAX)
        l->budget += CT_LADDER_STEP;
    if (full && inserted * 1000 < (int64_t)k * CT_LADDER_STALE_PERMILLE) {
        if (++l->stale >= CT_LADDER_STALE_WINDOWS) return 1;
    } else {
        l->stale = 0;
    }
    return 0;
}

#endif
