/* machine.c -- what else about the machine decides a timing, stored with
 * every run (sysinfo.h): OS, memory, caches, SMT, clock and its governor and
 * boost, the CPUs the process may use, the OpenMP environment, and an
 * identity that groups the runs of one machine into a history.
 *
 * Everything is read from /proc, /sys and the environment; a file that a VM
 * does not expose (cpufreq is absent under KVM) is recorded as why it is
 * unknown rather than guessed.  hwloc would give the cache sizes too, but
 * sysfs's cpu0/cache/index* files are what hwloc itself reads on Linux, and
 * three of them do not justify the dependency.
 *
 * Identity: FNV-1a over host, CPU model, cores, BLAS core, compiler and
 * flags -- the things that, when they change, make two timings
 * incomparable.  --machine NAME replaces it with a hash of the name, for CI
 * runners whose host names change with every job.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ct/hash.h"
#include "text.h"
#include "sysinfo.h"

extern char **environ;

/* First line of a file, trimmed; -1 when unreadable. */
static int read_line(const char *path, char *out, size_t size)
{
    FILE *f = fopen(path, "r");
    size_t n;
    if (!f) return -1;
    if (!fgets(out, (int)size, f)) out[0] = '\0';
    fclose(f);
    n = strlen(out);
    while (n && isspace((unsigned char)out[n - 1])) out[--n] = '\0';
    return 0;
}

static void os_name(bench_sysinfo *info)
{
    FILE *f = fopen("/etc/os-release", "r");
    char line[256];
    bench_text_copy(info->os, sizeof info->os, NULL);
    if (!f) return;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "PRETTY_NAME=", 12) == 0) {
            char *v = line + 12;
            size_t n;
            if (*v == '"') v++;
            n = strcspn(v, "\"\n");
            v[n] = '\0';
            bench_text_copy(info->os, sizeof info->os, v);
            break;
        }
    }
    fclose(f);
}

/* "48K", "512K", "32M" -> bytes; -1 when unparsable. */
static long long size_bytes(const char *s)
{
    char *end;
    long long v = strtoll(s, &end, 10);
    if (end == s || v < 0) return -1;
    if (*end == 'K') v *= 1024;
    else if (*end == 'M') v *= 1024 * 1024;
    else if (*end == 'G') v *= 1024LL * 1024 * 1024;
    return v;
}

static void caches(bench_sysinfo *info)
{
    info->cache_l1d = info->cache_l2 = info->cache_l3 = -1;
    for (int i = 0; i < 8; i++) {
        char path[128], level[16], type[32], size[32];
        snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu0/cache/index%d/level", i);
        if (read_line(path, level, sizeof level) != 0) break;
        snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu0/cache/index%d/type", i);
        if (read_line(path, type, sizeof type) != 0) continue;
        snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu0/cache/index%d/size", i);
        if (read_line(path, size, sizeof size) != 0) continue;
        if (!strcmp(level, "1") && !strcmp(type, "Data")) info->cache_l1d = size_bytes(size);
        else if (!strcmp(level, "2")) info->cache_l2 = size_bytes(size);
        else if (!strcmp(level, "3")) info->cache_l3 = size_bytes(size);
    }
}

static void clock_info(bench_sysinfo *info)
{
    FILE *f = fopen("/proc/cpuinfo", "r");
    char line[256], v[64];
    info->cpu_mhz = 0;
    if (f) {
        while (fgets(line, sizeof line, f))
            if (strncmp(line, "cpu MHz", 7) == 0) {
                char *colon = strchr(line, ':');
                if (colon) info->cpu_mhz = strtod(colon + 1, NULL);
                break;
            }
        fclose(f);
    }
    if (read_line("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", v, sizeof v) == 0)
        bench_text_copy(info->governor, sizeof info->governor, v);
    else bench_text_copy(info->governor, sizeof info->governor, "unavailable (no cpufreq)");
    if (read_line("/sys/devices/system/cpu/cpufreq/boost", v, sizeof v) == 0)
        snprintf(info->boost, sizeof info->boost, "%s", !strcmp(v, "1") ? "on" : "off");
    else if (read_line("/sys/devices/system/cpu/intel_pstate/no_turbo", v, sizeof v) == 0)
        snprintf(info->boost, sizeof info->boost, "%s", !strcmp(v, "0") ? "on" : "off");
    else bench_text_copy(info->boost, sizeof info->boost, "unavailable (no cpufreq)");
}

