/* leaky_relu: g(z) = z (z > 0), alpha*z otherwise;  g'(z) = 1 (z > 0), alpha
 * (z < 0), grad_at_zero (z = +-0).  Exact: alpha*z is rounded once (in f32 with
 * alpha rounded to float first).  leaky_relu(-0) = -0 for alpha > 0.  NaN -> the
 * same NaN, quieted.  From the output the slope is read off the sign of a
 * (alpha >= 0 is checked by the API): the same function as from z.
 * The slopes are relu.h's two-piece helpers with left slope alpha.
 * Written once for doubles (V = vd) and floats (V = vf). */
#ifndef GP_ACT_LEAKY_RELU_H
#define GP_ACT_LEAKY_RELU_H

/* every kernel is bound by memory (src/kernels.c) */
#define GP_ARITH_leaky_relu 0

#define GP_DEFINE_LEAKY_RELU(V, ALPHA, GAZ, ZL)                                                \
    static inline V gp_leaky_relu_forward_##V(V z, const gp_params *p)                         \
    {                                                                                          \
        return V##_select(V##_gt(z, V##_set1(0)), z, V##_mul(z, V##_set1(p->ALPHA)));          \
    }                                                                                          \
    static inline V gp_leaky_relu_grad_##V(V z, const gp_params *p)                            \
    {                                                                                          \
        return gp_hinge_slope_##V(z, V##_set1(p->ALPHA), V##_set1(p->GAZ), p->ZL);             \
    }                                                                                          \
    static inline V gp_leaky_relu_grad_from_output_##V(V a, const gp_params *p)                \
    {                                                                                          \
        return gp_leaky_relu_grad_##V(a, p);                                                   \
    }                                                                                          \
    static inline V gp_leaky_relu_backward_##V(V z, V da, const gp_params *p)                  \
    {                                                                                          \
        return gp_hinge_backward_##V(z, da, V##_set1(p->ALPHA), V##_set1(p->GAZ), p->ZL);      \
    }                                                                                          \
    static inline V gp_leaky_relu_backward_from_output_##V(V a, V da, const gp_params *p)      \
    {                                                                                          \
        return gp_leaky_relu_backward_##V(a, da, p);                                           \
    }

GP_DEFINE_LEAKY_RELU(vd, alpha, grad_at_zero, zero_is_left)
GP_DEFINE_LEAKY_RELU(vf, alpha_f, grad_at_zero_f, zero_is_left_f)

#endif
