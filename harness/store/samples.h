/* samples.h -- the timed samples of one stored result, read back for the
 * statistics that need every sample rather than the summary: a speed-up's
 * interval, a comparison's rank test, the noise of a unit.
 *
 * The samples are the query-phase wall times.  `paired_with`, when
 * non-zero, keeps only the samples taken in the same interleaving rounds as
 * that result's (measurement.round): a baseline paired with a tree variant
 * of the same time window.  The noise sums let a reader judge a unit over
 * all its samples together, which spans enough /proc/stat ticks even when
 * each sample is too short to be judged alone (measure/noise.h).
 */
#ifndef BENCH_SAMPLES_H
#define BENCH_SAMPLES_H

#include <stdint.h>

#include "ct/status.h"
#include "db.h"

typedef struct bench_samples {
    double *ns; /* wall times, in stored order */
    int n;
    int noisy;          /* samples flagged noisy */
    int64_t ticks;      /* /proc/stat ticks over all of them (0 when not recorded) */
    double other_ticks; /* of those, other processes' (a signed sum: measure/noise.h) */
    double steal_ticks; /* of those, stolen by the hypervisor */
} bench_samples;

int bench_samples_load(bench_db *db, int64_t result_id, int64_t paired_with, bench_samples *out,
                       ct_error *err);
void bench_samples_free(bench_samples *s);

/* The share of the machine other processes took over the samples, and the
 * share stolen; NaN when the samples recorded no ticks. */
double bench_samples_other_share(const bench_samples *s);
double bench_samples_steal_share(const bench_samples *s);

#endif
