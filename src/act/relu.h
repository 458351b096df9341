/* relu: g(z) = max(0, z),  g'(z) = 0 (z < 0), 1 (z > 0), grad_at_zero (z = +-0).
 * Exact.  relu(-0) = +0 (and +0 for every z <= 0); NaN -> the same NaN, quieted
 * (fmax(0, NaN) would return 0 and hide it).  From the output: 1 for a > 0,
 * 0 for a <= 0 (a == 0 cannot tell z == 0 from z < 0).  backward = da * g'
 * (IEEE product: da = inf where g' = 0 gives NaN).  The slopes are hinge.h's
 * with left slope p->alpha, which the API sets to 0 for relu: a run-time 0,
 * so that no compiler can fold da * 1 (see the generic hinge). */
#ifndef GP_ACT_RELU_H
#define GP_ACT_RELU_H

#if defined(GP_ACT_FACTS)

static void gp_relu_kink_slopes(const gp_act *act, double *left, double *right)
{
    (void)act;
    *left = 0.0, *right = 1.0;
}

static void gp_relu_limits(const gp_act *act, double lim[4])
{
    lim[0] = 0.0, lim[1] = INFINITY, lim[2] = 0.0, lim[3] = 1.0;
    (void)act;
}

static const gp_act_desc gp_relu_desc = {
    .kind = GP_RELU,
    .name = "relu",
    .g = "max(0, z)",
    .dg = "0 (z < 0), 1 (z > 0), grad_at_zero at z = 0",
    .dg_from_a = "1 (a > 0), 0 (a <= 0)",
    .ops = GP_OPS_ALL,
    .nkinks = 1,
    .kinks = {0.0},
    .kink_slopes = gp_relu_kink_slopes,
    .ulp = {{0, 0, 0, 0, 0}, {0, 0, 0, 0, 0}},
    .arith = 0,
    .limits = gp_relu_limits,
    .show_lo = -3.0,
    .show_hi = 3.0,
};

#elif defined(GP_ACT_KERNELS)

static inline vd gp_relu_forward_vd(vd z, const gp_params *p)
{
    (void)p;
    return vd_relu(z);
}
static inline vd gp_relu_grad_vd(vd z, const gp_params *p)
{
    return gp_hinge_slope_vd(z, vd_set1(p->alpha), vd_set1(p->grad_at_zero), p->zero_is_left);
}
static inline vd gp_relu_grad_from_output_vd(vd a, const gp_params *p)
{
    return gp_hinge_slope_vd(a, vd_set1(p->alpha), vd_set1(p->alpha), 1);
}
static inline vd gp_relu_backward_vd(vd z, vd da, const gp_params *p)
{
    return gp_hinge_backward_vd(z, da, vd_set1(p->alpha), vd_set1(p->grad_at_zero), p->zero_is_left);
}
static inline vd gp_relu_backward_from_output_vd(vd a, vd da, const gp_params *p)
{
    return gp_hinge_backward_vd(a, da, vd_set1(p->alpha), vd_set1(p->alpha), 1);
}

static inline vf gp_relu_forward_vf(vf z, const gp_params *p)
{
    (void)p;
    return vf_relu(z);
}
static inline vf gp_relu_grad_vf(vf z, const gp_params *p)
{
    return gp_hinge_slope_vf(z, vf_set1(p->alpha_f), vf_set1(p->grad_at_zero_f), p->zero_is_left_f);
}
static inline vf gp_relu_grad_from_output_vf(vf a, const gp_params *p)
{
    return gp_hinge_slope_vf(a, vf_set1(p->alpha_f), vf_set1(p->alpha_f), 1);
}
static inline vf gp_relu_backward_vf(vf z, vf da, const gp_params *p)
{
    return gp_hinge_backward_vf(z, da, vf_set1(p->alpha_f), vf_set1(p->grad_at_zero_f), p->zero_is_left_f);
}
static inline vf gp_relu_backward_from_output_vf(vf a, vf da, const gp_params *p)
{
    return gp_hinge_backward_vf(a, da, vf_set1(p->alpha_f), vf_set1(p->alpha_f), 1);
}

