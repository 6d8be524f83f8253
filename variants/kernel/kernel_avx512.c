/* kernel_avx512.c -- hand-written AVX-512F intrinsics kernels, float64 and float32.
 *
 * Only this file is compiled with -mavx512f -mavx512dq -mavx512vl -mfma (see
 * CMakeLists.txt); kernel_dispatch.c returns these kernels only when the CPU
 * reports all of those features.  The dot product keeps four independent zmm
 * accumulators (32 doubles or 64 floats = four cache lines per iteration) to
 * hide the FMA latency, uses unaligned loads (rows with v_stride == m are not
 * aligned) and finishes the last m % 8 (m % 16) elements with a masked load,
 * which never touches memory past the row.  dot3 is three of those dot
 * products sharing the loads of the query row (12 zmm accumulators), each
 * bit-identical to dot.  The loops around them (gather, range, block,
 * prefetch) and the per-candidate covariance and finish are the shared
 * kernel_loops_tpl.h and kernel_common.h.
 */
#include <immintrin.h>

#include "kernel_common.h"
#include "kernel_impl.h"

static CT_ALWAYS_INLINE double dot_f64(const double *a, const double *b, int m)
{
    __m512d s0 = _mm512_setzero_pd(), s1 = _mm512_setzero_pd();
    __m512d s2 = _mm512_setzero_pd(), s3 = _mm512_setzero_pd();
    int t = 0;
    for (; t + 32 <= m; t += 32) {
        s0 = _mm512_fmadd_pd(_mm512_loadu_pd(a + t), _mm512_loadu_pd(b + t), s0);
        s1 = _mm512_fmadd_pd(_mm512_loadu_pd(a + t + 8), _mm512_loadu_pd(b + t + 8), s1);
        s2 = _mm512_fmadd_pd(_mm512_loadu_pd(a + t + 16), _mm512_loadu_pd(b + t + 16), s2);
        s3 = _mm512_fmadd_pd(_mm512_loadu_pd(a + t + 24), _mm512_loadu_pd(b + t + 24), s3);
    }
    for (; t + 8 <= m; t += 8)
        s1 = _mm512_fmadd_pd(_mm512_loadu_pd(a + t), _mm512_loadu_pd(b + t), s1);
    if (t < m) {
        const __mmask8 k = (__mmask8)((1u << (m - t)) - 1u);
        s2 = _mm512_fmadd_pd(_mm512_maskz_loadu_pd(k, a + t), _mm512_maskz_loadu_pd(k, b + t), s2);
    }
    return _mm512_reduce_add_pd(_mm512_add_pd(_mm512_add_pd(s0, s1), _mm512_add_pd(s2, s3)));
}

static CT_ALWAYS_INLINE float dot_f32(const float *a, const float *b, int m)
{
    __m512 s0 = _mm512_setzero_ps(), s1 = _mm512_setzero_ps();
    __m512 s2 = _mm512_setzero_ps(), s3 = _mm512_setzero_ps();
    int t = 0;
    for (; t + 64 <= m; t += 64) {
        s0 = _mm512_fmadd_ps(_mm512_loadu_ps(a + t), _mm512_loadu_ps(b + t), s0);
        s1 = _mm512_fmadd_ps(_mm512_loadu_ps(a + t + 16), _mm512_loadu_ps(b + t + 16), s1);
        s2 = _mm512_fmadd_ps(_mm512_loadu_ps(a + t + 32), _mm512_loadu_ps(b + t + 32), s2);
        s3 = _mm512_fmadd_ps(_mm512_loadu_ps(a + t + 48), _mm512_loadu_ps(b + t + 48), s3);
    }
    for (; t + 16 <= m; t += 16)
        s1 = _mm512_fmadd_ps(_mm512_loadu_ps(a + t), _mm512_loadu_ps(b + t), s1);
    if (t < m) {
        const __mmask16 k = (__mmask16)((1u << (m - t)) - 1u);
        s2 = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(k, a + t), _mm512_maskz_loadu_ps(k, b + t), s2);
    }
    return _mm512_reduce_add_ps(_mm512_add_ps(_mm512_add_ps(s0, s1), _mm512_add_ps(s2, s3)));
}

