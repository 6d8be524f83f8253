/* version.h -- what this binary is: its version and the commit (and dirty
 * flag) of the source tree it was built from, written at build time
 * (build_info.cmake).  Stored with every run and figure. */
#ifndef BENCH_VERSION_H
#define BENCH_VERSION_H

/* "0.1.0 (commit abcdef012345)", ", dirty" appended for a dirty build */
const char *bench_version(void);
/* "0.1.0" */
const char *bench_version_number(void);
/* The full commit hash the binary was built from, or "unknown". */
const char *bench_version_commit(void);
/* Was the tree dirty (tracked files changed) at build time: 1, 0, -1 unknown. */
int bench_version_dirty(void);

#endif
