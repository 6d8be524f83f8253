/* config.c -- read an experiment config and validate it (config.h): the
 * whole file is read (util/files.h), handed line by line to inih
 * (config_read.c), each key checked as it is seen (config_values.c), then
 * the cross-key checks (config_checks.c) and the variant expansion
 * (config_variants.c).  The first error wins and nothing is run on a bad
 * config.
 */
#define _POSIX_C_SOURCE 200809L
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_internal.h"
#include "ct/alloc.h"
#include "ct/hash.h"
#include "files.h"

int bench_config_parse_string(const char *path, const char *text, bench_config *cfg, ct_error *err)
{
    config_state st;
    int rc;

    memset(cfg, 0, sizeof *cfg);
    memset(&st, 0, sizeof st);
    bench_config_set_defaults(cfg);
    snprintf(cfg->path, sizeof cfg->path, "%s", path);
    cfg->text = strdup(text);
    if (!cfg->text) return ct_error_set(err, CT_ENOMEM, "out of memory");
    cfg->hash = ct_hash_fnv1a(CT_HASH_FNV_OFFSET, text, strlen(text));
    st.cfg = cfg;
    st.path = path;
    st.text = text;
    st.last_key = -1;
    st.pending = -1;

    rc = bench_config_read(&st, err);
    if (rc != CT_OK) goto fail;
    if (!st.failed && bench_config_check(&st) == 0 && bench_config_check_externals(&st) == 0)
        bench_config_expand_variants(&st);
    if (st.failed) {
        if (st.err_line > 0)
            rc = ct_error_set(err, CT_EFORMAT, "%s:%d: %s", path, st.err_line, st.err_msg);
        else rc = ct_error_set(err, CT_EFORMAT, "%s: %s", path, st.err_msg);
        goto fail;
    }
    rc = CT_OK;
    goto done;
fail:
    bench_config_free(cfg);
done:
    for (int k = 0; k < KEY_COUNT; k++) free(st.raw[k]);
    for (int p = 0; p < CT_PARAM_COUNT; p++) free(st.param_raw[p]);
    return rc;
}

int bench_config_load(const char *path, bench_config *cfg, ct_error *err)
{
    char *text = NULL;
    int rc;
    memset(cfg, 0, sizeof *cfg);
    rc = bench_file_read_text(path, &text, NULL, err);
    if (rc != CT_OK) return rc;
    rc = bench_config_parse_string(path, text, cfg, err);
    ct_free(text);
    return rc;
}
void bench_config_free(bench_config *cfg)
{
    free(cfg->text);
    free(cfg->variants);
    cfg->text = NULL;
    cfg->variants = NULL;
    cfg->n_variants = 0;
}