/* Three dot products of a with b0, b1, b2 in one pass over a: per pair the
 * statements of dot_f64 (same accumulators, same tail, same reduction), so
 * each result is bit-identical to dot_f64(a, bk, m). */
static CT_ALWAYS_INLINE void dot3_f64(const double *a, const double *b0, const double *b1,
                                      const double *b2, int m, double out[3])
{
    __m512d s00 = _mm512_setzero_pd(), s01 = _mm512_setzero_pd(), s02 = _mm512_setzero_pd(),
            s03 = _mm512_setzero_pd();
    __m512d s10 = _mm512_setzero_pd(), s11 = _mm512_setzero_pd(), s12 = _mm512_setzero_pd(),
            s13 = _mm512_setzero_pd();
    __m512d s20 = _mm512_setzero_pd(), s21 = _mm512_setzero_pd(), s22 = _mm512_setzero_pd(),
            s23 = _mm512_setzero_pd();
    int t = 0;
    for (; t + 32 <= m; t += 32) {
        const __m512d a0 = _mm512_loadu_pd(a + t), a1 = _mm512_loadu_pd(a + t + 8);
        const __m512d a2 = _mm512_loadu_pd(a + t + 16), a3 = _mm512_loadu_pd(a + t + 24);
        s00 = _mm512_fmadd_pd(a0, _mm512_loadu_pd(b0 + t), s00);
        s01 = _mm512_fmadd_pd(a1, _mm512_loadu_pd(b0 + t + 8), s01);
        s02 = _mm512_fmadd_pd(a2, _mm512_loadu_pd(b0 + t + 16), s02);
        s03 = _mm512_fmadd_pd(a3, _mm512_loadu_pd(b0 + t + 24), s03);
        s10 = _mm512_fmadd_pd(a0, _mm512_loadu_pd(b1 + t), s10);
        s11 = _mm512_fmadd_pd(a1, _mm512_loadu_pd(b1 + t + 8), s11);
        s12 = _mm512_fmadd_pd(a2, _mm512_loadu_pd(b1 + t + 16), s12);
        s13 = _mm512_fmadd_pd(a3, _mm512_loadu_pd(b1 + t + 24), s13);
        s20 = _mm512_fmadd_pd(a0, _mm512_loadu_pd(b2 + t), s20);
        s21 = _mm512_fmadd_pd(a1, _mm512_loadu_pd(b2 + t + 8), s21);
        s22 = _mm512_fmadd_pd(a2, _mm512_loadu_pd(b2 + t + 16), s22);
        s23 = _mm512_fmadd_pd(a3, _mm512_loadu_pd(b2 + t + 24), s23);
    }
    for (; t + 8 <= m; t += 8) {
        const __m512d a0 = _mm512_loadu_pd(a + t);
        s01 = _mm512_fmadd_pd(a0, _mm512_loadu_pd(b0 + t), s01);
        s11 = _mm512_fmadd_pd(a0, _mm512_loadu_pd(b1 + t), s11);
        s21 = _mm512_fmadd_pd(a0, _mm512_loadu_pd(b2 + t), s21);
    }
    if (t < m) {
        const __mmask8 k = (__mmask8)((1u << (m - t)) - 1u);
#define ML(ptr) _mm512_maskz_loadu_pd(k, (ptr))
        const __m512d a0 = ML(a + t);
        s02 = _mm512_fmadd_pd(a0, ML(b0 + t), s02);
        s12 = _mm512_fmadd_pd(a0, ML(b1 + t), s12);
        s22 = _mm512_fmadd_pd(a0, ML(b2 + t), s22);
#undef ML
    }
    out[0] = _mm512_reduce_add_pd(_mm512_add_pd(_mm512_add_pd(s00, s01), _mm512_add_pd(s02, s03)));
    out[1] = _mm512_reduce_add_pd(_mm512_add_pd(_mm512_add_pd(s10, s11), _mm512_add_pd(s12, s13)));
    out[2] = _mm512_reduce_add_pd(_mm512_add_pd(_mm512_add_pd(s20, s21), _mm512_add_pd(s22, s23)));
}

/* Three dot products of a with b0, b1, b2 in one pass over a: per pair the
 * statements of dot_f32 (same accumulators, same tail, same reduction), so
 * each result is bit-identical to dot_f32(a, bk, m). */