static void smt_state(bench_sysinfo *info)
{
    char v[16];
    info->smt = -1;
    if (read_line("/sys/devices/system/cpu/smt/active", v, sizeof v) == 0)
        info->smt = !strcmp(v, "1");
}

/* The CPUs of sched_getaffinity as ranges, "0-1" or "0,2,4-7". */
static void affinity(bench_sysinfo *info)
{
    cpu_set_t set_;
    size_t len = 0;
    info->affinity[0] = '\0';
    if (sched_getaffinity(0, sizeof set_, &set_) != 0) {
        bench_text_copy(info->affinity, sizeof info->affinity, NULL);
        return;
    }
    for (int c = 0; c < CPU_SETSIZE && len + 16 < sizeof info->affinity; c++) {
        int e = c;
        if (!CPU_ISSET(c, &set_)) continue;
        while (e + 1 < CPU_SETSIZE && CPU_ISSET(e + 1, &set_)) e++;
        len += (size_t)snprintf(info->affinity + len, sizeof info->affinity - len,
                                e > c ? "%s%d-%d" : "%s%d", len ? "," : "", c, e);
        c = e;
    }
}

static void omp_environment(bench_sysinfo *info)
{
    size_t len = 0;
    info->omp_env[0] = '\0';
    for (char **e = environ; e && *e; e++) {
        if (strncmp(*e, "OMP_", 4) != 0 && strncmp(*e, "GOMP_", 5) != 0 &&
            strncmp(*e, "KMP_", 4) != 0)
            continue;
        if (len + strlen(*e) + 2 >= sizeof info->omp_env) break;
        len += (size_t)snprintf(info->omp_env + len, sizeof info->omp_env - len, "%s%s",
                                len ? " " : "", *e);
    }
}

static void hex(uint64_t h, char out[17])
{
    snprintf(out, 17, "%016llx", (unsigned long long)h);
}

static uint64_t mix(uint64_t h, const char *s)
{
    h = ct_hash_fnv1a(h, s, strlen(s));
    return ct_hash_fnv1a(h, "\n", 1);
}

void bench_machine_collect(bench_sysinfo *info)
{
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    char cores[16];
    uint64_t h = 14695981039346656037ULL;

    os_name(info);
    info->ram_bytes = pages > 0 && page > 0 ? (long long)pages * page : -1;
    caches(info);
    clock_info(info);
    smt_state(info);
    affinity(info);
    omp_environment(info);
    {
        const char *isa = getenv("CT_KERNEL_ISA");
        if (!isa) bench_text_copy(info->kernel_isa_env, sizeof info->kernel_isa_env, "unset");
        else snprintf(info->kernel_isa_env, sizeof info->kernel_isa_env, "set: %.50s", isa);
    }
    info->machine[0] = '\0';
    snprintf(cores, sizeof cores, "%d", info->cores);
    h = mix(h, info->host);
    h = mix(h, info->cpu_model);
    h = mix(h, cores);
    h = mix(h, info->blas_core);
    h = mix(h, info->compiler);
    h = mix(h, info->cflags);
    hex(h, info->machine_id);
}

void bench_machine_name(bench_sysinfo *info, const char *name)
{
    if (!name || !*name) return;
    snprintf(info->machine, sizeof info->machine, "%s", name);
    hex(mix(14695981039346656037ULL, name), info->machine_id);
}
