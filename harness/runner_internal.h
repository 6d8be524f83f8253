/* runner_internal.h -- state shared by runner.c (the sweep), runner_setup.c
 * (workload, tree, queries, oracle, layouts) and runner_unit.c (samples,
 * verification, the per-variant transaction).  Not an interface. */
#ifndef BENCH_RUNNER_INTERNAL_H
#define BENCH_RUNNER_INTERNAL_H

#include <stdint.h>

#include "ct/dataset.h"
#include "ct/knn.h"
#include "ct/tree.h"
#include "ct/variant.h"
#include "config.h"
#include "counters.h"
#include "db.h"
#include "pipeline.h"
#include "runner.h"
#include "sysinfo.h"
#include "verify.h"

/* One lowered layout, shared by every variant with the same
 * (topology, order, data, precision) over the same tree. */
typedef struct layout_slot {
    char name[64];       /* "csr.bfs.cached.f64" */
    int build;           /* build configuration of its tree */
    bench_prepared prep; /* owns the layout */
    int ready;
    int last_unit; /* index of the last unit using it */
} layout_slot;

/* One unit: a variant at one thread count and one k on one workload, over
 * one build configuration's tree (tree variants) or none (baselines). */
typedef struct unit {
    ct_variant v;
    char name[CT_VARIANT_NAME_MAX];
    int threads;
    int k;
    int k_index;
    int build; /* build configuration, -1 for the baselines */
    int group; /* run group: baselines run with build 0's units */
    int slot;  /* layout slot, -1 for the baselines */
    int64_t variant_id;
    int resumed; /* already stored: skip */
    int exact;   /* ct_variant_is_exact */
    int sim;     /* run the simulator for this unit */
    /* samples */
    int warm_done, reps_done;
    int64_t *warm_ns, *rep_ns, *warm_seq, *rep_seq;
    ct_work *warm_work, *rep_work;
    bench_counter_sample *rep_counters; /* reps * n_counter_events */
    int n_counter_samples;              /* per repetition */
    bench_counter_sample sim_samples[BENCH_SIM_MAX_EVENTS];
    int n_sim;
    /* answers and their check */
    ct_knn_result res;
    int failed;
    char note[CT_ERROR_MSG_MAX];
    int checked;
    bench_verify_report check;
    uint64_t hash;
} unit;

typedef struct runner {
    const bench_config *cfg;
    const bench_run_options *opt;
    bench_run_outcome *outcome;
    bench_db db;
    int db_open;
    bench_counters counters;
    int counters_open;
    bench_sysinfo sys;
    int64_t run_id;
    int64_t seq; /* execution order of samples within the run */
    int max_threads;
    int n_builds; /* build configurations (bench_config_build) */
    char build_text[BENCH_MAX_BUILDS][BENCH_BUILD_TEXT_MAX]; /* bench_config_build_text */
    /* simulated counters */
    int sim; /* --counters sim */
    char exe[1024];
    char sim_dir[1024];  /* temp dir for the state and callgrind output */
    int sim_state_ready; /* state file of the current workload written */
    /* progress */
    long samples_total, samples_done;
    /* current workload */
    uint64_t seed;
    int32_t n;   /* synthetic: its size; npy: 0 */
    int n_index; /* index of n in cfg->ns */
    ct_dataset ds;
    int has_ds;
    ct_tree tree; /* the tree of build configuration tree_build */
    int has_tree;
    int tree_build;
    int64_t workload_id;
    int32_t *queries;
    int32_t nq;
    int32_t *sample_pos;     /* positions in the batch that are verified */
    int32_t *sample_queries; /* their dataset indices */
    int32_t ns;
    ct_knn_result oracle[BENCH_MAX_KS];
    int has_oracle[BENCH_MAX_KS];
    layout_slot *slots;
    int n_slots;
    unit *units;
    int n_units;
} runner;

/* runner_setup.c */
int bench_runner_load_workload(runner *r, uint64_t seed, int32_t n, ct_error *err);
/* Build (and check) the tree of build configuration b, replacing the current
 * one; stores its 'build' and 'check' rows and its shape (table tree).  A
 * no-op when no unit of b still needs a tree. */
int bench_runner_build_tree(runner *r, int b, ct_error *err);
void bench_runner_free_tree(runner *r);
int bench_runner_prepare_queries(runner *r, ct_error *err);
int bench_runner_plan_units(runner *r, ct_error *err);
int bench_runner_lower(runner *r, int slot, ct_error *err);
void bench_runner_free_slot(runner *r, int slot);
void bench_runner_free_workload(runner *r);
/* A setup-phase row; build is the build text of the tree it belongs to
 * (NULL for 'factor'). */
int bench_runner_store_setup(runner *r, const char *phase, const char *detail, const char *build,
                             int threads, int64_t wall_ns, ct_error *err);
int bench_runner_sim_state(runner *r, ct_error *err);
void bench_runner_set_threads(int threads);
/* result.build of a unit: its build text, or BENCH_BUILD_NONE for a baseline. */
const char *bench_unit_build_text(const runner *r, const unit *u);

/* runner_unit.c */
int bench_unit_alloc(runner *r, unit *u, ct_error *err);
void bench_unit_free(unit *u);
/* Run one sample (warm-up or repetition `rep`) of a unit. */
int bench_unit_sample(runner *r, unit *u, int warmup, int rep, ct_error *err);
/* Simulated counters of a unit (outside any timing). */
void bench_unit_simulate(runner *r, unit *u);
/* Write the unit in one transaction. */
int bench_unit_commit(runner *r, unit *u, ct_error *err);
void bench_runner_progress(runner *r, const unit *u, const char *what, int i, int of);

#endif