/* every kernel is bound by memory: each vector stored as it is made */
static void gp_f32_relu_forward(GP_KERNEL_ARGS_F32) { gp_map1_f32(p, n, x, da, out, gp_relu_forward_vf, GP_STORE_AS_MADE); }
static void gp_f32_relu_grad(GP_KERNEL_ARGS_F32) { gp_map1_f32(p, n, x, da, out, gp_relu_grad_vf, GP_STORE_AS_MADE); }
static void gp_f32_relu_grad_from_output(GP_KERNEL_ARGS_F32) { gp_map1_f32(p, n, x, da, out, gp_relu_grad_from_output_vf, GP_STORE_AS_MADE); }
static void gp_f32_relu_backward(GP_KERNEL_ARGS_F32) { gp_map2_f32(p, n, x, da, out, gp_relu_backward_vf, GP_STORE_AS_MADE); }
static void gp_f32_relu_backward_from_output(GP_KERNEL_ARGS_F32) { gp_map2_f32(p, n, x, da, out, gp_relu_backward_from_output_vf, GP_STORE_AS_MADE); }
static void gp_f64_relu_forward(GP_KERNEL_ARGS_F64) { gp_map1_f64(p, n, x, da, out, gp_relu_forward_vd, GP_STORE_AS_MADE); }
static void gp_f64_relu_grad(GP_KERNEL_ARGS_F64) { gp_map1_f64(p, n, x, da, out, gp_relu_grad_vd, GP_STORE_AS_MADE); }
static void gp_f64_relu_grad_from_output(GP_KERNEL_ARGS_F64) { gp_map1_f64(p, n, x, da, out, gp_relu_grad_from_output_vd, GP_STORE_AS_MADE); }
static void gp_f64_relu_backward(GP_KERNEL_ARGS_F64) { gp_map2_f64(p, n, x, da, out, gp_relu_backward_vd, GP_STORE_AS_MADE); }
static void gp_f64_relu_backward_from_output(GP_KERNEL_ARGS_F64) { gp_map2_f64(p, n, x, da, out, gp_relu_backward_from_output_vd, GP_STORE_AS_MADE); }

static const gp_act_kernels gp_relu_kernels = {
    .f32 = {gp_f32_relu_forward, gp_f32_relu_grad, gp_f32_relu_grad_from_output, gp_f32_relu_backward,
            gp_f32_relu_backward_from_output},
    .f64 = {gp_f64_relu_forward, gp_f64_relu_grad, gp_f64_relu_grad_from_output, gp_f64_relu_backward,
            gp_f64_relu_backward_from_output},
};


#elif defined(GP_ACT_REFERENCE)

/* The definition (tests/ref/gp_ref.h), exact: g = z (z > 0), +0 otherwise;
 * g' = 1 (z > 0), 0 (z < 0), grad_at_zero (z = +-0); from a: 1 (a > 0), 0
 * (a <= 0).  The screens are the same values in double / long double. */
static double gp_relu_value(int fn, const gp_act *act, double x)
{
    if (fn == GP_REF_G)
        return x > 0 ? x : 0.0;
    if (fn == GP_REF_DG)
        return x > 0 ? 1.0 : x < 0 ? 0.0 : act->grad_at_zero;
    return x > 0 ? 1.0 : 0.0;
}
static void gp_relu_ref_g(mpfr_ptr out, const gp_act *act, double z) { mpfr_set_d(out, gp_relu_value(GP_REF_G, act, z), MPFR_RNDN); }
static void gp_relu_ref_dg(mpfr_ptr out, const gp_act *act, double z) { mpfr_set_d(out, gp_relu_value(GP_REF_DG, act, z), MPFR_RNDN); }
static void gp_relu_ref_dg_from_a(mpfr_ptr out, const gp_act *act, double a) { mpfr_set_d(out, gp_relu_value(GP_REF_DG_FROM_A, act, a), MPFR_RNDN); }

static void gp_relu_screen_d(const gp_act *act, float z, double out[GP_REF_FN_COUNT])
{
    for (int fn = 0; fn < GP_REF_FN_COUNT; fn++)
        out[fn] = gp_relu_value(fn, act, z);
}
static long double gp_relu_screen_ld(const gp_act *act, int fn, double x) { return gp_relu_value(fn, act, x); }

static const gp_act_ref gp_relu_ref = {
    {gp_relu_ref_g, gp_relu_ref_dg, gp_relu_ref_dg_from_a},
    gp_relu_screen_d,
    gp_relu_screen_ld,
};
#endif
#endif
