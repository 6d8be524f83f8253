/* sysinfo.c -- collect the machine fingerprint of a run (sysinfo.h).
 *
 * The commit is the one the binary was built from (util/version.h, written
 * at build time); the checkout's HEAD at run time comes from
 * `git -C CT_SOURCE_DIR` (run without a shell), "" when there is no git.  OpenBLAS exports openblas_get_config() and
 * openblas_get_corename(); they are declared here rather than taken from a
 * header because cblas.h of other BLAS libraries lacks them.
 */
#define _POSIX_C_SOURCE 200809L
#include "sysinfo.h"
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "child.h"
#include "version.h"

#ifndef CT_SOURCE_DIR
#define CT_SOURCE_DIR "."
#endif
#ifndef CT_C_FLAGS
#define CT_C_FLAGS "unknown"
#endif

char *openblas_get_config(void);
char *openblas_get_corename(void);

static void chomp(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' ')) s[--n] = '\0';
}

/* First line of `git -C CT_SOURCE_DIR ARGS...` (no shell); -1 if it failed.
 * *nonempty: it printed anything at all. */
static int git_line(const char *a1, const char *a2, const char *a3, const char *a4, char *out,
                    size_t size, int *nonempty)
{
    const char *argv[] = {"git", "-C", CT_SOURCE_DIR, a1, a2, a3, a4, NULL};
    char buf[4096];
    bench_child child;
    bench_child_status st;
    ct_error e;
    memset(&child, 0, sizeof child);
    child.argv = argv;
    child.capture = buf;
    child.capture_cap = sizeof buf;
    child.timeout_s = 20;
    ct_error_clear(&e);
    if (bench_child_run(&child, &st, &e) != CT_OK || !st.exited || st.code != 0) return -1;
    if (nonempty) *nonempty = buf[0] != '\0';
    buf[strcspn(buf, "\r\n")] = '\0';
    bench_text_copy(out, size, buf);
    return 0;
}

static void cpu_info(bench_sysinfo *info)
{
    FILE *f = fopen("/proc/cpuinfo", "r");
    static const char *const wanted[] = {"avx2", "fma", "avx512f"};
    char *line = NULL;
    size_t cap = 0;
    bench_text_copy(info->cpu_model, sizeof info->cpu_model, NULL);
    info->cpu_flags[0] = '\0';
    if (!f) return;
    while (getline(&line, &cap, f) > 0) {
        char *colon = strchr(line, ':');
        if (!colon) continue;
        if (!strncmp(line, "model name", 10) && !strcmp(info->cpu_model, "unknown")) {
            char *v = colon + 1;
            while (*v == ' ') v++;
            chomp(v);
            bench_text_copy(info->cpu_model, sizeof info->cpu_model, v);
        } else if (!strncmp(line, "flags", 5) && !info->cpu_flags[0]) {
            for (size_t i = 0; i < sizeof wanted / sizeof wanted[0]; i++) {
                char pat[32];
                size_t len;
                snprintf(pat, sizeof pat, " %s", wanted[i]);
                len = strlen(pat);
                for (char *s = strstr(colon, pat); s; s = strstr(s + 1, pat)) {
                    if (s[len] == ' ' || s[len] == '\n' || s[len] == '\0') {
                        if (info->cpu_flags[0]) strcat(info->cpu_flags, " ");
                        strcat(info->cpu_flags, wanted[i]);
                        break;
                    }
                }
            }
            if (!info->cpu_flags[0]) strcpy(info->cpu_flags, "none");
        }
    }
    free(line);
    fclose(f);
}

/* The shared object that provides the BLAS symbols, from /proc/self/maps. */
static void blas_library(bench_sysinfo *info)
{
    FILE *f = fopen("/proc/self/maps", "r");
    char *line = NULL;
    size_t cap = 0;
    bench_text_copy(info->blas_library, sizeof info->blas_library, NULL);
    if (!f) return;
    /* the object whose file name names a BLAS (libopenblas.so.0, libblas.so.3,
     * libblis, libmkl_rt); not a sibling such as openblas-pthread/liblapack.so.3 */
    while (getline(&line, &cap, f) > 0) {
        char *path = strchr(line, '/');
        const char *base;
        if (!path) continue;
        chomp(path);
        base = strrchr(path, '/') + 1;
        if (strstr(base, "blas") || strstr(base, "blis") || strstr(base, "mkl_rt")) {
            bench_text_copy(info->blas_library, sizeof info->blas_library, path);
            break;
        }
    }
    free(line);
    fclose(f);
}

static void git_info(bench_sysinfo *info)
{
    char out[128];
    int dirty = 0;
    bench_text_copy(info->git_commit, sizeof info->git_commit, bench_version_commit());
    info->git_dirty = bench_version_dirty();
    info->checkout_commit[0] = '\0';
    info->checkout_dirty = -1;
    info->commit_time[0] = '\0';
    if (git_line("rev-parse", "HEAD", NULL, NULL, out, sizeof out, NULL) == 0 && strlen(out) >= 7) {
        bench_text_copy(info->checkout_commit, sizeof info->checkout_commit, out);
        if (git_line("status", "--porcelain", "--untracked-files=no", NULL, out, sizeof out,
                     &dirty) == 0)
            info->checkout_dirty = dirty;
    }
    /* the committer date orders a history by commit, not by when it was measured */
    if (strspn(info->git_commit, "0123456789abcdef") >= 7 &&
        git_line("show", "-s", "--format=%cI", info->git_commit, out, sizeof out, NULL) == 0)
        bench_text_copy(info->commit_time, sizeof info->commit_time, out);
}

void bench_sysinfo_collect(bench_sysinfo *info)
{
    const char *coretype = getenv("OPENBLAS_CORETYPE");
    struct utsname un;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);

    char host[256] = "";

    memset(info, 0, sizeof *info);
    bench_text_copy(info->host, sizeof info->host,
                    gethostname(host, sizeof host - 1) == 0 ? host : NULL);
    cpu_info(info);
    info->cores = cores > 0 ? (int)cores : 0;
#ifdef __VERSION__
    snprintf(info->compiler, sizeof info->compiler, "%s %s",
#if defined(__clang__)
             "clang",
#elif defined(__GNUC__)
             "gcc",
#else
             "cc",
#endif
             __VERSION__);
#else
    bench_text_copy(info->compiler, sizeof info->compiler, NULL);
#endif
    {
        const char *flags = CT_C_FLAGS;
        while (*flags == ' ') flags++;
        bench_text_copy(info->cflags, sizeof info->cflags, flags);
    }
    git_info(info);
    blas_library(info);
    bench_text_copy(info->blas_config, sizeof info->blas_config, openblas_get_config());
    bench_text_copy(info->blas_core, sizeof info->blas_core, openblas_get_corename());
    if (!coretype)
        bench_text_copy(info->blas_coretype_env, sizeof info->blas_coretype_env, "unset");
    else if (!*coretype)
        bench_text_copy(info->blas_coretype_env, sizeof info->blas_coretype_env, "empty");
    else snprintf(info->blas_coretype_env, sizeof info->blas_coretype_env, "set: %.80s", coretype);
    bench_text_copy(info->version, sizeof info->version, bench_version_number());
    if (uname(&un) == 0)
        bench_text_copy(info->kernel_release, sizeof info->kernel_release, un.release);
    else bench_text_copy(info->kernel_release, sizeof info->kernel_release, NULL);
    bench_machine_collect(info);
}
