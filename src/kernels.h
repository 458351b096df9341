/* Internal: the kernel table.  One table per instruction set; the same table
 * drives dispatch (src/dispatch.c), the tests and the benchmarks, so a kernel
 * is tested and timed the moment it is listed.
 *
 * Kernel names spell out what they are, XNNPACK style:
 *   gp_<type>_<activation>_<operation>, e.g. gp_f32_sigmoid_forward, a plain
 *   static function in src/act/sigmoid.h, compiled once per ISA. */
#ifndef GP_KERNELS_H
#define GP_KERNELS_H

#include <float.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "gprime.h"
#include "act/desc.h"

/* Parameters of an activation, as the kernels use them (validated by api.c). */
typedef struct {
    double alpha, grad_at_zero, beta; /* f64 kernels */
    float alpha_f, grad_at_zero_f, beta_f; /* f32 kernels: the same rounded to float */
    /* grad_at_zero has the bits of the left slope (alpha; +0 for relu), as by default:
     * then z = +-0 needs no lane of its own in relu/leaky_relu (src/act/relu.h) */
    int zero_is_left, zero_is_left_f;
    int stream; /* non-temporal stores: set by api.c for calls far past the cache */
} gp_params;

/* x is z or a (by op), da is NULL except for the backward ops, out may equal x or da. */
typedef void (*gp_kernel_f32)(const gp_params *p, size_t n, const float *x, const float *da, float *out);
typedef void (*gp_kernel_f64)(const gp_params *p, size_t n, const double *x, const double *da, double *out);

/* One activation's kernels on one ISA, by gp_op; NULL for an operation it
 * does not have.  Each activation's file defines one (its GP_ACT_KERNELS part).
 * fast_f32 / fast_f64 are the fast tier's (GP_ACCURACY_FAST) kernels; the rule
 * of the table: a NULL fast entry means "use the default kernel" (f32 / f64),
 * so an activation without fast kernels leaves them out (gp_kernel_of_*). */
typedef struct {
    gp_kernel_f32 f32[GP_OP_COUNT];
    gp_kernel_f64 f64[GP_OP_COUNT];
    gp_kernel_f32 fast_f32[GP_OP_COUNT];
    gp_kernel_f64 fast_f64[GP_OP_COUNT];
    /* The careful twins (issue 19, src/loops.h GP_CAREFUL) of the kernels
     * above, for the backward ops and the f64 from-output ones: the same
     * source with the rare-lane guards against a spurious FE_UNDERFLOW (a
     * tiny da, a tiny a), bit-identical wherever the fast kernel raises none.
     * src/api.c runs one on a part of a call only where its fast kernel
     * raised FE_UNDERFLOW.  NULL: the fast kernel raises no spurious flag
     * (the relu family; every forward and grad kernel). */
    gp_kernel_f32 careful_f32[GP_OP_COUNT];
    gp_kernel_f64 careful_f64[GP_OP_COUNT];
    gp_kernel_f32 careful_fast_f32[GP_OP_COUNT];
    gp_kernel_f64 careful_fast_f64[GP_OP_COUNT];
} gp_act_kernels;

/* The kernel of op in the tier (a NULL fast entry: the default kernel). */
static inline gp_kernel_f32 gp_kernel_of_f32(const gp_act_kernels *k, gp_op op, gp_accuracy tier)
{
    return tier == GP_ACCURACY_FAST && k->fast_f32[op] ? k->fast_f32[op] : k->f32[op];
}
static inline gp_kernel_f64 gp_kernel_of_f64(const gp_act_kernels *k, gp_op op, gp_accuracy tier)
{
    return tier == GP_ACCURACY_FAST && k->fast_f64[op] ? k->fast_f64[op] : k->f64[op];
}
/* The careful twin of that kernel, or NULL */
static inline gp_kernel_f32 gp_careful_of_f32(const gp_act_kernels *k, gp_op op, gp_accuracy tier)
{
    return tier == GP_ACCURACY_FAST && k->fast_f32[op] ? k->careful_fast_f32[op] : k->careful_f32[op];
}
static inline gp_kernel_f64 gp_careful_of_f64(const gp_act_kernels *k, gp_op op, gp_accuracy tier)
{
    return tier == GP_ACCURACY_FAST && k->fast_f64[op] ? k->careful_fast_f64[op] : k->careful_f64[op];
}

enum { GP_ISA_GENERIC, GP_ISA_AVX2, GP_ISA_AVX512, GP_ISA_COUNT };

