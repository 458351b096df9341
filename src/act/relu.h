/* relu: g(z) = max(0, z),  g'(z) = 0 (z < 0), 1 (z > 0), grad_at_zero (z = +-0).
 * Exact.  relu(-0) = +0 (and +0 for every z <= 0); NaN -> the same NaN, quieted
 * (fmax(0, NaN) would return 0 and hide it).  From the output: 1 for a > 0,
 * 0 for a <= 0 (a == 0 cannot tell z == 0 from z < 0).  backward = da * g'
 * (IEEE product: da = inf where g' = 0 gives NaN).
 * The slope helpers below serve leaky_relu too (its left slope is alpha).
 * Written once for doubles (V = vd) and floats (V = vf). */
#ifndef GP_ACT_RELU_H
#define GP_ACT_RELU_H

/* every kernel is bound by memory (src/kernels.c) */
#define GP_ARITH_relu 0

/* Slopes of a two-piece linear unit: 1 for z > 0, left for z < 0, gaz at
 * z = +-0, NaN (z's, quieted) for NaN: the layer's hinge (one instruction on
 * AVX-512), plus a blend for z = +-0 only where gaz differs from left in its
 * bits (zl = 0; by default it does not).  backward = da * slope, the IEEE
 * product, which quiets a NaN da; a NaN z then wins over it. */
#define GP_DEFINE_HINGE(V)                                                                     \
    static inline V gp_hinge_slope_##V(V z, V left, V gaz, int zl)                             \
    {                                                                                          \
        V r = V##_hinge(z, left);                                                              \
        return zl ? r : V##_select(V##_eq(z, V##_set1(0)), gaz, r);                            \
    }                                                                                          \
    static inline V gp_hinge_backward_##V(V z, V da, V left, V gaz, int zl)                    \
    {                                                                                          \
        return V##_nan_or(z, V##_mul(da, gp_hinge_slope_##V(z, left, gaz, zl)));             \
    }

/* The left slope is p->alpha, which the API sets to 0 for relu: a run-time 0,
 * so that no compiler can fold da * 1 (see the generic hinge) */
#define GP_DEFINE_RELU(V, ALPHA, GAZ, ZL)                                                      \
    GP_DEFINE_HINGE(V)                                                                         \
    static inline V gp_relu_forward_##V(V z, const gp_params *p)                               \
    {                                                                                          \
        (void)p;                                                                               \
        return V##_relu(z);                                                                    \
    }                                                                                          \
    static inline V gp_relu_grad_##V(V z, const gp_params *p)                                  \
    {                                                                                          \
        return gp_hinge_slope_##V(z, V##_set1(p->ALPHA), V##_set1(p->GAZ), p->ZL);             \
    }                                                                                          \
    static inline V gp_relu_grad_from_output_##V(V a, const gp_params *p)                      \
    {                                                                                          \
        return gp_hinge_slope_##V(a, V##_set1(p->ALPHA), V##_set1(p->ALPHA), 1);               \
    }                                                                                          \
    static inline V gp_relu_backward_##V(V z, V da, const gp_params *p)                        \
    {                                                                                          \
        return gp_hinge_backward_##V(z, da, V##_set1(p->ALPHA), V##_set1(p->GAZ), p->ZL);      \
    }                                                                                          \
    static inline V gp_relu_backward_from_output_##V(V a, V da, const gp_params *p)            \
    {                                                                                          \
        return gp_hinge_backward_##V(a, da, V##_set1(p->ALPHA), V##_set1(p->ALPHA), 1);        \
    }

GP_DEFINE_RELU(vd, alpha, grad_at_zero, zero_is_left)
GP_DEFINE_RELU(vf, alpha_f, grad_at_zero_f, zero_is_left_f)

#endif
