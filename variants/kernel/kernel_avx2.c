/* kernel_avx2.c -- hand-written AVX2+FMA intrinsics kernels, float64 and float32.
 *
 * Only this file is compiled with -mavx2 -mfma (see CMakeLists.txt);
 * kernel_dispatch.c returns these kernels only when the CPU reports avx2 and
 * fma.  The dot product keeps four independent ymm accumulators (16 doubles
 * or 32 floats = two cache lines per iteration; with two loads per FMA that
 * is enough to cover the FMA latency), uses unaligned loads (rows with
 * v_stride == m are not aligned) and finishes the last m % 4 (m % 8) elements
 * with _mm256_maskload, which never touches memory past the row.  dot3 is
 * three of those dot products sharing the loads of the query row (12 ymm
 * accumulators), each bit-identical to dot.  The loops around them (gather,
 * range, block, prefetch) and the per-candidate covariance and finish are
 * the shared kernel_loops_tpl.h and kernel_common.h.
 */
#include <immintrin.h>

#include "kernel_common.h"
#include "kernel_impl.h"

static inline double hsum_f64(__m256d v)
{
    __m128d lo = _mm_add_pd(_mm256_castpd256_pd128(v), _mm256_extractf128_pd(v, 1));
    return _mm_cvtsd_f64(_mm_add_sd(lo, _mm_unpackhi_pd(lo, lo)));
}

static inline float hsum_f32(__m256 v)
{
    __m128 lo = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    lo = _mm_add_ps(lo, _mm_movehl_ps(lo, lo));
    lo = _mm_add_ss(lo, _mm_movehdup_ps(lo));
    return _mm_cvtss_f32(lo);
}

static CT_ALWAYS_INLINE double dot_f64(const double *a, const double *b, int m)
{
    __m256d s0 = _mm256_setzero_pd(), s1 = _mm256_setzero_pd();
    __m256d s2 = _mm256_setzero_pd(), s3 = _mm256_setzero_pd();
    int t = 0;
    for (; t + 16 <= m; t += 16) {
        s0 = _mm256_fmadd_pd(_mm256_loadu_pd(a + t), _mm256_loadu_pd(b + t), s0);
        s1 = _mm256_fmadd_pd(_mm256_loadu_pd(a + t + 4), _mm256_loadu_pd(b + t + 4), s1);
        s2 = _mm256_fmadd_pd(_mm256_loadu_pd(a + t + 8), _mm256_loadu_pd(b + t + 8), s2);
        s3 = _mm256_fmadd_pd(_mm256_loadu_pd(a + t + 12), _mm256_loadu_pd(b + t + 12), s3);
    }
    for (; t + 4 <= m; t += 4)
        s1 = _mm256_fmadd_pd(_mm256_loadu_pd(a + t), _mm256_loadu_pd(b + t), s1);
    if (t < m) {
        const __m256i k =
            _mm256_cmpgt_epi64(_mm256_set1_epi64x(m - t), _mm256_setr_epi64x(0, 1, 2, 3));
        s2 = _mm256_fmadd_pd(_mm256_maskload_pd(a + t, k), _mm256_maskload_pd(b + t, k), s2);
    }
    return hsum_f64(_mm256_add_pd(_mm256_add_pd(s0, s1), _mm256_add_pd(s2, s3)));
}

static CT_ALWAYS_INLINE float dot_f32(const float *a, const float *b, int m)
{
    __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps();
    __m256 s2 = _mm256_setzero_ps(), s3 = _mm256_setzero_ps();
    int t = 0;
    for (; t + 32 <= m; t += 32) {
        s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + t), _mm256_loadu_ps(b + t), s0);
        s1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + t + 8), _mm256_loadu_ps(b + t + 8), s1);
        s2 = _mm256_fmadd_ps(_mm256_loadu_ps(a + t + 16), _mm256_loadu_ps(b + t + 16), s2);
        s3 = _mm256_fmadd_ps(_mm256_loadu_ps(a + t + 24), _mm256_loadu_ps(b + t + 24), s3);
    }
    for (; t + 8 <= m; t += 8)
        s1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + t), _mm256_loadu_ps(b + t), s1);
    if (t < m) {
        const __m256i k =
            _mm256_cmpgt_epi32(_mm256_set1_epi32(m - t), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
        s2 = _mm256_fmadd_ps(_mm256_maskload_ps(a + t, k), _mm256_maskload_ps(b + t, k), s2);
    }
    return hsum_f32(_mm256_add_ps(_mm256_add_ps(s0, s1), _mm256_add_ps(s2, s3)));
}

