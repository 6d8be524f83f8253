/* merge.h -- `ctbench merge OUT.db IN.db ...`: copy the runs of one results
 * database into another (issue 11: shards of a sweep, CI databases of
 * several machines).  IN is migrated to the current schema first (it must
 * be writable when older).  Every run of IN that OUT does not have yet is
 * copied with everything that hangs off it (trees, results, summaries,
 * samples, counters, extras, annotations), under new ids; variants and
 * workloads are matched by their unique keys (name; label + content hash).
 * A run is "already there" when OUT has a run with the same start time,
 * config hash, commit, host, writer pid and shard: merging twice copies
 * nothing (idempotent).  Runs are never merged into each other: a unit
 * measured in two runs stays two results, each run keeps its own machine
 * identity; such units are counted as conflicts (same unit, commit and
 * machine in another run of OUT).  One transaction per IN.
 */
#ifndef BENCH_MERGE_H
#define BENCH_MERGE_H

#include "ct/status.h"
#include "db.h"

typedef struct bench_merge_stats {
    int runs_copied;
    int runs_present; /* already in OUT: skipped */
    long results_copied;
    long conflicts; /* copied units also measured in another run of OUT (same commit, machine) */
} bench_merge_stats;

/* Merge `in_path` into `out` (opened for writing). */
int bench_merge_database(bench_db *out, const char *in_path, bench_merge_stats *stats,
                         ct_error *err);

#endif
