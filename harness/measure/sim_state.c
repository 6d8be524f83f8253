/* sim_state.c -- write and read the dataset + tree + queries file of the
 * simulated-counter child (sim_state.h).  Layout: 8-byte magic, a header of
 * int64 scalars, then every array in a fixed order, each preceded by its
 * element count so a truncated or mismatched file is detected. */
#include "sim_state.h"

#include <stdio.h>
#include <string.h>

#include "ct/alloc.h"

static const char magic[8] = {'C', 'T', 'S', 'I', 'M', '0', '0', '1'};

static int put(FILE *f, const void *p, size_t size, size_t count)
{
    int64_t c = (int64_t)count;
    if (fwrite(&c, sizeof c, 1, f) != 1) return -1;
    if (count && fwrite(p, size, count, f) != count) return -1;
    return 0;
}

static int get(FILE *f, void **p, size_t size, size_t expect)
{
    int64_t c;
    if (fread(&c, sizeof c, 1, f) != 1 || c < 0 || (size_t)c != expect) return -1;
    *p = ct_malloc_array(expect ? expect : 1, size);
    if (!*p) return -1;
    if (expect && fread(*p, size, expect, f) != expect) return -1;
    return 0;
}

int bench_sim_state_write(const char *path, const ct_dataset *ds, const ct_tree *tree,
                          const int32_t *queries, int32_t nq, ct_error *err)
{
    FILE *f = fopen(path, "wb");
    int64_t hdr[8];
    size_t n;
    int bad = 0;
    if (!f) return ct_error_set(err, CT_EIO, "%s: cannot create the simulator state", path);
    n = (size_t)ds->n;
    hdr[0] = ds->n;
    hdr[1] = ds->dim;
    hdr[2] = ds->m;
    hdr[3] = nq;
    hdr[4] = tree != NULL;
    hdr[5] = tree ? tree->root : -1;
    hdr[6] = tree ? (int64_t)tree->si_mode : 0;
    hdr[7] = tree ? tree->depth : 0;
    bad |= fwrite(magic, 1, sizeof magic, f) != sizeof magic;
    bad |= fwrite(hdr, sizeof hdr, 1, f) != 1;
    bad |= fwrite(&ds->cov, sizeof ds->cov, 1, f) != 1;
    bad |= put(f, ds->x, sizeof *ds->x, n * (size_t)ds->dim);
    bad |= put(f, ds->inducing, sizeof *ds->inducing, (size_t)ds->m);
    bad |= put(f, ds->v, sizeof *ds->v, n * (size_t)ds->m);
    bad |= put(f, ds->p, sizeof *ds->p, n);
    bad |= put(f, queries, sizeof *queries, (size_t)nq);
    if (tree) {
        size_t nc = n > 0 ? n - 1 : 0;
        bad |= fwrite(&tree->base, sizeof tree->base, 1, f) != 1;
        bad |= put(f, tree->parent, sizeof(int32_t), n);
        bad |= put(f, tree->level, sizeof(int32_t), n);
        bad |= put(f, tree->parent_dist, sizeof(double), n);
        bad |= put(f, tree->si, sizeof(double), n);
        bad |= put(f, tree->min_index, sizeof(int32_t), n);
        bad |= put(f, tree->child_offset, sizeof(int32_t), n + 1);
        bad |= put(f, tree->children, sizeof(int32_t), nc);
        bad |= put(f, tree->insertion, sizeof(int32_t), n);
    }
    if (fclose(f) != 0) bad = 1;
    if (bad) return ct_error_set(err, CT_EIO, "%s: cannot write the simulator state", path);
    return CT_OK;
}

int bench_sim_state_read(const char *path, bench_sim_state *out, ct_error *err)
{
    FILE *f = fopen(path, "rb");
    char m[8];
    int64_t hdr[8];
    size_t n;
    int bad = 0;
    memset(out, 0, sizeof *out);
    if (!f) return ct_error_set(err, CT_EIO, "%s: cannot open the simulator state", path);
    if (fread(m, 1, sizeof m, f) != sizeof m || memcmp(m, magic, sizeof m) != 0 ||
        fread(hdr, sizeof hdr, 1, f) != 1 || fread(&out->ds.cov, sizeof out->ds.cov, 1, f) != 1 ||
        hdr[0] < 1 || hdr[0] > INT32_MAX || hdr[1] < 1 || hdr[1] > CT_MAX_DIM || hdr[2] < 1 ||
        hdr[3] < 0 || hdr[3] > INT32_MAX) {
        fclose(f);
        return ct_error_set(err, CT_EFORMAT, "%s: not a ctbench simulator state", path);
    }
    out->ds.n = (int32_t)hdr[0];
    out->ds.dim = (int)hdr[1];
    out->ds.m = (int)hdr[2];
    out->nq = (int32_t)hdr[3];
    n = (size_t)out->ds.n;
    bad |= get(f, (void **)&out->ds.x, sizeof(double), n * (size_t)out->ds.dim);
    bad |= !bad && get(f, (void **)&out->ds.inducing, sizeof(int32_t), (size_t)out->ds.m);
    bad |= !bad && get(f, (void **)&out->ds.v, sizeof(double), n * (size_t)out->ds.m);
    bad |= !bad && get(f, (void **)&out->ds.p, sizeof(double), n);
    bad |= !bad && get(f, (void **)&out->queries, sizeof(int32_t), (size_t)out->nq);
    if (!bad && hdr[4]) {
        ct_tree *t = &out->tree;
        out->has_tree = 1;
        t->n = out->ds.n;
        t->root = (int32_t)hdr[5];
        t->si_mode = (ct_si_mode)hdr[6];
        t->depth = (int32_t)hdr[7];
        bad |= fread(&t->base, sizeof t->base, 1, f) != 1;
        bad |= !bad && get(f, (void **)&t->parent, sizeof(int32_t), n);
        bad |= !bad && get(f, (void **)&t->level, sizeof(int32_t), n);
        bad |= !bad && get(f, (void **)&t->parent_dist, sizeof(double), n);
        bad |= !bad && get(f, (void **)&t->si, sizeof(double), n);
        bad |= !bad && get(f, (void **)&t->min_index, sizeof(int32_t), n);
        bad |= !bad && get(f, (void **)&t->child_offset, sizeof(int32_t), n + 1);
        bad |= !bad && get(f, (void **)&t->children, sizeof(int32_t), n > 0 ? n - 1 : 0);
        bad |= !bad && get(f, (void **)&t->insertion, sizeof(int32_t), n);
    }
    fclose(f);
    if (bad) {
        bench_sim_state_free(out);
        return ct_error_set(err, CT_EFORMAT, "%s: truncated or inconsistent simulator state", path);
    }
    return CT_OK;
}

void bench_sim_state_free(bench_sim_state *st)
{
    ct_dataset_free(&st->ds);
    if (st->has_tree) ct_tree_free(&st->tree);
    else {
        /* a partially read tree: free what exists */
        ct_free(st->tree.parent);
        ct_free(st->tree.level);
        ct_free(st->tree.parent_dist);
        ct_free(st->tree.si);
        ct_free(st->tree.min_index);
        ct_free(st->tree.child_offset);
        ct_free(st->tree.children);
        ct_free(st->tree.insertion);
    }
    ct_free(st->queries);
    memset(st, 0, sizeof *st);
}
