/* sysinfo.h -- the machine fingerprint stored with every run.
 *
 * Host, CPU model and the flags that decide which kernels run (avx2, fma,
 * avx512f), cores, compiler and flags, the commit the binary was built from
 * and the checkout's HEAD at run time (they differ when the tree moved on
 * after the build: the run says so), the BLAS
 * library that was actually mapped into the process, its build config and
 * core (OpenBLAS), and how OPENBLAS_CORETYPE was set.  Results are only
 * comparable between runs with the same fingerprint.
 */
#ifndef BENCH_SYSINFO_H
#define BENCH_SYSINFO_H

typedef struct bench_sysinfo {
    char host[256];
    char cpu_model[256];
    char cpu_flags[128]; /* subset: "avx2 fma avx512f" */
    int cores;           /* online processors */
    char compiler[128];
    char cflags[512];
    char git_commit[64];        /* the commit the binary was built from (util/version.h) */
    int git_dirty;              /* its tree was dirty at build time: 1, 0, -1 unknown */
    char checkout_commit[64];   /* HEAD of the source tree at run time ("" without git) */
    int checkout_dirty;         /* 1, 0, -1 unknown */
    char blas_library[512];     /* path of the mapped BLAS shared object */
    char blas_config[256];      /* openblas_get_config() */
    char blas_core[64];         /* openblas_get_corename() */
    char blas_coretype_env[96]; /* OPENBLAS_CORETYPE: "unset", "empty" or "set: VALUE" */
    char version[64];           /* ctbench version */
    char kernel_release[128];   /* uname -r */
} bench_sysinfo;

/* Fill every field (never fails: unknown fields read "unknown"). */
void bench_sysinfo_collect(bench_sysinfo *info);

#endif
