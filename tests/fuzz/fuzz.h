/* fuzz.h -- what every fuzz target of tests/fuzz shares.
 *
 * A target is one C file defining LLVMFuzzerTestOneInput, libFuzzer's entry
 * point.  It is linked twice: with libFuzzer (-fsanitize=fuzzer, clang,
 * CT_FUZZ=ON) to fuzz, and with replay_main.c (any compiler, the normal test
 * suite) to run a corpus of files through the same code.  FUZZ_CHECK states
 * an invariant of the parser under test; a broken one prints the reason and
 * aborts, which libFuzzer records as a crash and ctest as a failure.
 */
#ifndef CT_FUZZ_H
#define CT_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond, ...)                                                        \
    do {                                                                             \
        if (!(cond)) {                                                               \
            fprintf(stderr, "fuzz invariant broken at %s:%d: ", __FILE__, __LINE__); \
            fprintf(stderr, __VA_ARGS__);                                            \
            fputc('\n', stderr);                                                     \
            abort();                                                                 \
        }                                                                            \
    } while (0)

/* A target calls FUZZ_ACCEPTED() when the parser accepted its input; the
 * replay driver (built with CT_FUZZ_REPLAY) counts them, so a replay can
 * require that the success path ran at all (--min-accepted). */
#ifdef CT_FUZZ_REPLAY
extern long fuzz_accepted;
#define FUZZ_ACCEPTED() (fuzz_accepted++)
#else
#define FUZZ_ACCEPTED() ((void)0)
#endif

/* The input as a NUL-terminated string (malloc'd; an embedded NUL ends it
 * early, as it would for a text file read by the harness).  NULL only when
 * out of memory. */
static inline char *fuzz_text(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text) return NULL;
    for (size_t i = 0; i < size; i++) text[i] = (char)data[i];
    text[size] = '\0';
    return text;
}

#endif
