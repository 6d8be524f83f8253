/* axes.c -- run-time names and descriptions of the variant axis values (axes.h).
 *
 * One table, generated from variants/axes.def with the X-macro, holds every
 * (axis, enum value, name, doc) entry, so a value's name exists only in the
 * .def file; the axis names ("topology", ...) are the stringified axis tokens
 * of the same entries.
 */
#include "ct/axes.h"

#include <stddef.h>
#include <string.h>

#define AXIS_OF_topology CT_AXIS_TOPOLOGY
#define AXIS_OF_order CT_AXIS_ORDER
#define AXIS_OF_data CT_AXIS_DATA
#define AXIS_OF_traversal CT_AXIS_TRAVERSAL
#define AXIS_OF_kernel CT_AXIS_KERNEL
#define AXIS_OF_precision CT_AXIS_PRECISION
#define AXIS_OF_option CT_AXIS_OPTION

#define ENUM_OF_topology(id) CT_TOPOLOGY_##id
#define ENUM_OF_order(id) CT_ORDER_##id
#define ENUM_OF_data(id) CT_DATA_##id
#define ENUM_OF_traversal(id) CT_TRAVERSAL_##id
#define ENUM_OF_kernel(id) CT_KERNEL_##id
#define ENUM_OF_precision(id) CT_PRECISION_##id
#define ENUM_OF_option(id) CT_OPTION_##id

typedef struct axis_entry {
    ct_axis axis;
    int value;
    const char *axis_name;
    const char *name;
    const char *doc;
} axis_entry;

static const axis_entry entries[] = {
#define CT_AXIS_VALUE(axis, id, name, doc) \
    {AXIS_OF_##axis, (int)ENUM_OF_##axis(id), #axis, name, doc},
#include "../axes.def"
#undef CT_AXIS_VALUE
};

#define ENTRY_COUNT ((int)(sizeof entries / sizeof entries[0]))

static const axis_entry *find_entry(ct_axis axis, int value)
{
    for (int e = 0; e < ENTRY_COUNT; e++)
        if (entries[e].axis == axis && entries[e].value == value) return &entries[e];
    return NULL;
}

const char *ct_axis_value_name(ct_axis axis, int value)
{
    const axis_entry *e = find_entry(axis, value);
    return e ? e->name : NULL;
}

const char *ct_axis_value_doc(ct_axis axis, int value)
{
    const axis_entry *e = find_entry(axis, value);
    return e ? e->doc : NULL;
}

int ct_axis_value_count(ct_axis axis)
{
    int count = 0;
    for (int e = 0; e < ENTRY_COUNT; e++)
        if (entries[e].axis == axis) count++;
    return count;
}

int ct_axis_value_find(ct_axis axis, const char *name)
{
    if (!name) return -1;
    for (int e = 0; e < ENTRY_COUNT; e++)
        if (entries[e].axis == axis && strcmp(entries[e].name, name) == 0) return entries[e].value;
    return -1;
}

const char *ct_axis_name(ct_axis axis)
{
    for (int e = 0; e < ENTRY_COUNT; e++)
        if (entries[e].axis == axis) return entries[e].axis_name;
    return NULL;
}
