/* layout_free.c -- release everything a layout owns and leave it empty. */
#include <string.h>

#include "ct/alloc.h"
#include "ct/layout.h"

void ct_layout_free(ct_layout *layout)
{
    if (!layout) return;
    ct_free(layout->node_to_point);
    ct_free(layout->point_to_node);
    ct_free(layout->level);
    ct_free(layout->si);
    ct_free(layout->min_index);
    ct_free(layout->parent_dist);
    ct_free(layout->first_child);
    ct_free(layout->next_sibling);
    ct_free(layout->child_offset);
    ct_free(layout->children);
    ct_free(layout->row_storage);
    memset(layout, 0, sizeof *layout);
    layout->root = -1;
}
