/* run_internal.h -- the state of a run, split by how long it lives, and the
 * entry points of the run layer's stages (runner.c calls them in order):
 *
 *   run_session   the whole run: config, options, counters, fingerprint,
 *                 the recorder (the one writer of the database), build
 *                 texts, the simulator's directory, progress, sample order
 *   run_workload  one (seed, n): dataset and factor, query batch,
 *                 verification sample and oracle answers, the planned
 *                 units and their shared setups (slots)
 *   run_tree      one build configuration's canonical tree over a workload
 *   run_unit      one variant x threads x k: its samples, answers, verdict
 *
 * Stages compute and return; only run_record.c writes the database.
 * Not an interface: runner.h is.
 */
#ifndef BENCH_RUN_INTERNAL_H
#define BENCH_RUN_INTERNAL_H

#include <stdint.h>

#include "config.h"
#include "counters.h"
#include "ct/dataset.h"
#include "ct/knn.h"
#include "ct/run.h"
#include "ct/tree.h"
#include "ct/tree_stats.h"
#include "ct/variant.h"
#include "db.h"
#include "blas_rate.h"
#include "noise.h"
#include "runner.h"
#include "store.h"
#include "sysinfo.h"
#include "verify.h"

/* One setup (a lowered layout, a float copy of V) shared by the units of a
 * workload with the same setup key over the same tree. */
typedef struct run_slot {
    char key[CT_RUN_SETUP_KEY_MAX];
    int build; /* build configuration of its tree; -1 for a tree-less setup */
    ct_setup setup;
    int ready;
    int last_unit; /* index of the last unit using it */
} run_slot;

/* A named number (or text) of a result that only some families have
 * (table result_extra): an external program's wall time, peak memory, ... */
typedef struct run_extra {
    char name[32];
    double value;
    int has_value;
    char text[256];
} run_extra;
#define RUN_MAX_EXTRAS 12

/* One unit: a variant at one thread count and one k on one workload, over
 * one build configuration's tree (tree variants) or none (baselines). */
typedef struct run_unit {
    ct_variant v;
    char name[CT_VARIANT_NAME_MAX];
    int threads;
    int k;
    int k_index;
    int build;          /* build configuration, -1 for the baselines */
    int group;          /* run group: baselines are planned with build 0's units */
    int roams;          /* a baseline sampled in every group's rounds (interleaved
                           runs with several builds), committed after the last */
    int allocated;      /* its sample buffers exist */
    int slot;           /* shared setup, -1 when the variant has none */
    ct_setup own_setup; /* a variant without a shared setup prepares over this */
    ct_prepared prep;   /* the variant over its setup, for all of its samples */
    int prepared;
    int64_t variant_id;
    int resumed; /* already stored: skip */
    int exact;   /* ct_variant_is_exact */
    int sim;     /* run the simulator for this unit */
    /* samples */
    int warm_done, reps_done;
    int64_t *warm_ns, *rep_ns, *warm_seq, *rep_seq;
    ct_work *warm_work, *rep_work;
    bench_sample_noise *warm_noise, *rep_noise; /* what disturbed each sample */
    int *warm_round, *rep_round;                /* interleaving round, -1 sequential */
    bench_counter_sample *rep_counters;         /* reps * n_counter_events */
    int n_counter_samples;                      /* per repetition */
    bench_counter_sample sim_samples[BENCH_SIM_MAX_EVENTS];
    int n_sim;
    /* external:NAME (run_external.c) */
    const bench_external *ext; /* its config section; NULL for every other family */
    int unavailable;           /* the program cannot run here (stored, not a failure) */
    run_extra extras[RUN_MAX_EXTRAS];
    int n_extras;
    /* answers and their check */
    ct_knn_result res;
    int failed;
    char note[CT_ERROR_MSG_MAX];
    int checked;
    bench_verify_report check;
    uint64_t hash;
} run_unit;

/* The database side of a run (run_record.c). */
typedef struct run_recorder {
    bench_db db;
    int open;
    int64_t run_id;
    bench_process_id self;   /* the run's writer: this process */
    char resumed_status[16]; /* what a resumed run was: interrupted, failed, dead, ... */
} run_recorder;

typedef struct run_session {
    const bench_config *cfg;
    const bench_run_options *opt;
    bench_run_outcome *outcome;
    bench_counters_kind counters_kind;
    bench_counters counters;
    int counters_open;
    bench_sysinfo sys;
    bench_run_noise noise; /* what disturbed the run as a whole */
    run_recorder rec;
    int max_threads;
    char shard[24]; /* "i/n" with --shard, "" for the whole grid */
    int *shard_of;  /* with --shard: the shard of each workload (run_shard.c) */
    int n_builds;
    char build_text[BENCH_MAX_BUILDS][BENCH_BUILD_TEXT_MAX];
    /* simulated counters */
    int sim;
    char exe[1024];
    char sim_dir[1024];
    /* progress and sample order */
    long samples_total, samples_done; /* the whole run's, less what is resumed */
    long units_total, units_done;
    int64_t seq;
    int64_t next_round; /* interleaving rounds are numbered across the whole run */
} run_session;

typedef struct run_workload {
    uint64_t seed;
    int32_t n; /* synthetic: its size; npy: 0 */
    int n_index;
    ct_dataset ds;
    int has_ds;
    double factor_s;   /* < 0: the factor was loaded, not computed */
    double ordering_s; /* < 0: natural order, nothing done */
    int64_t workload_id;
    int32_t *queries;
    int32_t nq;
    int32_t *sample_pos;     /* positions in the batch that are verified */
    int32_t *sample_queries; /* their dataset indices */
    int32_t ns;
    ct_knn_result oracle[BENCH_MAX_KS];
    int has_oracle[BENCH_MAX_KS];
    run_slot *slots;
    int n_slots;
    run_unit *units;
    int n_units;
    char ext_dir[1024]; /* external programs: the workload's files ("" until written) */
    int ext_units;      /* units of external programs run so far (their output folders) */
} run_workload;

