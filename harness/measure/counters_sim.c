/* counters_sim.c -- simulated cache counters: re-run one variant's query
 * batch under valgrind's callgrind with a pinned cache model (counters.h).
 *
 * The child is this same binary (`ctbench sim-query`, cli_sim.c), started
 * with a fixed argument list (relative file names inside its own work
 * directory), a fixed minimal environment, OMP_NUM_THREADS=1 and
 * OPENBLAS_NUM_THREADS=1, so that two runs of the same binary on the same
 * inputs execute identically under valgrind (whose allocator and load
 * addresses are deterministic) and give identical counts.  Instrumentation is
 * off at start (--instr-atstart=no) and switched on only around the engine
 * call by CALLGRIND_START/STOP_INSTRUMENTATION in the child, so the counts
 * are the query batch alone, from cold simulated caches.  Note that valgrind
 * does not implement AVX-512: under it the CPU reports no avx512f, so `auto`
 * runs its AVX2 build and avx512 variants are reported as errors here.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "child.h"
#include "counters.h"

#define CALLGRIND_OUT "callgrind.out"
#define SIM_LOG "sim.log"

int bench_sim_available(char *reason, size_t size)
{
    char exe[1024];
    if (bench_find_program("valgrind", exe, sizeof exe) != 0) {
        snprintf(reason, size,
                 "valgrind is not installed (no valgrind in PATH); install the "
                 "valgrind package for --counters sim");
        return -1;
    }
#ifndef CT_HAVE_CALLGRIND_H
    snprintf(reason, size,
             "ctbench was built without valgrind/callgrind.h, so it cannot "
             "limit instrumentation to the query region");
    return -1;
#else
    reason[0] = '\0';
    return 0;
#endif
}

static void fill_all(bench_counter_sample *out, int max, int *count, bench_counter_status st,
                     const char *reason)
{
    static const char *const names[] = {"Ir",   "Dr",   "Dw",   "I1mr", "D1mr",
                                        "D1mw", "ILmr", "DLmr", "DLmw"};
    int n = 0;
    for (size_t i = 0; i < sizeof names / sizeof names[0] && n < max; i++, n++) {
        memset(&out[n], 0, sizeof out[n]);
        snprintf(out[n].event, sizeof out[n].event, "callgrind:%s", names[i]);
        out[n].status = st;
        out[n].ratio = NAN;
        snprintf(out[n].reason, sizeof out[n].reason, "%s", reason);
    }
    *count = n;
}

/* The child's last message: the last line with text beyond valgrind's
 * "==PID== " prefix (valgrind ends its errors with an empty "==PID==" line). */
static void last_line(const char *path, char *out, size_t size)
{
    FILE *f = fopen(path, "r");
    char line[512];
    out[0] = '\0';
    if (!f) return;
    while (fgets(line, sizeof line, f)) {
        char *text = line;
        size_t n = strlen(line);
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r' || line[n - 1] == ' '))
            line[--n] = '\0';
        if (text[0] == '=' && text[1] == '=') {
            char *end = strstr(text + 2, "==");
            if (end) text = end + 2;
            while (*text == ' ') text++;
        }
        if (*text) snprintf(out, size, "%s", text);
    }
    fclose(f);
}

/* Parse "events:" and "totals:"/"summary:" of a callgrind output file. */
static int parse_callgrind(const char *path, bench_counter_sample *out, int max, int *count)
{
    FILE *f = fopen(path, "r");
    char *line = NULL, *events = NULL, *totals = NULL;
    size_t cap = 0;
    int n = 0;
    if (!f) return -1;
    while (getline(&line, &cap, f) > 0) {
        if (!strncmp(line, "events:", 7)) {
            free(events);
            events = strdup(line + 7);
        } else if (!strncmp(line, "totals:", 7)) {
            free(totals);
            totals = strdup(line + 7);
        } else if (!strncmp(line, "summary:", 8) && !totals) {
            totals = strdup(line + 8);
        }
    }
    free(line);
    fclose(f);
    if (events && totals) {
        char *se = NULL, *st = NULL;
        char *e = strtok_r(events, " \t\n", &se);
        char *t = strtok_r(totals, " \t\n", &st);
        for (; e && n < max; e = strtok_r(NULL, " \t\n", &se), n++) {
            memset(&out[n], 0, sizeof out[n]);
            snprintf(out[n].event, sizeof out[n].event, "callgrind:%s", e);
            out[n].status = BENCH_CSTAT_OK;
            out[n].has_value = 1;
            out[n].ratio = NAN;
            out[n].value = t ? strtoll(t, NULL, 10) : 0; /* callgrind omits trailing zeros */
            if (t) t = strtok_r(NULL, " \t\n", &st);
        }
    }
    free(events);
    free(totals);
    *count = n;
    return n > 0 ? 0 : -1;
}

