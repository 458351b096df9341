/* Internal: the kernel table.  One table per instruction set; the same table
 * drives dispatch (src/dispatch.c), the tests and the benchmarks, so a kernel
 * is tested and timed the moment it is listed.
 *
 * Kernel names spell out what they are, XNNPACK style:
 *   gp_<type>_<activation>_<operation>__<isa>, e.g. gp_f32_sigmoid_forward__avx512. */
#ifndef GP_KERNELS_H
#define GP_KERNELS_H

#include <math.h>
#include <stddef.h>
#include <string.h>
#include "gprime.h"

/* Parameters of an activation, as the kernels use them (validated by api.c). */
typedef struct {
    double alpha, grad_at_zero; /* f64 kernels */
    float alpha_f, grad_at_zero_f; /* f32 kernels: (float)alpha, (float)grad_at_zero */
    /* grad_at_zero has the bits of the left slope (alpha; +0 for relu), as by default:
     * then z = +-0 needs no lane of its own in relu/leaky_relu (src/act/relu.h) */
    int zero_is_left, zero_is_left_f;
    int stream; /* non-temporal stores: set by api.c for calls far past the cache */
} gp_params;

/* x is z or a (by op), da is NULL except for the backward ops, out may equal x or da. */
typedef void (*gp_kernel_f32)(const gp_params *p, size_t n, const float *x, const float *da, float *out);
typedef void (*gp_kernel_f64)(const gp_params *p, size_t n, const double *x, const double *da, double *out);

enum { GP_ISA_GENERIC, GP_ISA_AVX2, GP_ISA_AVX512, GP_ISA_COUNT };

typedef struct {
    const char *name;   /* "generic", "avx2", "avx512" */
    int isa;            /* GP_ISA_* */
    gp_kernel_f32 f32[GP_KIND_COUNT][GP_OP_COUNT];
    gp_kernel_f64 f64[GP_KIND_COUNT][GP_OP_COUNT];
    /* GP_ARITH_<act> of src/act/<act>.h: 1 where forward, grad and backward are
     * bound by arithmetic (every from-output form, and the rest, by memory);
     * src/kernels.c picks its store order by it, src/api.c its thresholds */
    unsigned char arith[GP_KIND_COUNT];
} gp_kernel_table;

/* Defined by src/kernels.c, once per ISA it is compiled for. */
extern const gp_kernel_table gp_kernels_generic;
extern const gp_kernel_table gp_kernels_avx2;
extern const gp_kernel_table gp_kernels_avx512;

/* The table of one ISA, or NULL when it was not built or this CPU lacks it. */
const gp_kernel_table *gp_isa_table(int isa);
/* The active table (first use: GPRIME_ISA or the best available); NULL if the
 * forced ISA is unavailable. */
const gp_kernel_table *gp_active_table(void);

/* gp_act_check, inline for the array calls: a call on 4096 floats in L1 takes
 * about 150 ns, and each out-of-line step of the checks costs a few */
static inline gp_status gp_act_check_inline(const gp_act *act, int from_output)
{
    if (!act)
        return GP_ERR_NULL;
    switch (act->kind) {
    case GP_SIGMOID:
    case GP_TANH:
        return GP_OK;
    case GP_RELU:
        return act->grad_at_zero >= 0.0 && act->grad_at_zero <= 1.0 ? GP_OK : GP_ERR_PARAM;
    case GP_LEAKY_RELU: {
        double a = act->alpha, g = act->grad_at_zero;
        if (!isfinite(a) || (from_output && a < 0.0))
            return GP_ERR_PARAM;
        double lo = a < 1.0 ? a : 1.0, hi = a < 1.0 ? 1.0 : a;
        return g >= lo && g <= hi ? GP_OK : GP_ERR_PARAM; /* false for NaN */
    }
    }
    return GP_ERR_KIND;
}

/* Fills p from act (no validation). */
static inline void gp_params_from_act(const gp_act *act, gp_params *p)
{
    p->alpha = act->kind == GP_LEAKY_RELU ? act->alpha : 0.0;
    p->grad_at_zero = act->grad_at_zero;
    p->alpha_f = (float)p->alpha;
    p->grad_at_zero_f = (float)p->grad_at_zero;
    p->zero_is_left = memcmp(&p->grad_at_zero, &p->alpha, sizeof p->alpha) == 0;
    p->zero_is_left_f = memcmp(&p->grad_at_zero_f, &p->alpha_f, sizeof p->alpha_f) == 0;
    p->stream = 0;
}

#endif
