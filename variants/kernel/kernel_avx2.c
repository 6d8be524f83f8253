/* kernel_avx2.c -- hand-written AVX2+FMA intrinsics kernels, float64 and float32.
 *
 * Only this file is compiled with -mavx2 -mfma (see CMakeLists.txt);
 * kernel_dispatch.c returns these kernels only when the CPU reports avx2 and
 * fma.  The dot product keeps four independent ymm accumulators (16 doubles
 * or 32 floats = two cache lines per iteration; with two loads per FMA that
 * is enough to cover the FMA latency), uses unaligned loads (rows with
 * v_stride == m are not aligned) and finishes the last m % 4 (m % 8) elements
 * with _mm256_maskload, which never touches memory past the row.  The loops
 * around it (gather, range, prefetch) and the per-candidate covariance and
 * finish are the shared kernel_loops_tpl.h and kernel_common.h.
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

const ct_kernel ct_kernel_avx2_f64 = {"avx2",           "avx2",     CT_KERNEL_AVX2,
                                      CT_PRECISION_F64, gather_f64, range_f64};
const ct_kernel ct_kernel_avx2_f32 = {"avx2",           "avx2",     CT_KERNEL_AVX2,
                                      CT_PRECISION_F32, gather_f32, range_f32};
