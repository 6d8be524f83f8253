/* kernel_auto.c -- the plain-C kernels, vectorised by the compiler, one build per ISA.
 *
 * This one file is compiled three times (CMake object libraries, see
 * CMakeLists.txt) with different flags and a suffix macro:
 *   CT_AUTO_SUFFIX=x86_64  no extra flags (SSE2 baseline)
 *   CT_AUTO_SUFFIX=avx2    -mavx2 -mfma
 *   CT_AUTO_SUFFIX=avx512  -mavx512f -mavx512dq -mavx512vl -mfma -mprefer-vector-width=512
 * each with -fopenmp-simd and -ffp-contract=fast (FMA contraction, as the
 * intrinsics kernels use; no other fast-math).  The number of accumulators
 * follows the build's vector width (four vectors' worth).  It exports
 * ct_kernel_auto_{f64,f32}_<suffix>; kernel_dispatch.c picks the best build the
 * CPU supports.  The dot product itself is kernel_auto_tpl.h, instantiated for
 * double and float.
 */
#include "kernel_common.h"
#include "kernel_impl.h"

#ifndef CT_AUTO_SUFFIX
#error "compile kernel_auto.c with -DCT_AUTO_SUFFIX=<isa> -DCT_AUTO_ISA=\"<isa name>\""
#endif

/* Accumulators: four vector registers of the build's widest vectors
 * (literal numbers: the template pastes them into macro names). */
#if defined(__AVX512F__)
#define CT_AUTO_ACC_F64 32
#define CT_AUTO_ACC_F32 64
#elif defined(__AVX__)
#define CT_AUTO_ACC_F64 16
#define CT_AUTO_ACC_F32 32
#else
#define CT_AUTO_ACC_F64 8
#define CT_AUTO_ACC_F32 16
#endif

#define ELEM double
#define PREC f64
#define CT_AUTO_ACC CT_AUTO_ACC_F64
#include "kernel_auto_tpl.h"
#include "kernel_loops_tpl.h"
#undef ELEM
#undef PREC
#undef CT_AUTO_ACC

#define ELEM float
#define PREC f32
#define CT_AUTO_ACC CT_AUTO_ACC_F32
#include "kernel_auto_tpl.h"
#include "kernel_loops_tpl.h"
#undef ELEM
#undef PREC
#undef CT_AUTO_ACC

#define CT_AUTO_CAT_(a, b) a##b
#define CT_AUTO_CAT(a, b) CT_AUTO_CAT_(a, b)
#define CT_AUTO_KERNEL(prec) CT_AUTO_CAT(ct_kernel_auto_##prec##_, CT_AUTO_SUFFIX)

const ct_kernel CT_AUTO_KERNEL(f64) = {"auto",     CT_AUTO_ISA, CT_KERNEL_AUTO, CT_PRECISION_F64,
                                       gather_f64, range_f64,   block_f64};
const ct_kernel CT_AUTO_KERNEL(f32) = {"auto",     CT_AUTO_ISA, CT_KERNEL_AUTO, CT_PRECISION_F32,
                                       gather_f32, range_f32,   block_f32};