static CT_ALWAYS_INLINE void dot3_f32(const float *a, const float *b0, const float *b1,
                                      const float *b2, int m, float out[3])
{
    __m512 s00 = _mm512_setzero_ps(), s01 = _mm512_setzero_ps(), s02 = _mm512_setzero_ps(),
           s03 = _mm512_setzero_ps();
    __m512 s10 = _mm512_setzero_ps(), s11 = _mm512_setzero_ps(), s12 = _mm512_setzero_ps(),
           s13 = _mm512_setzero_ps();
    __m512 s20 = _mm512_setzero_ps(), s21 = _mm512_setzero_ps(), s22 = _mm512_setzero_ps(),
           s23 = _mm512_setzero_ps();
    int t = 0;
    for (; t + 64 <= m; t += 64) {
        const __m512 a0 = _mm512_loadu_ps(a + t), a1 = _mm512_loadu_ps(a + t + 16);
        const __m512 a2 = _mm512_loadu_ps(a + t + 32), a3 = _mm512_loadu_ps(a + t + 48);
        s00 = _mm512_fmadd_ps(a0, _mm512_loadu_ps(b0 + t), s00);
        s01 = _mm512_fmadd_ps(a1, _mm512_loadu_ps(b0 + t + 16), s01);
        s02 = _mm512_fmadd_ps(a2, _mm512_loadu_ps(b0 + t + 32), s02);
        s03 = _mm512_fmadd_ps(a3, _mm512_loadu_ps(b0 + t + 48), s03);
        s10 = _mm512_fmadd_ps(a0, _mm512_loadu_ps(b1 + t), s10);
        s11 = _mm512_fmadd_ps(a1, _mm512_loadu_ps(b1 + t + 16), s11);
        s12 = _mm512_fmadd_ps(a2, _mm512_loadu_ps(b1 + t + 32), s12);
        s13 = _mm512_fmadd_ps(a3, _mm512_loadu_ps(b1 + t + 48), s13);
        s20 = _mm512_fmadd_ps(a0, _mm512_loadu_ps(b2 + t), s20);
        s21 = _mm512_fmadd_ps(a1, _mm512_loadu_ps(b2 + t + 16), s21);
        s22 = _mm512_fmadd_ps(a2, _mm512_loadu_ps(b2 + t + 32), s22);
        s23 = _mm512_fmadd_ps(a3, _mm512_loadu_ps(b2 + t + 48), s23);
    }
    for (; t + 16 <= m; t += 16) {
        const __m512 a0 = _mm512_loadu_ps(a + t);
        s01 = _mm512_fmadd_ps(a0, _mm512_loadu_ps(b0 + t), s01);
        s11 = _mm512_fmadd_ps(a0, _mm512_loadu_ps(b1 + t), s11);
        s21 = _mm512_fmadd_ps(a0, _mm512_loadu_ps(b2 + t), s21);
    }
    if (t < m) {
        const __mmask16 k = (__mmask16)((1u << (m - t)) - 1u);
#define ML(ptr) _mm512_maskz_loadu_ps(k, (ptr))
        const __m512 a0 = ML(a + t);
        s02 = _mm512_fmadd_ps(a0, ML(b0 + t), s02);
        s12 = _mm512_fmadd_ps(a0, ML(b1 + t), s12);
        s22 = _mm512_fmadd_ps(a0, ML(b2 + t), s22);
#undef ML
    }
    out[0] = _mm512_reduce_add_ps(_mm512_add_ps(_mm512_add_ps(s00, s01), _mm512_add_ps(s02, s03)));
    out[1] = _mm512_reduce_add_ps(_mm512_add_ps(_mm512_add_ps(s10, s11), _mm512_add_ps(s12, s13)));
    out[2] = _mm512_reduce_add_ps(_mm512_add_ps(_mm512_add_ps(s20, s21), _mm512_add_ps(s22, s23)));
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

const ct_kernel ct_kernel_avx512_f64 = {"avx512",   "avx512",  CT_KERNEL_AVX512, CT_PRECISION_F64,
                                        gather_f64, range_f64, block_f64};
const ct_kernel ct_kernel_avx512_f32 = {"avx512",   "avx512",  CT_KERNEL_AVX512, CT_PRECISION_F32,
                                        gather_f32, range_f32, block_f32};
