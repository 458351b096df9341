/* Internal: the kernel table.  One table per instruction set; the same table
 * drives dispatch (src/dispatch.c), the tests and the benchmarks, so a kernel
 * is tested and timed the moment it is listed.
 *
 * Kernel names spell out what they are, XNNPACK style:
 *   gp_<type>_<activation>_<operation>__<isa>, e.g. gp_f32_sigmoid_forward__avx512. */
#ifndef GP_KERNELS_H
#define GP_KERNELS_H

#include <stddef.h>
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
/* Fills p from act (no validation). */
void gp_params_from_act(const gp_act *act, gp_params *p);

#endif