/* Three dot products of a with b0, b1, b2 in one pass over a: per pair the
 * statements of dot_f64 (same accumulators, same tail, same reduction), so
 * each result is bit-identical to dot_f64(a, bk, m). */
static CT_ALWAYS_INLINE void dot3_f64(const double *a, const double *b0, const double *b1,
                                      const double *b2, int m, double out[3])
{
    __m256d s00 = _mm256_setzero_pd(), s01 = _mm256_setzero_pd(), s02 = _mm256_setzero_pd(),
            s03 = _mm256_setzero_pd();
    __m256d s10 = _mm256_setzero_pd(), s11 = _mm256_setzero_pd(), s12 = _mm256_setzero_pd(),
            s13 = _mm256_setzero_pd();
    __m256d s20 = _mm256_setzero_pd(), s21 = _mm256_setzero_pd(), s22 = _mm256_setzero_pd(),
            s23 = _mm256_setzero_pd();
    int t = 0;
    for (; t + 16 <= m; t += 16) {
        const __m256d a0 = _mm256_loadu_pd(a + t), a1 = _mm256_loadu_pd(a + t + 4);
        const __m256d a2 = _mm256_loadu_pd(a + t + 8), a3 = _mm256_loadu_pd(a + t + 12);
        s00 = _mm256_fmadd_pd(a0, _mm256_loadu_pd(b0 + t), s00);
        s01 = _mm256_fmadd_pd(a1, _mm256_loadu_pd(b0 + t + 4), s01);
        s02 = _mm256_fmadd_pd(a2, _mm256_loadu_pd(b0 + t + 8), s02);
        s03 = _mm256_fmadd_pd(a3, _mm256_loadu_pd(b0 + t + 12), s03);
        s10 = _mm256_fmadd_pd(a0, _mm256_loadu_pd(b1 + t), s10);
        s11 = _mm256_fmadd_pd(a1, _mm256_loadu_pd(b1 + t + 4), s11);
        s12 = _mm256_fmadd_pd(a2, _mm256_loadu_pd(b1 + t + 8), s12);
        s13 = _mm256_fmadd_pd(a3, _mm256_loadu_pd(b1 + t + 12), s13);
        s20 = _mm256_fmadd_pd(a0, _mm256_loadu_pd(b2 + t), s20);
        s21 = _mm256_fmadd_pd(a1, _mm256_loadu_pd(b2 + t + 4), s21);
        s22 = _mm256_fmadd_pd(a2, _mm256_loadu_pd(b2 + t + 8), s22);
        s23 = _mm256_fmadd_pd(a3, _mm256_loadu_pd(b2 + t + 12), s23);
    }
    for (; t + 4 <= m; t += 4) {
        const __m256d a0 = _mm256_loadu_pd(a + t);
        s01 = _mm256_fmadd_pd(a0, _mm256_loadu_pd(b0 + t), s01);
        s11 = _mm256_fmadd_pd(a0, _mm256_loadu_pd(b1 + t), s11);
        s21 = _mm256_fmadd_pd(a0, _mm256_loadu_pd(b2 + t), s21);
    }
    if (t < m) {
        const __m256i k =
            _mm256_cmpgt_epi64(_mm256_set1_epi64x(m - t), _mm256_setr_epi64x(0, 1, 2, 3));
#define ML(ptr) _mm256_maskload_pd((ptr), k)
        const __m256d a0 = ML(a + t);
        s02 = _mm256_fmadd_pd(a0, ML(b0 + t), s02);
        s12 = _mm256_fmadd_pd(a0, ML(b1 + t), s12);
        s22 = _mm256_fmadd_pd(a0, ML(b2 + t), s22);
#undef ML
    }
    out[0] = hsum_f64(_mm256_add_pd(_mm256_add_pd(s00, s01), _mm256_add_pd(s02, s03)));
    out[1] = hsum_f64(_mm256_add_pd(_mm256_add_pd(s10, s11), _mm256_add_pd(s12, s13)));
    out[2] = hsum_f64(_mm256_add_pd(_mm256_add_pd(s20, s21), _mm256_add_pd(s22, s23)));
}

/* Three dot products of a with b0, b1, b2 in one pass over a: per pair the
 * statements of dot_f32 (same accumulators, same tail, same reduction), so
 * each result is bit-identical to dot_f32(a, bk, m). */
