/* files.c -- whole-file reads, mkdir -p and outputs that are never left
 * half-written (files.h). */
/* fopencookie: a stream whose writes record the errno of the first failure */
#define _GNU_SOURCE
#include "files.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ct/alloc.h"

int bench_file_read_text(const char *path, char **text, size_t *len, ct_error *err)
{
    struct stat sb;
    FILE *f;
    char *buf = NULL;
    size_t cap = 0, used = 0, got;
    *text = NULL;
    if (stat(path, &sb) != 0)
        return ct_error_set(err, CT_EIO, "%s: cannot open: %s", path, strerror(errno));
    if (S_ISDIR(sb.st_mode))
        return ct_error_set(err, CT_EIO, "%s: is a directory, not a file", path);
    f = fopen(path, "rb");
    if (!f) return ct_error_set(err, CT_EIO, "%s: cannot open: %s", path, strerror(errno));
    do {
        if (used + 4096 + 1 > cap) {
            char *grown;
            cap = cap ? cap * 2 : 8192;
            grown = realloc(buf, cap);
            if (!grown) {
                free(buf);
                fclose(f);
                return ct_error_set(err, CT_ENOMEM, "%s: out of memory", path);
            }
            buf = grown;
        }
        got = fread(buf + used, 1, cap - used - 1, f);
        used += got;
    } while (got > 0);
    if (ferror(f)) {
        int e = errno;
        free(buf);
        fclose(f);
        return ct_error_set(err, CT_EIO, "%s: read error: %s", path, strerror(e));
    }
    fclose(f);
    buf[used] = '\0';
    if (strlen(buf) != used) {
        free(buf);
        return ct_error_set(err, CT_EFORMAT, "%s: contains a NUL byte (not a text file)", path);
    }
    *text = ct_malloc(used + 1);
    if (!*text) {
        free(buf);
        return ct_error_set(err, CT_ENOMEM, "%s: out of memory", path);
    }
    memcpy(*text, buf, used + 1);
    free(buf);
    if (len) *len = used;
    return CT_OK;
}

int bench_file_readable(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISREG(sb.st_mode) && access(path, R_OK) == 0;
}

int bench_mkdirs(const char *path, ct_error *err)
{
    char buf[BENCH_OUTPUT_PATH_MAX];
    struct stat sb;
    size_t len = strlen(path);
    if (len == 0 || len >= sizeof buf)
        return ct_error_set(err, CT_EIO, "cannot create directory '%.100s': bad path", path);
    memcpy(buf, path, len + 1);
    for (size_t i = 1; i <= len; i++) {
        if (buf[i] != '/' && buf[i] != '\0') continue;
        buf[i] = '\0';
        if (mkdir(buf, 0777) != 0 && errno != EEXIST)
            return ct_error_set(err, CT_EIO, "cannot create directory %s: %s", buf,
                                strerror(errno));
        if (stat(buf, &sb) != 0 || !S_ISDIR(sb.st_mode))
            return ct_error_set(err, CT_EIO, "cannot create directory %s: %s", buf,
                                strerror(errno ? errno : ENOTDIR));
        buf[i] = path[i];
    }
    return CT_OK;
}

static mode_t file_mode(void)
{
    mode_t mask = umask(0);
    umask(mask);
    return 0666 & ~mask;
}

/* The stream's write: every byte or the errno of the failure, kept. */
static ssize_t cookie_write(void *cookie, const char *buf, size_t size)
{
    bench_output *out = cookie;
    size_t done = 0;
    while (done < size) {
        ssize_t w = write(out->fd, buf + done, size - done);
        if (w < 0) {
            if (errno == EINTR) continue;
            if (!out->err_no) out->err_no = errno;
            return done ? (ssize_t)done : -1;
        }
        done += (size_t)w;
    }
    return (ssize_t)done;
}

static int cookie_close(void *cookie)
{
    (void)cookie;
    return 0; /* the fd is closed by commit/abort, which check it */
}

static int attach(bench_output *out, int fd, int own, ct_error *err)
{
    cookie_io_functions_t io = {NULL, cookie_write, NULL, cookie_close};
    out->fd = fd;
    out->own_fd = own;
    out->f = fopencookie(out, "w", io);
    if (!out->f) {
        int e = errno;
        if (own) close(fd);
        out->fd = -1;
        return ct_error_set(err, CT_EIO, "cannot write %s: %s", out->path, strerror(e));
    }
    return CT_OK;
}

int bench_output_open(bench_output *out, const char *path, ct_error *err)
{
    struct stat sb;
    int fd;
    memset(out, 0, sizeof *out);
    out->fd = -1;
    if (strlen(path) + 16 >= sizeof out->path)
        return ct_error_set(err, CT_EIO, "cannot write %.100s...: path too long", path);
    snprintf(out->path, sizeof out->path, "%s", path);
    if (!strcmp(path, "-")) {
        fflush(stdout);
        return attach(out, 1, 0, err);
    }
    if (lstat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
        if (S_ISDIR(sb.st_mode))
            return ct_error_set(err, CT_EIO, "cannot write %s: is a directory", path);
        /* a symlink, device or FIFO: write through it, never replace it */
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, file_mode());
        if (fd < 0) return ct_error_set(err, CT_EIO, "cannot write %s: %s", path, strerror(errno));
        return attach(out, fd, 1, err);
    }
    snprintf(out->tmp, sizeof out->tmp, "%s.tmp.XXXXXX", path);
    fd = mkstemp(out->tmp);
    if (fd < 0) {
        int e = errno;
        out->tmp[0] = '\0';
        return ct_error_set(err, CT_EIO, "cannot write %s: %s", path, strerror(e));
    }
    if (fchmod(fd, file_mode()) != 0) {
        int e = errno;
        close(fd);
        unlink(out->tmp);
        out->tmp[0] = '\0';
        return ct_error_set(err, CT_EIO, "cannot write %s: %s", path, strerror(e));
    }
    if (attach(out, fd, 1, err) != CT_OK) {
        unlink(out->tmp);
        out->tmp[0] = '\0';
        return CT_EIO;
    }
    return CT_OK;
}

int bench_output_commit(bench_output *out, ct_error *err)
{
    int e = 0;
    if (!out->f) return ct_error_set(err, CT_EIO, "cannot write %s: not open", out->path);
    if (fflush(out->f) != 0 || ferror(out->f)) e = out->err_no ? out->err_no : EIO;
    fclose(out->f);
    out->f = NULL;
    if (!e && out->err_no) e = out->err_no;
    if (!e && out->tmp[0] && fsync(out->fd) != 0) e = errno;
    if (out->own_fd && close(out->fd) != 0 && !e) e = errno;
    out->fd = -1;
    if (!e && out->tmp[0] && rename(out->tmp, out->path) != 0) e = errno;
    if (e) {
        if (out->tmp[0]) unlink(out->tmp);
        out->tmp[0] = '\0';
        return ct_error_set(err, CT_EIO, "cannot write %s: %s", out->path, strerror(e));
    }
    out->tmp[0] = '\0';
    return CT_OK;
}

void bench_output_abort(bench_output *out)
{
    if (out->f) fclose(out->f);
    out->f = NULL;
    if (out->own_fd && out->fd >= 0) close(out->fd);
    out->fd = -1;
    if (out->tmp[0]) unlink(out->tmp);
    out->tmp[0] = '\0';
}
