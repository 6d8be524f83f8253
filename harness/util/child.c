/* child.c -- run a program and wait for it (child.h). */
#define _GNU_SOURCE
#include "child.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "signals.h"

extern char **environ;

int bench_find_program(const char *name, char *out, size_t size)
{
    const char *path = getenv("PATH");
    char buf[4096];
    char *save = NULL;
    if (!name || !*name) return -1;
    if (strchr(name, '/')) {
        snprintf(out, size, "%s", name);
        return access(out, X_OK) == 0 ? 0 : -1;
    }
    snprintf(buf, sizeof buf, "%s", path && *path ? path : "/usr/local/bin:/usr/bin:/bin");
    for (char *dir = strtok_r(buf, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
        struct stat sb;
        snprintf(out, size, "%s/%s", dir, name);
        if (stat(out, &sb) == 0 && S_ISREG(sb.st_mode) && access(out, X_OK) == 0) return 0;
    }
    return -1;
}

/* In the child, between fork and exec: only async-signal-safe calls. */
static void child_exec(const bench_child *spec, const char *prog, pid_t parent, int out_fd,
                       int report_fd)
{
    int fd, e;
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127); /* the parent died before prctl */
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
    signal(SIGPIPE, SIG_DFL);
    if (spec->cwd && chdir(spec->cwd) != 0) goto fail;
    fd = open(spec->stdin_path ? spec->stdin_path : "/dev/null", O_RDONLY);
    if (fd < 0 || dup2(fd, 0) < 0) goto fail;
    if (fd != 0) close(fd);
    fd = spec->log_path ? open(spec->log_path, O_WRONLY | O_CREAT | O_TRUNC, 0644)
                        : open("/dev/null", O_WRONLY);
    if (fd < 0) goto fail;
    if (dup2(out_fd >= 0 ? out_fd : fd, 1) < 0 || dup2(fd, 2) < 0) goto fail;
    if (fd > 2) close(fd);
    if (out_fd > 2) close(out_fd);
    if (spec->envp) execve(prog, (char *const *)spec->argv, (char *const *)spec->envp);
    else execv(prog, (char *const *)spec->argv);
fail:
    e = errno;
    if (write(report_fd, &e, sizeof e) < 0) _exit(127);
    _exit(127);
}

int bench_child_run(const bench_child *spec, bench_child_status *status, ct_error *err)
{
    char prog[4096];
    int report[2], cap_pipe[2] = {-1, -1}, exec_errno = 0, wstatus = 0, forwarded = 0;
    size_t captured = 0;
    int64_t t0 = bench_now_ns();
    struct rusage ru;
    pid_t pid, parent = getpid();

    memset(status, 0, sizeof *status);
    if (bench_find_program(spec->argv[0], prog, sizeof prog) != 0)
        return ct_error_set(err, CT_EIO, "cannot run %s: not found or not executable",
                            spec->argv[0]);
    if (pipe2(report, O_CLOEXEC) != 0)
        return ct_error_set(err, CT_EIO, "cannot run %s: pipe: %s", spec->argv[0], strerror(errno));
    if (spec->capture && pipe2(cap_pipe, O_CLOEXEC) != 0) {
        close(report[0]);
        close(report[1]);
        return ct_error_set(err, CT_EIO, "cannot run %s: pipe: %s", spec->argv[0], strerror(errno));
    }
    fflush(NULL);
    pid = fork();
    if (pid < 0) {
        int e = errno;
        close(report[0]);
        close(report[1]);
        if (spec->capture) close(cap_pipe[0]), close(cap_pipe[1]);
        return ct_error_set(err, CT_EIO, "cannot run %s: fork: %s", spec->argv[0], strerror(e));
    }
    if (pid == 0) child_exec(spec, prog, parent, spec->capture ? cap_pipe[1] : -1, report[1]);
    close(report[1]);
    if (spec->capture) {
        close(cap_pipe[1]);
        fcntl(cap_pipe[0], F_SETFL, O_NONBLOCK);
        spec->capture[0] = '\0';
    }
    /* exec succeeded when the report pipe closes without data */
    while (read(report[0], &exec_errno, sizeof exec_errno) < 0 && errno == EINTR) {
    }
    close(report[0]);
    for (;;) {
        pid_t w = wait4(pid, &wstatus, WNOHANG, &ru);
        if (spec->capture) {
            ssize_t got;
            char sink[512];
            while (1) {
                char *dst = captured + 1 < spec->capture_cap ? spec->capture + captured : sink;
                size_t room = captured + 1 < spec->capture_cap ? spec->capture_cap - 1 - captured
                                                               : sizeof sink;
                got = read(cap_pipe[0], dst, room);
                if (got <= 0) break;
                if (dst != sink) captured += (size_t)got;
            }
            spec->capture[captured] = '\0';
        }
        if (w == pid) break;
        if (w < 0 && errno != EINTR) {
            ct_error_set(err, CT_EIO, "waiting for %s: %s", spec->argv[0], strerror(errno));
            break;
        }
        if (!forwarded && bench_signals_pending()) {
            kill(pid, SIGTERM);
            forwarded = 1;
            status->interrupted = 1;
        }
        if (spec->timeout_s > 0 && !status->timed_out &&
            (double)(bench_now_ns() - t0) * 1e-9 > spec->timeout_s) {
            kill(pid, SIGKILL);
            status->timed_out = 1;
        }
        {
            struct timespec nap = {0, 2000000};
            nanosleep(&nap, NULL);
        }
    }
    if (spec->capture) close(cap_pipe[0]);
    status->seconds = (double)(bench_now_ns() - t0) * 1e-9;
    status->peak_rss_kb = ru.ru_maxrss;
    if (exec_errno) {
        return ct_error_set(err, CT_EIO, "cannot run %s: %s", spec->argv[0], strerror(exec_errno));
    }
    if (WIFEXITED(wstatus)) {
        status->exited = 1;
        status->code = WEXITSTATUS(wstatus);
    } else if (WIFSIGNALED(wstatus)) {
        status->signal = WTERMSIG(wstatus);
    }
    return CT_OK;
}