static CT_ALWAYS_INLINE void dot3_f32(const float *a, const float *b0, const float *b1,
                                      const float *b2, int m, float out[3])
{
    __m256 s00 = _mm256_setzero_ps(), s01 = _mm256_setzero_ps(), s02 = _mm256_setzero_ps(),
           s03 = _mm256_setzero_ps();
    __m256 s10 = _mm256_setzero_ps(), s11 = _mm256_setzero_ps(), s12 = _mm256_setzero_ps(),
           s13 = _mm256_setzero_ps();
    __m256 s20 = _mm256_setzero_ps(), s21 = _mm256_setzero_ps(), s22 = _mm256_setzero_ps(),
           s23 = _mm256_setzero_ps();
    int t = 0;
    for (; t + 32 <= m; t += 32) {
        const __m256 a0 = _mm256_loadu_ps(a + t), a1 = _mm256_loadu_ps(a + t + 8);
        const __m256 a2 = _mm256_loadu_ps(a + t + 16), a3 = _mm256_loadu_ps(a + t + 24);
        s00 = _mm256_fmadd_ps(a0, _mm256_loadu_ps(b0 + t), s00);
        s01 = _mm256_fmadd_ps(a1, _mm256_loadu_ps(b0 + t + 8), s01);
        s02 = _mm256_fmadd_ps(a2, _mm256_loadu_ps(b0 + t + 16), s02);
        s03 = _mm256_fmadd_ps(a3, _mm256_loadu_ps(b0 + t + 24), s03);
        s10 = _mm256_fmadd_ps(a0, _mm256_loadu_ps(b1 + t), s10);
        s11 = _mm256_fmadd_ps(a1, _mm256_loadu_ps(b1 + t + 8), s11);
        s12 = _mm256_fmadd_ps(a2, _mm256_loadu_ps(b1 + t + 16), s12);
        s13 = _mm256_fmadd_ps(a3, _mm256_loadu_ps(b1 + t + 24), s13);
        s20 = _mm256_fmadd_ps(a0, _mm256_loadu_ps(b2 + t), s20);
        s21 = _mm256_fmadd_ps(a1, _mm256_loadu_ps(b2 + t + 8), s21);
        s22 = _mm256_fmadd_ps(a2, _mm256_loadu_ps(b2 + t + 16), s22);
        s23 = _mm256_fmadd_ps(a3, _mm256_loadu_ps(b2 + t + 24), s23);
    }
    for (; t + 8 <= m; t += 8) {
        const __m256 a0 = _mm256_loadu_ps(a + t);
        s01 = _mm256_fmadd_ps(a0, _mm256_loadu_ps(b0 + t), s01);
        s11 = _mm256_fmadd_ps(a0, _mm256_loadu_ps(b1 + t), s11);
        s21 = _mm256_fmadd_ps(a0, _mm256_loadu_ps(b2 + t), s21);
    }
    if (t < m) {
        const __m256i k =
            _mm256_cmpgt_epi32(_mm256_set1_epi32(m - t), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
#define ML(ptr) _mm256_maskload_ps((ptr), k)
        const __m256 a0 = ML(a + t);
        s02 = _mm256_fmadd_ps(a0, ML(b0 + t), s02);
        s12 = _mm256_fmadd_ps(a0, ML(b1 + t), s12);
        s22 = _mm256_fmadd_ps(a0, ML(b2 + t), s22);
#undef ML
    }
    out[0] = hsum_f32(_mm256_add_ps(_mm256_add_ps(s00, s01), _mm256_add_ps(s02, s03)));
    out[1] = hsum_f32(_mm256_add_ps(_mm256_add_ps(s10, s11), _mm256_add_ps(s12, s13)));
    out[2] = hsum_f32(_mm256_add_ps(_mm256_add_ps(s20, s21), _mm256_add_ps(s22, s23)));
}

#define ELEM double
#define PREC f64
#include "kernel_loops_tpl.h"
#undef ELEM
#undef PREC

#define ELEM float
#define PREC f32
#include "kernel_loops_tpl.h"
#undef ELEM
#undef PREC

const ct_kernel ct_kernel_avx2_f64 = {"avx2",     "avx2",    CT_KERNEL_AVX2, CT_PRECISION_F64,
                                      gather_f64, range_f64, block_f64};
const ct_kernel ct_kernel_avx2_f32 = {"avx2",     "avx2",    CT_KERNEL_AVX2, CT_PRECISION_F32,
                                      gather_f32, range_f32, block_f32};
