/* files.h -- reading and writing files the way every subcommand should.
 *
 * bench_file_read_text: a whole text file, with one-line errors that name
 * the problem ("is a directory", "contains a NUL byte", strerror).
 * bench_output_*: an output that is never left half-written: a regular file
 * (or a path that does not exist yet) is written to a temporary file next to
 * it, flushed, fsync'd and renamed into place, so a full disk or an
 * interrupt leaves the old file (or nothing) and a message with the reason;
 * "-" is standard output; anything else that exists and is not a regular
 * file (a symlink such as /dev/stdout, a device, a FIFO) is written through,
 * never replaced.  New files get the usual 0666 & ~umask.
 */
#ifndef BENCH_FILES_H
#define BENCH_FILES_H

#include <stddef.h>
#include <stdio.h>

#include "ct/status.h"

/* Read a whole file (ct_malloc'd, NUL-terminated; *len may be NULL).
 * CT_EIO for unreadable files and directories, CT_EFORMAT for a NUL byte. */
int bench_file_read_text(const char *path, char **text, size_t *len, ct_error *err);

/* mkdir -p PATH (0777 & ~umask).  CT_OK or CT_EIO with the reason. */
int bench_mkdirs(const char *path, ct_error *err);

/* Does path name an existing regular file (following links) that we can read? */
int bench_file_readable(const char *path);

#define BENCH_OUTPUT_PATH_MAX 1200

typedef struct bench_output {
    FILE *f;                          /* write here (a stream over fd that records errors) */
    int fd;                           /* -1 when closed */
    int own_fd;                       /* 0 for standard output */
    int err_no;                       /* errno of the first failed write, 0 if none */
    char path[BENCH_OUTPUT_PATH_MAX]; /* the destination as given ("-" = stdout) */
    char tmp[BENCH_OUTPUT_PATH_MAX];  /* the temporary file, "" when writing through */
} bench_output;

/* Start writing path.  CT_EIO "cannot write PATH: reason" when the
 * directory is not writable or path is a directory. */
int bench_output_open(bench_output *out, const char *path, ct_error *err);
/* Check every write, flush, fsync, close and rename into place.  On any
 * failure the temporary file is removed, the destination is untouched and
 * err says "cannot write PATH: No space left on device" (the reason). */
int bench_output_commit(bench_output *out, ct_error *err);
/* Give up: remove the temporary file (the destination is untouched). */
void bench_output_abort(bench_output *out);

#endif
