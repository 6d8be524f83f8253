/* kernel_avx512.c -- hand-written AVX-512F intrinsics kernels, float64 and float32.
 *
 * Only this file is compiled with -mavx512f -mavx512dq -mavx512vl -mfma (see
 * CMakeLists.txt); kernel_dispatch.c returns these kernels only when the CPU
 * reports all of those features.  The dot product keeps four independent zmm
 * accumulators (32 doubles or 64 floats = four cache lines per iteration) to
 * hide the FMA latency, uses unaligned loads (rows with v_stride == m are not
 * aligned) and finishes the last m % 8 (m % 16) elements with a masked load,
 * which never touches memory past the row.  The loops around it (gather,
 * range, prefetch) and the per-candidate covariance and finish are the
 * shared kernel_loops_tpl.h and kernel_common.h.
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

const ct_kernel ct_kernel_avx512_f64 = {"avx512",         "avx512",   CT_KERNEL_AVX512,
                                        CT_PRECISION_F64, gather_f64, range_f64};
const ct_kernel ct_kernel_avx512_f32 = {"avx512",         "avx512",   CT_KERNEL_AVX512,
                                        CT_PRECISION_F32, gather_f32, range_f32};