typedef struct {
    const char *name;   /* "generic", "avx2", "avx512" */
    int isa;            /* GP_ISA_* */
    const gp_act_kernels *act[GP_KIND_COUNT];
    /* the gated forms' combining loops (src/glu.h), for every activation */
    void (*glu_combine_forward_f32)(size_t n, const float *g, const float *y, float *out);
    void (*glu_combine_forward_f64)(size_t n, const double *g, const double *y, double *out);
    void (*glu_combine_backward_f32)(size_t n, const float *g, const float *dg, const float *y, const float *dout,
                             float *dx, float *dy);
    void (*glu_combine_backward_f64)(size_t n, const double *g, const double *dg, const double *y, const double *dout,
                             double *dx, double *dy);
    /* the accumulating backward's combining loop (src/acc.h): dz += da * g',
     * g' from the activation's grad or grad_from_output kernel */
    void (*acc_combine_f32)(size_t n, const float *dg, const float *da, float *dz);
    void (*acc_combine_f64)(size_t n, const double *dg, const double *da, double *dz);
    /* the gated forms' accumulating backward (src/acc.h): dx += dout*y*g', dy += dout*g */
    void (*glu_combine_backward_acc_f32)(size_t n, const float *g, const float *dg, const float *y,
                                         const float *dout, float *dx, float *dy);
    void (*glu_combine_backward_acc_f64)(size_t n, const double *g, const double *dg, const double *y,
                                         const double *dout, double *dx, double *dy);
    /* bf16 and f16 storage (src/half.h): widen to f32 exactly, narrow with
     * round-to-nearest-even; plain integer C, the same bits on every ISA */
    void (*widen_bf16)(size_t n, const uint16_t *x, float *out);
    void (*narrow_bf16)(size_t n, const float *x, uint16_t *out);
    void (*widen_f16)(size_t n, const uint16_t *x, float *out);
    void (*narrow_f16)(size_t n, const float *x, uint16_t *out);
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

static inline int gp_is_from_output(gp_op op) { return op == GP_OP_GRAD_FROM_OUTPUT || op == GP_OP_BACKWARD_FROM_OUTPUT; }
static inline int gp_is_backward(gp_op op) { return op == GP_OP_BACKWARD || op == GP_OP_BACKWARD_FROM_OUTPUT; }

/* v is allowed for parameter q (from_output: also by the from-output forms)? */
static inline int gp_param_ok(const gp_param_desc *q, double v, int from_output)
{
    if (!isfinite(v) || v > q->hi || v < q->lo || (q->lo_open && v == q->lo))
        return 0;
    return !from_output || v > q->fo_lo || (!q->fo_lo_open && v == q->fo_lo);
}

/* gp_act_check, inline for the array calls (a call on 4096 floats in L1
 * takes about 150 ns, and each out-of-line step of the checks costs a few):
 * a known accuracy tier, every parameter in its range, grad_at_zero between
 * the slopes at the kink. */
static inline gp_status gp_act_check_inline(const gp_act *act, int from_output)
{
    if (!act)
        return GP_ERR_NULL;
    const gp_act_desc *d = gp_desc(act->kind);
    if (!d)
        return GP_ERR_KIND;
    if ((unsigned)act->accuracy >= GP_ACCURACY_COUNT)
        return GP_ERR_PARAM;
    for (int i = 0; i < d->nparams; i++)
        if (!gp_param_ok(&d->params[i], gp_act_value(act, &d->params[i]), from_output))
            return GP_ERR_PARAM;
    if (d->kink_slopes) {
        double l, r, g = act->grad_at_zero;
        d->kink_slopes(act, &l, &r);
        double lo = l < r ? l : r, hi = l < r ? r : l;
        if (!(g >= lo && g <= hi)) /* true for NaN */
            return GP_ERR_PARAM;
    }
    return GP_OK;
}

/* The checks of a call that do not look at its buffers, in this order: NULL
 * act, unknown op, unknown kind, an operation the activation has not, the
 * parameters.  In f32 (size 4) every parameter must also be allowed as
 * rounded to float (the kernels use it rounded): finite, and in its range. */
static inline gp_status gp_check_act_op(const gp_act *act, gp_op op, size_t size)
{
    if (!act)
        return GP_ERR_NULL;
    if ((unsigned)op >= GP_OP_COUNT)
        return GP_ERR_PARAM;
    const gp_act_desc *d = gp_desc(act->kind);
    if (!d)
        return GP_ERR_KIND;
    if (!gp_desc_has(d, op))
        return GP_ERR_OP;
    gp_status s = gp_act_check_inline(act, gp_is_from_output(op));
    if (s != GP_OK || size != sizeof(float))
        return s;
    /* |v| > FLT_MAX, not (float)v overflowing: a value a little above FLT_MAX
     * rounds down to FLT_MAX, and the header promises to refuse it; and the
     * value as rounded must still be in range (softplus: beta > 0) */
    for (int i = 0; i < d->nparams; i++) {
        double v = gp_act_value(act, &d->params[i]);
        if (!(fabs(v) <= FLT_MAX) || !gp_param_ok(&d->params[i], (float)v, gp_is_from_output(op)))
            return GP_ERR_PARAM;
    }
    if (d->kink_slopes && !(fabs(act->grad_at_zero) <= FLT_MAX))
        return GP_ERR_PARAM;
    return GP_OK;
}

/* Fills p from act (no validation): alpha and beta where the activation has
 * them, else 0 (relu's left slope is that 0); grad_at_zero. */
static inline void gp_params_from_act(const gp_act *act, gp_params *p)
{
    const gp_act_desc *d = gp_desc(act->kind);
    unsigned uses = d ? gp_desc_fields(d) : 0u;
    p->alpha = uses >> GP_SLOT_ALPHA & 1u ? act->alpha : 0.0;
    p->beta = uses >> GP_SLOT_BETA & 1u ? act->beta : 0.0;
    p->grad_at_zero = act->grad_at_zero;
    p->alpha_f = (float)p->alpha;
    p->beta_f = (float)p->beta;
    p->grad_at_zero_f = (float)p->grad_at_zero;
    p->zero_is_left = memcmp(&p->grad_at_zero, &p->alpha, sizeof p->alpha) == 0;
    p->zero_is_left_f = memcmp(&p->grad_at_zero_f, &p->alpha_f, sizeof p->alpha_f) == 0;
    p->stream = 0;
}

#endif
