/* runner_setup.c -- everything a run prepares before its timed samples
 * (runner_internal.h): the workload and its factor, the canonical tree of
 * each build configuration with its check and shape, the query batch, the
 * verification sample and the oracle's answers, the units and the shared
 * layouts, and the setup-phase rows.
 *
 * Units are planned in groups, one per build configuration, each group in
 * the order k, variant, threads; the baselines (no tree) belong to group 0
 * only.  A layout slot is one layout over one build configuration's tree.
 *
 * Seeds: a workload with seed s draws its points from s and its inducing
 * points from s + 1 (ct_workload_synthesize), its query batch from s + 2 and
 * the positions of the verification sample from s + 3.
 */
#define _POSIX_C_SOURCE 200809L
#include <fnmatch.h>
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ct/alloc.h"
#include "ct/npy.h"
#include "ct/tree_stats.h"
#include "ct/workload.h"
#include "runner_internal.h"
#include "sim_state.h"
#include "store.h"
#include "workload_source.h"

void openblas_set_num_threads(int num_threads);

void bench_runner_set_threads(int threads)
{
    omp_set_num_threads(threads);
    openblas_set_num_threads(threads);
}

int bench_runner_store_setup(runner *r, const char *phase, const char *detail, const char *build,
                             int threads, int64_t wall_ns, ct_error *err)
{
    bench_measurement_row m;
    int exists = 0, rc;
    rc = bench_store_setup_exists(&r->db, r->run_id, r->workload_id, phase, detail, build, &exists,
                                  err);
    if (rc != CT_OK || exists) return rc; /* resumed: the first run's setup row stands */
    memset(&m, 0, sizeof m);
    m.run_id = r->run_id;
    m.workload_id = r->workload_id;
    m.threads = threads;
    m.phase = phase;
    m.detail = detail;
    m.build = build;
    m.seq = r->seq++;
    m.wall_ns = wall_ns;
    m.recall = NAN;
    m.valid = -1;
    rc = bench_db_begin(&r->db, err);
    if (rc == CT_OK) rc = bench_store_measurement(&r->db, &m, NULL, err);
    if (rc == CT_OK) rc = bench_db_commit(&r->db, err);
    else bench_db_rollback(&r->db);
    return rc;
}

static void lengthscale_text(const bench_config *cfg, const ct_dataset *ds, char *buf, size_t size)
{
    int count = cfg->lengthscale_count == 1 ? 1 : ds->dim;
    buf[0] = '\0';
    for (int t = 0; t < count; t++) {
        size_t len = strlen(buf);
        snprintf(buf + len, size - len, "%s%.17g", t ? "," : "", ds->cov.lengthscale[t]);
    }
}

