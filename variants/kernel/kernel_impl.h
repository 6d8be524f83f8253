/* kernel_impl.h -- internals of ct_kernel: the method tables and the full list.
 *
 * Each kernel file exports its const method tables; which exist is decided
 * by CMake (the compiler may lack an ISA): CT_KERNEL_HAVE_AUTO_AVX2,
 * CT_KERNEL_HAVE_AUTO_AVX512, CT_KERNEL_HAVE_AVX2 and CT_KERNEL_HAVE_AVX512
 * are defined to 1 for kernel_dispatch.c when the object is compiled in.
 * ct_kernel_compiled_* list every compiled kernel, including the auto builds
 * for lower ISAs that ct_kernel_find never returns, so the conformance test
 * (tests/test_kernel_conformance.c, which includes this header by path) can
 * check each of them.  Not part of the public contract.
 */
#ifndef CT_KERNEL_IMPL_H
#define CT_KERNEL_IMPL_H

#include "ct/kernel.h"

/* kernel_auto.c, one object per ISA build (suffix = build). */
extern const ct_kernel ct_kernel_auto_f64_x86_64, ct_kernel_auto_f32_x86_64;
extern const ct_kernel ct_kernel_auto_f64_avx2, ct_kernel_auto_f32_avx2;
extern const ct_kernel ct_kernel_auto_f64_avx512, ct_kernel_auto_f32_avx512;
/* kernel_avx2.c and kernel_avx512.c. */
extern const ct_kernel ct_kernel_avx2_f64, ct_kernel_avx2_f32;
extern const ct_kernel ct_kernel_avx512_f64, ct_kernel_avx512_f32;

/* kernel_screen.c: the dist_screen of ct_kernel_metric_fn over a float64 view
 * (see kernel_screen.c and ct_metric_fn in ct/metric.h). */
void ct_kernel_screen_f64(const ct_rows *rows, const int32_t *is, int ni, const int32_t *js, int nj,
                          double *approx, double *bound, double *work);
/* Doubles of work space ct_kernel_screen_f64 needs for an ni x nj block. */
size_t ct_kernel_screen_work(const ct_rows *rows, int ni, int nj);

/* Number of kernels compiled into this build (auto builds counted separately). */
int ct_kernel_compiled_count(void);

/* Compiled kernel i (0 <= i < count; NULL outside), auto builds in ascending
 * ISA order.  *why (if given) is NULL when this CPU can run it, else the reason. */
const ct_kernel *ct_kernel_compiled_get(int i, const char **why);

#endif
