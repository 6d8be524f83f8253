/* sysinfo.c -- collect the machine fingerprint of a run (sysinfo.h).
 *
 * The git commit is asked of `git -C CT_SOURCE_DIR` at run time (so a binary
 * built before an edit still reports the tree it ran from, and whether it was
 * dirty); without git it falls back to the commit baked in at configure time
 * with the dirty flag unknown.  OpenBLAS exports openblas_get_config() and
 * openblas_get_corename(); they are declared here rather than taken from a
 * header because cblas.h of other BLAS libraries lacks them.
 */
#define _POSIX_C_SOURCE 200809L
#include "sysinfo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#ifndef CT_GIT_COMMIT
#define CT_GIT_COMMIT "unknown"
#endif
#ifndef CT_VERSION
#define CT_VERSION "0.0.0"
#endif
#ifndef CT_SOURCE_DIR
#define CT_SOURCE_DIR "."
#endif
#ifndef CT_C_FLAGS
#define CT_C_FLAGS "unknown"
#endif

char *openblas_get_config(void);
char *openblas_get_corename(void);

static void copy(char *dst, size_t size, const char *src)
{
    size_t n;
    if (!src) src = "unknown";
    n = strlen(src);
    if (n >= size) n = size - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

static void chomp(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' ')) s[--n] = '\0';
}

/* First line of a shell command's stdout; -1 if it failed. */
static int command_line(const char *cmd, char *out, size_t size, int *nonempty)
{
    FILE *p = popen(cmd, "r");
    char buf[512];
    int any = 0;
    if (!p) return -1;
    out[0] = '\0';
    while (fgets(buf, sizeof buf, p)) {
        if (!any) {
            chomp(buf);
            snprintf(out, size, "%s", buf);
        }
        any = 1;
    }
    if (nonempty) *nonempty = any;
    return pclose(p) == 0 ? 0 : -1;
}

static void cpu_info(bench_sysinfo *info)
{
    FILE *f = fopen("/proc/cpuinfo", "r");
    static const char *const wanted[] = {"avx2", "fma", "avx512f"};
    char *line = NULL;
    size_t cap = 0;
    copy(info->cpu_model, sizeof info->cpu_model, NULL);
    info->cpu_flags[0] = '\0';
    if (!f) return;
    while (getline(&line, &cap, f) > 0) {
        char *colon = strchr(line, ':');
        if (!colon) continue;
        if (!strncmp(line, "model name", 10) && !strcmp(info->cpu_model, "unknown")) {
            char *v = colon + 1;
            while (*v == ' ') v++;
            chomp(v);
            copy(info->cpu_model, sizeof info->cpu_model, v);
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
    copy(info->blas_library, sizeof info->blas_library, NULL);
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
            copy(info->blas_library, sizeof info->blas_library, path);
            break;
        }
    }
    free(line);
    fclose(f);
}

static void git_info(bench_sysinfo *info)
{
    char cmd[1200];
    char out[128];
    int dirty = 0;
    snprintf(cmd, sizeof cmd, "git -C '%s' rev-parse HEAD 2>/dev/null", CT_SOURCE_DIR);
    if (command_line(cmd, out, sizeof out, NULL) == 0 && strlen(out) >= 7) {
        copy(info->git_commit, sizeof info->git_commit, out);
        snprintf(cmd, sizeof cmd, "git -C '%s' status --porcelain --untracked-files=no 2>/dev/null",
                 CT_SOURCE_DIR);
        info->git_dirty = command_line(cmd, out, sizeof out, &dirty) == 0 ? dirty : -1;
        return;
    }
    copy(info->git_commit, sizeof info->git_commit, CT_GIT_COMMIT);
    info->git_dirty = -1;
}

void bench_sysinfo_collect(bench_sysinfo *info)
{
    const char *coretype = getenv("OPENBLAS_CORETYPE");
    struct utsname un;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);

    memset(info, 0, sizeof *info);
    if (gethostname(info->host, sizeof info->host - 1) != 0)
        copy(info->host, sizeof info->host, NULL);
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
    copy(info->compiler, sizeof info->compiler, NULL);
#endif
    {
        const char *flags = CT_C_FLAGS;
        while (*flags == ' ') flags++;
        copy(info->cflags, sizeof info->cflags, flags);
    }
    git_info(info);
    blas_library(info);
    copy(info->blas_config, sizeof info->blas_config, openblas_get_config());
    copy(info->blas_core, sizeof info->blas_core, openblas_get_corename());
    if (!coretype) copy(info->blas_coretype_env, sizeof info->blas_coretype_env, "unset");
    else if (!*coretype) copy(info->blas_coretype_env, sizeof info->blas_coretype_env, "empty");
    else snprintf(info->blas_coretype_env, sizeof info->blas_coretype_env, "set: %.80s", coretype);
    copy(info->version, sizeof info->version, CT_VERSION);
    if (uname(&un) == 0) copy(info->kernel_release, sizeof info->kernel_release, un.release);
    else copy(info->kernel_release, sizeof info->kernel_release, NULL);
}
