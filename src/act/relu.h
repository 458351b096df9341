/* relu: g(z) = max(0, z),  g'(z) = 0 (z < 0), 1 (z > 0), grad_at_zero (z = +-0).
 * Exact.  relu(-0) = +0 (and +0 for every z <= 0); NaN -> the same NaN, quieted
 * (fmax(0, NaN) would return 0 and hide it).  From the output: 1 for a > 0,
 * 0 for a <= 0 (a == 0 cannot tell z == 0 from z < 0).  backward = da * g'
 * (IEEE product: da = inf where g' = 0 gives NaN).
 * Written once for doubles (V = vd) and floats (V = vf). */
#ifndef GP_ACT_RELU_H
#define GP_ACT_RELU_H

#define GP_DEFINE_RELU(V, GAZ)                                                                 \
    static inline V gp_relu_forward_##V(V z, const gp_params *p)                               \
    {                                                                                          \
        (void)p;                                                                               \
        return V##_addz(V##_nle(z, V##_set1(0)), z, V##_set1(0)); /* z + 0 quiets a NaN */     \
    }                                                                                          \
    static inline V gp_relu_grad_##V(V z, const gp_params *p)                                  \
    {                                                                                          \
        V r = V##_select(V##_gt(z, V##_set1(0)), V##_set1(1), V##_set1(0));                    \
        r = V##_select(V##_eq(z, V##_set1(0)), V##_set1(p->GAZ), r);                           \
        return V##_select(V##_isnan(z), V##_add(z, z), r);                                     \
    }                                                                                          \
    static inline V gp_relu_grad_from_output_##V(V a, const gp_params *p)                      \
    {                                                                                          \
        (void)p;                                                                               \
        V r = V##_select(V##_gt(a, V##_set1(0)), V##_set1(1), V##_set1(0));                    \
        return V##_select(V##_isnan(a), V##_add(a, a), r);                                     \
    }                                                                                          \
    /* backward: da * g'; a NaN input wins over a NaN da, and a NaN da comes out     \
     * quieted even where a compiler turns da * 1 into a move (deterministic bits) */          \
    static inline V gp_relu_times_##V(V x, V da, V g)                                          \
    {                                                                                          \
        return V##_nan_first(x, da, V##_mul(da, g));                                           \
    }                                                                                          \
    static inline V gp_relu_backward_##V(V z, V da, const gp_params *p)                        \
    {                                                                                          \
        return gp_relu_times_##V(z, da, gp_relu_grad_##V(z, p));                               \
    }                                                                                          \
    static inline V gp_relu_backward_from_output_##V(V a, V da, const gp_params *p)            \
    {                                                                                          \
        return gp_relu_times_##V(a, da, gp_relu_grad_from_output_##V(a, p));                   \
    }

GP_DEFINE_RELU(vd, grad_at_zero)
GP_DEFINE_RELU(vf, grad_at_zero_f)

#endif