static const char *basename_of(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

int bench_runner_load_workload(runner *r, uint64_t seed, int32_t n, ct_error *err)
{
    const bench_config *cfg = r->cfg;
    bench_workload_source src;
    bench_workload_row row;
    char label[512], ls[CT_MAX_DIM * 26], files[5 * BENCH_PATH_MAX + 64] = "";
    double factor_s = 0;
    int rc;

    memset(&src, 0, sizeof src);
    src.cov = cfg->cov;
    src.lengthscale_count = cfg->lengthscale_count;
    src.seed = seed;
    src.m = cfg->m;
    if (cfg->source == BENCH_SOURCE_SYNTHETIC) {
        src.synthetic.points = cfg->generator;
        src.synthetic.n = n;
        src.synthetic.dim = cfg->dim;
        src.synthetic.m = cfg->m;
        src.synthetic.cov = cfg->cov;
        src.synthetic.cov.dim = cfg->dim;
        for (int t = 1; t < cfg->dim && cfg->lengthscale_count == 1; t++)
            src.synthetic.cov.lengthscale[t] = cfg->cov.lengthscale[0];
        src.synthetic.seed = seed;
    } else {
        src.points_path = cfg->points_path;
        src.inducing_path = cfg->inducing_path[0] ? cfg->inducing_path : NULL;
        src.v_path = cfg->v_path[0] ? cfg->v_path : NULL;
        src.p_path = cfg->p_path[0] ? cfg->p_path : NULL;
    }
    bench_runner_set_threads(r->max_threads);
    rc = bench_workload_load(&src, &r->ds, &factor_s, err);
    if (rc != CT_OK) return rc;
    r->has_ds = 1;
    r->seed = seed;
    r->n = n;

    lengthscale_text(cfg, &r->ds, ls, sizeof ls);
    memset(&row, 0, sizeof row);
    if (cfg->source == BENCH_SOURCE_SYNTHETIC) {
        snprintf(label, sizeof label, "%s-n%d-d%d-m%d-%s-s2=%g-l=%s-seed%llu",
                 ct_points_kind_name(cfg->generator), (int)r->ds.n, r->ds.dim, r->ds.m,
                 cfg->cov.kind == CT_COVARIANCE_RBF ? "rbf" : "matern52", cfg->cov.variance, ls,
                 (unsigned long long)seed);
        row.source = "synthetic";
        row.generator = ct_points_kind_name(cfg->generator);
    } else {
        snprintf(label, sizeof label, "npy:%.200s-n%d-d%d-m%d-seed%llu",
                 basename_of(cfg->points_path), (int)r->ds.n, r->ds.dim, r->ds.m,
                 (unsigned long long)seed);
        snprintf(files, sizeof files, "points=%s%s%s%s%s%s%s%s%s", cfg->points_path,
                 cfg->inducing_path[0] ? " inducing=" : "", cfg->inducing_path,
                 cfg->v_path[0] ? " v=" : "", cfg->v_path, cfg->p_path[0] ? " p=" : "", cfg->p_path,
                 cfg->query_indices_path[0] ? " queries=" : "", cfg->query_indices_path);
        row.source = "npy";
        row.files = files;
    }
    row.label = label;
    row.n = r->ds.n;
    row.dim = r->ds.dim;
    row.m = r->ds.m;
    row.covariance = r->ds.cov.kind == CT_COVARIANCE_RBF ? "rbf" : "matern52";
    row.variance = r->ds.cov.variance;
    row.lengthscale = ls;
    row.seed = (int64_t)seed;
    row.content_hash = ct_dataset_hash(&r->ds);
    rc = bench_db_begin(&r->db, err);
    if (rc == CT_OK) rc = bench_store_workload(&r->db, &row, &r->workload_id, err);
    if (rc == CT_OK) rc = bench_db_commit(&r->db, err);
    else bench_db_rollback(&r->db);
    if (rc != CT_OK) return rc;
    /* a factor loaded from a V file took no time: no 'factor' row then */
    if (!(cfg->source == BENCH_SOURCE_NPY && cfg->v_path[0]))
        rc = bench_runner_store_setup(r, "factor", NULL, NULL, r->max_threads,
                                      (int64_t)llround(factor_s * 1e9), err);
    return rc;
}

const char *bench_unit_build_text(const runner *r, const unit *u)
{
    return u->build >= 0 ? r->build_text[u->build] : BENCH_BUILD_NONE;
}

void bench_runner_free_tree(runner *r)
{
    for (int s = 0; s < r->n_slots; s++)
        if (r->slots[s].build == r->tree_build) bench_runner_free_slot(r, s);
    if (r->has_tree) ct_tree_free(&r->tree);
    r->has_tree = 0;
    r->tree_build = -1;
    r->sim_state_ready = 0; /* the state file holds the tree */
}

/* Prove the tree's invariants with the float64 kernel (phase 'check'). */
static int check_tree(runner *r, int64_t *ns, ct_error *err)
{
    ct_rows rows;
    ct_kernel_metric km;
    ct_metric_fn metric;
    int64_t t0 = bench_now_ns();
    int rc = ct_rows_view_f64(&r->ds, &rows);
    if (rc != CT_OK) return ct_error_set(err, rc, "no row view for the tree check");
    km.rows = &rows;
    km.kernel = ct_kernel_default(CT_PRECISION_F64);
    if (!km.kernel) return ct_error_set(err, CT_ENOTSUP, "no float64 kernel for the check");
    metric = ct_kernel_metric_fn(&km);
    rc = ct_tree_check(&metric, &r->tree, CT_PRUNE_SLACK, err);
    *ns = bench_now_ns() - t0;
    return rc;
}

int bench_runner_build_tree(runner *r, int b, ct_error *err)
{
    const bench_config *cfg = r->cfg;
    const char *text = r->build_text[b];
    bench_tree_spec spec;
    bench_tree_row row;
    ct_tree_stats stats;
    double build_s = 0;
    int64_t build_ns, check_ns = -1;
    int rc, need = 0;

    /* only tree variants still to run need the tree */
    for (int u = 0; u < r->n_units; u++) need |= r->units[u].build == b && !r->units[u].resumed;
    if (!need) return CT_OK;
    bench_runner_free_tree(r);
    rc = bench_config_build(cfg, b, &spec.insertion, &spec.params);
    if (rc != CT_OK) return ct_error_set(err, rc, "no build configuration %d", b);
    bench_runner_set_threads(r->max_threads);
    rc = bench_tree_build(&r->ds, &spec, &r->tree, &build_s, err);
    if (rc != CT_OK) return rc;
    r->has_tree = 1;
    r->tree_build = b;
    build_ns = (int64_t)llround(build_s * 1e9);
    rc = bench_runner_store_setup(r, "build", text, text, r->max_threads, build_ns, err);
    if (rc != CT_OK) return rc;
    if (cfg->check_tree) {
        rc = check_tree(r, &check_ns, err);
        if (rc == CT_OK)
            rc = bench_runner_store_setup(r, "check", text, text, r->max_threads, check_ns, err);
        if (rc != CT_OK) return rc;
    }
    rc = ct_tree_stats_compute(&r->tree, &stats);
    if (rc != CT_OK) return ct_error_set(err, rc, "tree statistics failed");
    memset(&row, 0, sizeof row);
    row.run_id = r->run_id;
    row.workload_id = r->workload_id;
    row.build = text;
    row.insertion = ct_axis_value_name(CT_AXIS_ORDER, spec.insertion);
    row.base = spec.params.base;
    row.si = spec.params.si_mode == CT_SI_EXACT ? "exact" : "sum";
    row.batch = spec.params.batch;
    row.threads = r->max_threads;
    row.build_ns = build_ns;
    row.check_ns = check_ns;
    row.stats = &stats;
    rc = bench_db_begin(&r->db, err);
    if (rc == CT_OK) rc = bench_store_tree(&r->db, &row, err);
    if (rc == CT_OK) rc = bench_db_commit(&r->db, err);
    else bench_db_rollback(&r->db);
    return rc;
}

int bench_runner_prepare_queries(runner *r, ct_error *err)
{
    const bench_config *cfg = r->cfg;
    int32_t n = r->ds.n;
    int rc;

    if (cfg->query_indices_path[0]) {
        int64_t count = 0;
        rc = ct_npy_load_index(cfg->query_indices_path, n, &r->queries, &count, err);
        if (rc != CT_OK) return rc;
        if (count < 1 || count > INT32_MAX)
            return ct_error_set(err, CT_EFORMAT, "%s: no query indices", cfg->query_indices_path);
        r->nq = (int32_t)count;
    } else {
        r->nq = cfg->queries > 0 ? cfg->queries : n;
        r->queries = ct_malloc_array((size_t)r->nq, sizeof *r->queries);
        if (!r->queries) return ct_error_set(err, CT_ENOMEM, "out of memory for the queries");
    }
    if (cfg->query_indices_path[0]) {
        /* loaded above */
    } else if (cfg->queries > 0) {
        rc = ct_queries_draw(n, r->nq, r->seed + 2, r->queries);
        if (rc != CT_OK) return ct_error_set(err, rc, "drawing the queries failed");
    } else {
        for (int32_t i = 0; i < n; i++) r->queries[i] = i;
    }
    r->ns =
        (cfg->verify_queries == 0 || cfg->verify_queries >= r->nq) ? r->nq : cfg->verify_queries;
    r->sample_pos = ct_malloc_array((size_t)r->ns, sizeof *r->sample_pos);
    r->sample_queries = ct_malloc_array((size_t)r->ns, sizeof *r->sample_queries);
    if (!r->sample_pos || !r->sample_queries)
        return ct_error_set(err, CT_ENOMEM, "out of memory for the verification sample");
    if (r->ns == r->nq) {
        for (int32_t i = 0; i < r->ns; i++) r->sample_pos[i] = i;
    } else {
        rc = ct_inducing_draw(r->nq, r->ns, r->seed + 3, r->sample_pos);
        if (rc != CT_OK) return ct_error_set(err, rc, "drawing the verification sample failed");
    }
    for (int32_t i = 0; i < r->ns; i++) r->sample_queries[i] = r->queries[r->sample_pos[i]];

    /* the oracle's answers for the sample, once per k (untimed) */
    bench_runner_set_threads(r->max_threads);
    for (int ki = 0; ki < cfg->n_ks; ki++) {
        ct_query_spec spec = {cfg->ks[ki], cfg->predecessor, cfg->exclude_self};
        int needed = 0;
        for (int u = 0; u < r->n_units; u++)
            needed |= r->units[u].k_index == ki && !r->units[u].resumed;
        if (!needed) continue;
        rc = ct_query_spec_check(&spec, n, err);
        if (rc != CT_OK) return rc;
        rc = ct_knn_result_alloc(&r->oracle[ki], r->ns, spec.k);
        if (rc != CT_OK) return ct_error_set(err, rc, "out of memory for the oracle's answers");
        r->has_oracle[ki] = 1;
        rc = ct_oracle_knn(&r->ds, r->sample_queries, r->ns, &spec, &r->oracle[ki], err);
        if (rc != CT_OK) return rc;
    }
    return CT_OK;
}

static void layout_name(const ct_variant *v, char *buf, size_t size)
{
    snprintf(buf, size, "%s.%s.%s.%s", ct_axis_value_name(CT_AXIS_TOPOLOGY, v->topology),
             ct_axis_value_name(CT_AXIS_ORDER, v->order), ct_axis_value_name(CT_AXIS_DATA, v->data),
             ct_axis_value_name(CT_AXIS_PRECISION, v->precision));
}

/* Units in run order (build group, then k, then variant, then threads);
 * layout slots assigned.  Variant rows are written here, each in its own
 * small transaction, so --resume can look units up by variant id. */
int bench_runner_plan_units(runner *r, ct_error *err)
{
    const bench_config *cfg = r->cfg;
    int cap = cfg->n_ks * cfg->n_variants * cfg->n_threads * r->n_builds, rc = CT_OK;
    int64_t *variant_ids =
        calloc((size_t)(cfg->n_variants ? cfg->n_variants : 1), sizeof *variant_ids);

    r->units = calloc((size_t)(cap ? cap : 1), sizeof *r->units);
    r->slots =
        calloc((size_t)(cfg->n_variants ? cfg->n_variants * r->n_builds : 1), sizeof *r->slots);
    if (!r->units || !r->slots || !variant_ids) {
        free(variant_ids);
        return ct_error_set(err, CT_ENOMEM, "out of memory");
    }
    r->n_units = 0;
    r->n_slots = 0;
    for (int g = 0; g < r->n_builds; g++) {
        for (int ki = 0; ki < cfg->n_ks; ki++) {
            for (int vi = 0; vi < cfg->n_variants; vi++) {
                const ct_variant *v = &cfg->variants[vi];
                char name[CT_VARIANT_NAME_MAX];
                int slot = -1, tree = v->family == CT_VARIANT_TREE;
                if (!tree && g > 0) continue; /* a baseline runs once per workload */
                ct_variant_format(v, name, sizeof name);
                if (r->opt->only_glob && fnmatch(r->opt->only_glob, name, 0) != 0) continue;
                if (tree) {
                    char lname[64];
                    layout_name(v, lname, sizeof lname);
                    for (int s = 0; s < r->n_slots && slot < 0; s++)
                        if (r->slots[s].build == g && !strcmp(r->slots[s].name, lname)) slot = s;
                    if (slot < 0) {
                        slot = r->n_slots++;
                        snprintf(r->slots[slot].name, sizeof r->slots[slot].name, "%s", lname);
                        r->slots[slot].build = g;
                    }
                }
                if (r->db_open && !variant_ids[vi]) {
                    rc = bench_db_begin(&r->db, err);
                    if (rc == CT_OK) rc = bench_store_variant(&r->db, v, &variant_ids[vi], err);
                    if (rc == CT_OK) rc = bench_db_commit(&r->db, err);
                    else bench_db_rollback(&r->db);
                    if (rc != CT_OK) goto done;
                }
                for (int ti = 0; ti < cfg->n_threads; ti++) {
                    unit *u = &r->units[r->n_units];
                    memset(u, 0, sizeof *u);
                    u->v = *v;
                    snprintf(u->name, sizeof u->name, "%s", name);
                    u->threads = cfg->threads[ti];
                    u->k = cfg->ks[ki];
                    u->k_index = ki;
                    u->build = tree ? g : -1;
                    u->group = g;
                    u->slot = slot;
                    u->variant_id = variant_ids[vi];
                    u->exact = ct_variant_is_exact(v);
                    u->sim = r->sim && ti == 0;
                    if (slot >= 0) r->slots[slot].last_unit = r->n_units;
                    r->n_units++;
                }
            }
        }
    }
done:
    free(variant_ids);
    return rc;
}

int bench_runner_lower(runner *r, int slot, ct_error *err)
{
    layout_slot *s = &r->slots[slot];
    const unit *first = NULL;
    double secs = 0;
    int rc;
    if (s->ready) return CT_OK;
    for (int u = 0; u < r->n_units && !first; u++)
        if (r->units[u].slot == slot) first = &r->units[u];
    if (!first || !r->has_tree || r->tree_build != s->build)
        return ct_error_set(err, CT_EINTERNAL, "layout without its tree");
    bench_runner_set_threads(r->max_threads);
    rc = bench_prepare(&r->ds, &r->tree, &first->v, &s->prep, &secs, err);
    if (rc != CT_OK) return rc;
    s->ready = 1;
    return bench_runner_store_setup(r, "lower", s->name, r->build_text[s->build], r->max_threads,
                                    (int64_t)llround(secs * 1e9), err);
}

void bench_runner_free_slot(runner *r, int slot)
{
    if (r->slots[slot].ready) bench_prepared_free(&r->slots[slot].prep);
    r->slots[slot].ready = 0;
}

int bench_runner_sim_state(runner *r, ct_error *err)
{
    char path[1200];
    int rc;
    if (r->sim_state_ready) return CT_OK;
    snprintf(path, sizeof path, "%s/state.bin", r->sim_dir);
    rc = bench_sim_state_write(path, &r->ds, r->has_tree ? &r->tree : NULL, r->queries, r->nq, err);
    if (rc == CT_OK) r->sim_state_ready = 1;
    return rc;
}

void bench_runner_free_workload(runner *r)
{
    for (int s = 0; s < r->n_slots; s++) bench_runner_free_slot(r, s);
    for (int u = 0; u < r->n_units; u++) bench_unit_free(&r->units[u]);
    free(r->units);
    free(r->slots);
    r->units = NULL;
    r->slots = NULL;
    r->n_units = r->n_slots = 0;
    for (int ki = 0; ki < BENCH_MAX_KS; ki++) {
        if (r->has_oracle[ki]) ct_knn_result_free(&r->oracle[ki]);
        r->has_oracle[ki] = 0;
    }
    ct_free(r->queries);
    ct_free(r->sample_pos);
    ct_free(r->sample_queries);
    r->queries = r->sample_pos = r->sample_queries = NULL;
    if (r->has_tree) ct_tree_free(&r->tree);
    r->has_tree = 0;
    r->tree_build = -1;
    if (r->has_ds) ct_dataset_free(&r->ds);
    r->has_ds = 0;
    r->sim_state_ready = 0;
}