int bench_sim_run(const bench_sim_request *req, bench_counter_sample *out, int max, int *count,
                  ct_error *err)
{
    char valgrind[1024], reason[BENCH_COUNTER_REASON_MAX], k[32], nq[32], logpath[2048],
        outpath[2048], coretype_env[128];
    const char *coretype = getenv("OPENBLAS_CORETYPE");
    const char *argv[32];
    const char *envp[8];
    int argc = 0, envc = 0;
    bench_child child;
    bench_child_status st;
    ct_error e;

    (void)err;
    if (bench_sim_available(reason, sizeof reason) != 0) {
        fill_all(out, max, count, BENCH_CSTAT_ABSENT, reason);
        return CT_OK;
    }
    bench_find_program("valgrind", valgrind, sizeof valgrind);
    snprintf(k, sizeof k, "%d", req->k);
    snprintf(nq, sizeof nq, "%d", (int)req->nq);
    snprintf(logpath, sizeof logpath, "%s/" SIM_LOG, req->workdir);
    snprintf(outpath, sizeof outpath, "%s/" CALLGRIND_OUT, req->workdir);
    unlink(outpath);

    argv[argc++] = valgrind;
    argv[argc++] = "--tool=callgrind";
    argv[argc++] = "--cache-sim=yes";
    argv[argc++] = "--instr-atstart=no";
    argv[argc++] = "--I1=32768,8,64";
    argv[argc++] = "--D1=49152,12,64";
    argv[argc++] = "--LL=1048576,16,64";
    argv[argc++] = "--callgrind-out-file=" CALLGRIND_OUT;
    argv[argc++] = "-q";
    argv[argc++] = req->exe;
    argv[argc++] = "sim-query";
    argv[argc++] = "--state";
    argv[argc++] = req->state_file;
    argv[argc++] = "--variant";
    argv[argc++] = req->variant;
    argv[argc++] = "--k";
    argv[argc++] = k;
    argv[argc++] = "--queries";
    argv[argc++] = nq;
    if (req->predecessor) argv[argc++] = "--predecessor";
    if (req->exclude_self) argv[argc++] = "--exclude-self";
    argv[argc] = NULL;
    envp[envc++] = "PATH=/usr/local/bin:/usr/bin:/bin";
    envp[envc++] = "LC_ALL=C";
    envp[envc++] = "OMP_NUM_THREADS=1";
    envp[envc++] = "OPENBLAS_NUM_THREADS=1";
    if (coretype) {
        snprintf(coretype_env, sizeof coretype_env, "OPENBLAS_CORETYPE=%.100s", coretype);
        envp[envc++] = coretype_env;
    }
    envp[envc] = NULL;

    memset(&child, 0, sizeof child);
    child.argv = argv;
    child.envp = envp;
    child.cwd = req->workdir;
    child.log_path = logpath;
    ct_error_clear(&e);
    if (bench_child_run(&child, &st, &e) != CT_OK) {
        fill_all(out, max, count, BENCH_CSTAT_ERROR, e.msg);
        return CT_OK;
    }
    if (!st.exited || st.code != 0) {
        char line[200];
        last_line(logpath, line, sizeof line);
        if (!st.exited)
            snprintf(reason, sizeof reason, "simulator child killed by signal %d", st.signal);
        else
            snprintf(reason, sizeof reason, "simulator child exited with %d: %.180s", st.code,
                     line[0] ? line : "(no output)");
        fill_all(out, max, count, BENCH_CSTAT_ERROR, reason);
        return CT_OK;
    }
    if (parse_callgrind(outpath, out, max, count) != 0) {
        fill_all(out, max, count, BENCH_CSTAT_ERROR, "could not read the callgrind output");
        return CT_OK;
    }
    return CT_OK;
}
