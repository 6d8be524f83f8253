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
    /* machine.c: what else decides a timing, and the machine's identity */
    char machine[64];    /* the name given with --machine ("" when none) */
    char machine_id[17]; /* hex of a hash of host, CPU model, cores, BLAS core, compiler, flags */
    char os[128];        /* /etc/os-release PRETTY_NAME */
    long long ram_bytes; /* physical memory; -1 unknown */
    long long cache_l1d; /* bytes (sysfs cpu0 cache), -1 unknown */
    long long cache_l2;  /* bytes, -1 unknown */
    long long cache_l3;  /* bytes, -1 unknown */
    int smt;             /* 1 SMT active, 0 not, -1 unknown */
    double cpu_mhz;      /* /proc/cpuinfo "cpu MHz" of the first CPU; 0 unknown */
    char governor[64];   /* cpufreq scaling governor, or why unreadable */
    char boost[64];      /* turbo/boost state, or why unreadable */
    char affinity[128];  /* CPUs this process may run on ("0-1") */
    char omp_env[512];   /* the OMP_* environment, "NAME=VALUE ..." ("" none) */
    char kernel_isa_env[64]; /* CT_KERNEL_ISA: "unset" or "set: VALUE" (kernel_dispatch.c) */
    char commit_time[40];    /* committer date of git_commit (ISO 8601), "" unknown */
} bench_sysinfo;

/* Fill every field (never fails: unknown fields read "unknown"). */
void bench_sysinfo_collect(bench_sysinfo *info);

/* machine.c: the fields after kernel_release (called by bench_sysinfo_collect,
 * after the fields the identity hashes). */
void bench_machine_collect(bench_sysinfo *info);

/* Name the machine (--machine NAME): stored with the run, and its identity
 * becomes a hash of the name alone, so a renamed host keeps its history. */
void bench_machine_name(bench_sysinfo *info, const char *name);

#endif
