/* replay_main.c -- the driver that runs a fuzz target without libFuzzer.
 *
 *   fuzz_replay_<target> [-v] [--min-accepted K] PATH...
 *
 * Every PATH is a file (one input) or a directory (every regular file in it,
 * in name order, not recursing; names starting with '.' skipped), handed to
 * LLVMFuzzerTestOneInput one at a time -- libFuzzer's own pattern for running
 * a corpus through a target built with another compiler.  Prints one line
 * per input with -v, the counts at the end.  Exit 0 when every input ran; 1 on
 * an unreadable path, when no input was found at all (a replay of nothing
 * proves nothing) or when fewer than K inputs were accepted by the parser
 * (FUZZ_ACCEPTED); a broken invariant aborts inside the target.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

long fuzz_accepted = 0;
static int verbose = 0;
static long replayed = 0;

static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    unsigned char *data = NULL;
    size_t size = 0, cap = 0, got;
    if (!f) {
        fprintf(stderr, "replay: cannot open %s: %s\n", path, strerror(errno));
        return -1;
    }
    do {
        if (size == cap) {
            unsigned char *grown = realloc(data, cap ? 2 * cap : 65536);
            if (!grown) {
                fprintf(stderr, "replay: out of memory reading %s\n", path);
                free(data);
                fclose(f);
                return -1;
            }
            data = grown;
            cap = cap ? 2 * cap : 65536;
        }
        got = fread(data + size, 1, cap - size, f);
        size += got;
    } while (got > 0);
    if (ferror(f)) {
        fprintf(stderr, "replay: cannot read %s\n", path);
        free(data);
        fclose(f);
        return -1;
    }
    fclose(f);
    if (verbose) fprintf(stderr, "replay: %s (%zu bytes)\n", path, size);
    /* a copy of exactly `size` bytes, so reading past the input is an error
     * that AddressSanitizer (when on) sees */
    {
        unsigned char *exact = malloc(size ? size : 1);
        if (!exact) {
            free(data);
            return -1;
        }
        if (size) memcpy(exact, data, size);
        free(data);
        LLVMFuzzerTestOneInput(exact, size);
        free(exact);
    }
    replayed++;
    return 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int replay_dir(const char *path)
{
    DIR *d = opendir(path);
    struct dirent *e;
    char **names = NULL;
    size_t count = 0, cap = 0;
    int rc = 0;
    if (!d) {
        fprintf(stderr, "replay: cannot open directory %s: %s\n", path, strerror(errno));
        return -1;
    }
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(path) + strlen(e->d_name) + 2;
        char *full;
        struct stat st;
        if (e->d_name[0] == '.') continue;
        full = malloc(len);
        if (!full) {
            rc = -1;
            break;
        }
        snprintf(full, len, "%s/%s", path, e->d_name);
        if (stat(full, &st) != 0 || !S_ISREG(st.st_mode)) {
            free(full);
            continue;
        }
        if (count == cap) {
            char **grown = realloc(names, (cap ? 2 * cap : 64) * sizeof *names);
            if (!grown) {
                free(full);
                rc = -1;
                break;
            }
            names = grown;
            cap = cap ? 2 * cap : 64;
        }
        names[count++] = full;
    }
    closedir(d);
    if (count) qsort(names, count, sizeof *names, by_name);
    for (size_t i = 0; i < count; i++) {
        if (rc == 0 && replay_file(names[i]) != 0) rc = -1;
        free(names[i]);
    }
    free(names);
    return rc;
}

int main(int argc, char **argv)
{
    int rc = 0;
    long min_accepted = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (!strcmp(argv[i], "-v")) {
            verbose = 1;
            continue;
        }
        if (!strcmp(argv[i], "--min-accepted") && i + 1 < argc) {
            min_accepted = strtol(argv[++i], NULL, 10);
            continue;
        }
        if (stat(argv[i], &st) != 0) {
            fprintf(stderr, "replay: %s: %s\n", argv[i], strerror(errno));
            rc = 1;
        } else if (S_ISDIR(st.st_mode) ? replay_dir(argv[i]) != 0 : replay_file(argv[i]) != 0) {
            rc = 1;
        }
    }
    printf("replayed %ld inputs, %ld accepted\n", replayed, fuzz_accepted);
    if (replayed == 0) {
        fprintf(stderr, "replay: no input found\n");
        return 1;
    }
    if (fuzz_accepted < min_accepted) {
        fprintf(stderr, "replay: only %ld inputs accepted, expected at least %ld\n", fuzz_accepted,
                min_accepted);
        return 1;
    }
    return rc;
}
