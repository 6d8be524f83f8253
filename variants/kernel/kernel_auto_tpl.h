/* kernel_auto_tpl.h -- the plain-C dot product of the auto kernels (template).
 *
 * Included by kernel_auto.c with ELEM (double | float), PREC (f64 | f32) and
 * CT_AUTO_ACC (the number of accumulators: four vector registers' worth of
 * ELEM for the build's ISA, 8..64) defined; defines static
 * dot_<PREC>(a, b, m) and dot3_<PREC>(a, b0, b1, b2, m, out) for
 * kernel_loops_tpl.h.
 *
 * Written as explicit independent accumulators s[0..CT_AUTO_ACC): each
 * chunk of CT_AUTO_ACC elements adds a[t+u]*b[t+u] into s[u], written out as
 * CT_AUTO_ACC separate statements (CT_REP* macros), so every s[u] is a plain
 * sequential sum: no reassociation is needed, hence no -ffast-math, and GCC's
 * SLP vectoriser packs the statements into four vector accumulators (hiding
 * the FMA latency) fed by unaligned loads of one contiguous stream.  The
 * tail (< one chunk) is an `#pragma omp simd reduction` (-fopenmp-simd lets
 * it reassociate).  The accumulators are copied to r[] and combined pairwise
 * by halves in constant-length loops, which the vectoriser turns into the
 * vector adds and shuffles one would write by hand.
 * Tried and rejected (GCC 12, -O2, inspected assembly): a loop `for u:
 * s[u] += ...` keeps s[] in memory (a load-FMA-store chain per vector); one
 * `omp simd reduction` over four row quarters vectorises well but reduces
 * its lanes one scalar add at a time through memory after every row;
 * combining s[] in place (statements or loops) extracts every lane to a
 * scalar first.
 *
 * dot3 is simply dot three times (bit-identical by construction).  A
 * one-pass version sharing a's loads was tried (three CT_REP blocks of
 * statements, interleaved or one row after the other): GCC 12's SLP
 * vectoriser then mixes ymm, xmm and scalar FMAs and spills, and the block
 * ran slower than three dots; the cache blocking of block_<PREC> (rows
 * reused from L1/L2 across queries) is what the auto kernels gain.  The
 * intrinsics kernels do share the loads.
 */
#if !defined(ELEM) || !defined(PREC) || !defined(CT_AUTO_ACC)
#error "define ELEM, PREC and CT_AUTO_ACC before including kernel_auto_tpl.h"
#endif

#ifndef CT_REP2
#define CT_REP2(X, u) X(u) X((u) + 1)
#define CT_REP4(X, u) CT_REP2(X, u) CT_REP2(X, (u) + 2)
#define CT_REP8(X, u) CT_REP4(X, u) CT_REP4(X, (u) + 4)
#define CT_REP16(X, u) CT_REP8(X, u) CT_REP8(X, (u) + 8)
#define CT_REP32(X, u) CT_REP16(X, u) CT_REP16(X, (u) + 16)
#define CT_REP64(X, u) CT_REP32(X, u) CT_REP32(X, (u) + 32)
#define CT_REP_(n) CT_REP##n
#define CT_REP(n) CT_REP_(n)
#endif

#define CT_AT_CAT_(a, b) a##b
#define CT_AT_CAT(a, b) CT_AT_CAT_(a, b)

static CT_ALWAYS_INLINE ELEM CT_AT_CAT(dot_, PREC)(const ELEM *restrict a, const ELEM *restrict b,
                                                   int m)
{
    ELEM s[CT_AUTO_ACC];
    for (int u = 0; u < CT_AUTO_ACC; u++) s[u] = 0;
    int t = 0;
    for (; t + CT_AUTO_ACC <= m; t += CT_AUTO_ACC) {
#define CT_AT_MAC(u) s[u] += a[t + (u)] * b[t + (u)];
        CT_REP(CT_AUTO_ACC)(CT_AT_MAC, 0)
#undef CT_AT_MAC
    }
    ELEM tail = 0;
    if (t < m) { /* skip the reduction's set-up and lane sum when there is no tail */
#pragma omp simd reduction(+ : tail)
        for (int u = t; u < m; u++) tail += a[u] * b[u];
    }
    ELEM r[CT_AUTO_ACC];
#define CT_AT_COPY(u) r[u] = s[u];
    CT_REP(CT_AUTO_ACC)
    (CT_AT_COPY, 0)
#undef CT_AT_COPY
#if CT_AUTO_ACC >= 64
        for (int u = 0; u < 32; u++) r[u] += r[u + 32];
#endif
#if CT_AUTO_ACC >= 32
    for (int u = 0; u < 16; u++) r[u] += r[u + 16];
#endif
#if CT_AUTO_ACC >= 16
    for (int u = 0; u < 8; u++) r[u] += r[u + 8];
#endif
    for (int u = 0; u < 4; u++) r[u] += r[u + 4];
    for (int u = 0; u < 2; u++) r[u] += r[u + 2];
    return (r[0] + r[1]) + tail;
}

static CT_ALWAYS_INLINE void CT_AT_CAT(dot3_, PREC)(const ELEM *restrict a, const ELEM *restrict b0,
                                                    const ELEM *restrict b1,
                                                    const ELEM *restrict b2, int m, ELEM out[3])
{
    out[0] = CT_AT_CAT(dot_, PREC)(a, b0, m);
    out[1] = CT_AT_CAT(dot_, PREC)(a, b1, m);
    out[2] = CT_AT_CAT(dot_, PREC)(a, b2, m);
}

#undef CT_AT_CAT
#undef CT_AT_CAT_