typedef struct run_tree {
    int build;
    ct_tree tree;
    int has_tree;
    double build_s;
    double check_s; /* < 0: not checked */
    ct_tree_stats stats;
    int sim_state_ready; /* the simulator's state file holds this tree */
} run_tree;

/* run_workload.c: dataset, factor, queries, verification sample, oracle. */
int run_workload_load(run_session *s, run_workload *w, uint64_t seed, int n_index, ct_error *err);
/* The strings of a workload row (run_record.c). */
typedef struct run_workload_text {
    char label[512];
    char lengthscale[CT_MAX_DIM * 26];
    char files[5 * BENCH_PATH_MAX + 64];
} run_workload_text;
int run_workload_queries(run_session *s, run_workload *w, ct_error *err);
void run_workload_free(run_workload *w);

/* run_plan.c: the units of a workload in run order (build group, k,
 * variant, threads) and their shared setups. */
int run_plan_units(run_session *s, run_workload *w, ct_error *err);

/* run_tree.c: build (and check) build configuration b's tree; its shape. */
int run_tree_build(run_session *s, run_workload *w, int b, run_tree *t, ct_error *err);
void run_tree_free(run_tree *t);

/* run_schedule.c: the units [start, end) of one group, sequential or
 * interleaved, each committed by the recorder when it completed; `last`:
 * no later group of this workload runs (the roaming baselines finish). */
int run_schedule_group(run_session *s, run_workload *w, run_tree *t, int start, int end, int group,
                       int last, ct_error *err);

/* run_unit.c: one unit's buffers (for all the groups it roams), one sample
 * (timed region + verification), stored at the unit's next free slot. */
int run_unit_alloc(run_session *s, run_workload *w, run_unit *u, ct_error *err);
/* The samples a unit takes in the whole run: 1 or n_builds groups' worth. */
int run_unit_groups(const run_session *s, const run_unit *u);
void run_unit_free(run_unit *u);
int run_unit_sample(run_session *s, run_workload *w, run_unit *u, int warmup, int rep, int round,
                    ct_error *err);
/* The setup a unit prepares over (its slot's, lowered now if needed). */
int run_unit_setup(run_session *s, run_workload *w, run_tree *t, run_unit *u, ct_error *err);
void run_slot_free(run_slot *slot);

/* run_external.c: one unit of an external program (docs/EXTERNAL.md): the
 * workload's files (written once per workload), the process, its outputs,
 * verification.  A failure of the program fails the unit, not the run;
 * CT_EINTR when the harness was interrupted. */
int run_external_unit(run_session *s, run_workload *w, run_unit *u, ct_error *err);
/* Remove the workload's external-program folder. */
void run_external_cleanup(run_workload *w);

/* run_sim.c: simulated counters (--counters sim). */
int run_sim_open(run_session *s, ct_error *err);
void run_sim_close(run_session *s);
void run_sim_unit(run_session *s, run_workload *w, run_tree *t, run_unit *u);

/* run_progress.c: what the observer hears. */
void run_emit(const run_session *s, const bench_run_event *ev);
void run_emit_note(const run_session *s, const char *text);
void run_emit_phase_begin(const run_session *s, const char *phase, const char *detail);
void run_emit_phase(const run_session *s, const char *phase, const char *detail, double seconds);
void run_emit_sample(const run_session *s, const run_unit *u, const char *what, int i, int of);
void run_emit_unit(const run_session *s, const run_unit *u);
/* result.build of a unit: its build text, or BENCH_BUILD_NONE for a baseline. */
const char *run_unit_build_text(const run_session *s, const run_unit *u);

/* run_record.c: every write of the run (one transaction per unit). */
int run_record_open(run_session *s, ct_error *err);
/* Find the run to resume (opt->resume) or insert a new 'running' run; a
 * resumed run numbers its rounds after the stored ones (s->next_round). */
/* run_shard.c: shard_of[seed_index * cfg->n_ns + n_index] = the shard
 * (0..count-1) that runs that workload (run --shard). */
int run_shard_deal(const bench_config *cfg, int count, int *shard_of, ct_error *err);

int run_record_run(run_session *s, int *resumed, char *status, ct_error *err);
int run_record_workload(run_session *s, run_workload *w, ct_error *err);
int run_record_variants(run_session *s, run_workload *w, ct_error *err);
/* Flag the units an earlier attempt of this run stored. */
int run_record_mark_resumed(run_session *s, run_workload *w, ct_error *err);
int run_record_setup(run_session *s, run_workload *w, const char *phase, const char *detail,
                     const char *build, int64_t wall_ns, ct_error *err);
int run_record_tree(run_session *s, run_workload *w, const run_tree *t, ct_error *err);
int run_record_unit(run_session *s, run_workload *w, run_unit *u, ct_error *err);
/* Set the run's final status (waiting up to a minute for a locked database);
 * CT_OK, or why it could not be written. */
/* The dgemm rate of the run (measure/blas_rate.h), onto its row. */
int run_record_roofline(run_session *s, const bench_blas_rate *rate, ct_error *err);
int run_record_finish(run_session *s, const char *status, const char *message, ct_error *err);
void run_record_close(run_session *s);

#endif
