/* kernel_dispatch.c -- the kernel registry: which kernels exist and which this CPU can run.
 *
 * One const table lists every kernel compiled into the library with the ISA
 * it needs (what CMake compiled in: CT_KERNEL_HAVE_* from CMakeLists.txt).
 * ct_kernel_find returns, for a (kind, precision), the entry of the highest
 * ISA the CPU supports (for `auto`, the best of its three builds), or NULL
 * with a one-line reason ("not compiled ..." or "CPU lacks avx512f").  The CPU
 * is asked through __builtin_cpu_supports (which also checks that the OS
 * saves the AVX / AVX-512 registers); the environment variable CT_KERNEL_ISA
 * can cap the ISA (isa_cap below).  Never a global -march: a kernel the
 * CPU lacks is never called.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "ct/kernel.h"
#include "kernel_impl.h"

enum { ISA_BASE = 0, ISA_AVX2 = 1, ISA_AVX512 = 2 };

typedef struct entry {
    const ct_kernel *kernel;
    int isa;
} entry;

/* Ascending ISA within each kind, so the last usable match is the best. */
static const entry table[] = {
    {&ct_kernel_auto_f64_x86_64, ISA_BASE},   {&ct_kernel_auto_f32_x86_64, ISA_BASE},
#if CT_KERNEL_HAVE_AUTO_AVX2
    {&ct_kernel_auto_f64_avx2, ISA_AVX2},     {&ct_kernel_auto_f32_avx2, ISA_AVX2},
#endif
#if CT_KERNEL_HAVE_AUTO_AVX512
    {&ct_kernel_auto_f64_avx512, ISA_AVX512}, {&ct_kernel_auto_f32_avx512, ISA_AVX512},
#endif
#if CT_KERNEL_HAVE_AVX2
    {&ct_kernel_avx2_f64, ISA_AVX2},          {&ct_kernel_avx2_f32, ISA_AVX2},
#endif
#if CT_KERNEL_HAVE_AVX512
    {&ct_kernel_avx512_f64, ISA_AVX512},      {&ct_kernel_avx512_f32, ISA_AVX512},
#endif
};
#define TABLE_LEN ((int)(sizeof table / sizeof table[0]))

/* The highest ISA CT_KERNEL_ISA allows (x86-64 | avx2 | avx512; unset or
 * anything else: no cap).  A cap makes runs on different CPUs take the same
 * code path, so their deterministic metrics can be compared bit for bit
 * (docs/REGRESSION.md): the `auto` kernel then never picks a wider build. */
static int isa_cap(void)
{
    const char *e = getenv("CT_KERNEL_ISA");
    if (!e || !*e) return ISA_AVX512;
    if (!strcmp(e, "x86-64") || !strcmp(e, "base")) return ISA_BASE;
    if (!strcmp(e, "avx2")) return ISA_AVX2;
    return ISA_AVX512;
}

/* NULL if the CPU can run code built for `isa`, else what it lacks. */
static const char *cpu_missing(int isa)
{
    if (isa > isa_cap()) return "above the ISA cap CT_KERNEL_ISA";
    if (isa == ISA_BASE) return NULL;
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
    if (!__builtin_cpu_supports("avx2")) return "CPU lacks avx2";
    if (!__builtin_cpu_supports("fma")) return "CPU lacks fma";
    if (isa == ISA_AVX2) return NULL;
    if (!__builtin_cpu_supports("avx512f")) return "CPU lacks avx512f";
    if (!__builtin_cpu_supports("avx512dq")) return "CPU lacks avx512dq";
    if (!__builtin_cpu_supports("avx512vl")) return "CPU lacks avx512vl";
    return NULL;
#else
    return "CPU is not x86";
#endif
}

const ct_kernel *ct_kernel_find(ct_kernel_kind kind, ct_precision precision, const char **why)
{
    const ct_kernel *best = NULL;
    const char *reason = NULL;
    if ((int)kind < 0 || kind >= CT_KERNEL_COUNT) {
        reason = "unknown kernel kind";
        goto done;
    }
    if ((int)precision < 0 || precision >= CT_PRECISION_COUNT) {
        reason = "unknown precision";
        goto done;
    }
    reason = "not compiled into this build (compiler lacks the ISA, or CT_KERNEL_<ISA>=OFF)";
    for (int i = 0; i < TABLE_LEN; i++) {
        const ct_kernel *k = table[i].kernel;
        if (k->kind != kind || k->precision != precision) continue;
        const char *missing = cpu_missing(table[i].isa);
        if (missing) {
            if (!best) reason = missing;
            continue;
        }
        best = k;
    }
done:
    if (why) *why = best ? NULL : reason;
    return best;
}

const ct_kernel *ct_kernel_default(ct_precision precision)
{
    return ct_kernel_find(CT_KERNEL_AUTO, precision, NULL);
}

int ct_kernel_compiled_count(void)
{
    return TABLE_LEN;
}

const ct_kernel *ct_kernel_compiled_get(int i, const char **why)
{
    if (i < 0 || i >= TABLE_LEN) {
        if (why) *why = "no such kernel";
        return NULL;
    }
    if (why) *why = cpu_missing(table[i].isa);
    return table[i].kernel;
}
