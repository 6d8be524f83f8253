/* baseline_file.h -- a run's deterministic results as a text file that can
 * live in a repository: one line per unit, tab-separated, sorted, so that a
 * changed baseline is a readable `git diff` (docs/REGRESSION.md).
 *
 *   # ctbench baseline 1
 *   # commit<TAB>SHA<TAB>name<TAB>NAME<TAB>run<TAB>ID
 *   variant workload build threads k nq predecessor exclude_self content_hash
 *     exact verified valid answer_hash metrics          (the column header)
 *   one row per unit; `metrics` is "name=value ..." with values printed so
 *   they read back bit for bit (%.17g)
 *
 * No timings: what is compared against a baseline file is verification,
 * answers and the deterministic metrics (report/compare.h), which do not
 * depend on how busy the machine was.  `ctbench export --format baseline`
 * writes one; `ctbench compare FILE CAND` reads it as BASE.
 */
#ifndef BENCH_BASELINE_FILE_H
#define BENCH_BASELINE_FILE_H

#include <stdio.h>

#include "ct/status.h"
#include "units.h"

#define BENCH_BASELINE_MAGIC "# ctbench baseline 1"

/* Write the units of set (sorted by their key) to out. */
int bench_baseline_write(const bench_unit_set *set, FILE *out, ct_error *err);

/* 1 if path is a readable file that starts with BENCH_BASELINE_MAGIC. */
int bench_baseline_is_file(const char *path);

/* Read a baseline file; CT_EFORMAT "PATH:LINE: what" for a malformed line. */
int bench_baseline_read(const char *path, bench_unit_set *set, ct_error *err);

#endif
