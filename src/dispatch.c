/* CPU detection and the kernel table in use.
 *
 * The table is chosen once, at first use, from GPRIME_ISA (generic|avx2|avx512|
 * auto) or else the best ISA this CPU and build support.  The choice is an
 * atomic pointer: threads racing through the first use compute the same answer
 * and store it; gp_set_isa replaces it.  A forced ISA that is unknown or not
 * available leaves no table, and every array function returns GP_ERR_ISA
 * rather than executing an illegal instruction. */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kernels.h"

static const char *const gp_isa_names[GP_ISA_COUNT] = {"generic", "avx2", "avx512"};

static int gp_cpu_has(int isa)
{
    switch (isa) {
    case GP_ISA_GENERIC:
        return 1;
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    case GP_ISA_AVX2:
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    case GP_ISA_AVX512:
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
               __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl") &&
               __builtin_cpu_supports("fma");
#endif
    default:
        return 0;
    }
}

const gp_kernel_table *gp_isa_table(int isa)
{
    const gp_kernel_table *t = NULL;
    switch (isa) {
    case GP_ISA_GENERIC:
        t = &gp_kernels_generic;
        break;
#ifdef GP_HAVE_AVX2
    case GP_ISA_AVX2:
        t = &gp_kernels_avx2;
        break;
#endif
#ifdef GP_HAVE_AVX512
    case GP_ISA_AVX512:
        t = &gp_kernels_avx512;
        break;
#endif
    default:
        return NULL;
    }
    return gp_cpu_has(isa) ? t : NULL;
}

static const gp_kernel_table *gp_best_table(void)
{
    for (int isa = GP_ISA_COUNT - 1; isa >= 0; isa--) {
        const gp_kernel_table *t = gp_isa_table(isa);
        if (t)
            return t;
    }
    return &gp_kernels_generic;
}

/* NULL name or "auto": the best; else the named table or NULL. */
static const gp_kernel_table *gp_table_by_name(const char *name, int *known)
{
    *known = 1;
    if (!name || !*name || strcasecmp(name, "auto") == 0)
        return gp_best_table();
    for (int isa = 0; isa < GP_ISA_COUNT; isa++)
        if (strcasecmp(name, gp_isa_names[isa]) == 0)
            return gp_isa_table(isa);
    *known = 0;
    return NULL;
}

/* 0: not chosen yet; 1: chosen (gp_active may be NULL: forced ISA unavailable) */
static atomic_int gp_chosen;
static _Atomic(const gp_kernel_table *) gp_active;

const gp_kernel_table *gp_active_table(void)
{
    if (atomic_load_explicit(&gp_chosen, memory_order_acquire))
        return atomic_load_explicit(&gp_active, memory_order_acquire);
    int known;
    const gp_kernel_table *t = gp_table_by_name(getenv("GPRIME_ISA"), &known);
    const gp_kernel_table *expected = NULL;
    /* the first store wins, so a concurrent gp_set_isa is not overwritten */
    atomic_compare_exchange_strong(&gp_active, &expected, t);
    atomic_store_explicit(&gp_chosen, 1, memory_order_release);
    return atomic_load_explicit(&gp_active, memory_order_acquire);
}

gp_status gp_set_isa(const char *name)
{
    int known;
    const gp_kernel_table *t = gp_table_by_name(name, &known);
    if (!t)
        return GP_ERR_ISA;
    atomic_store_explicit(&gp_active, t, memory_order_release);
    atomic_store_explicit(&gp_chosen, 1, memory_order_release);
    return GP_OK;
}

const char *gp_isa_name(void)
{
    const gp_kernel_table *t = gp_active_table();
    return t ? t->name : "unavailable";
}

int gp_isa_available(const char *name)
{
    int known;
    return name && gp_table_by_name(name, &known) != NULL;
}
