/* leaky_relu: g(z) = z (z > 0), alpha*z otherwise;  g'(z) = 1 (z > 0), alpha
 * (z < 0), grad_at_zero (z = +-0).  Exact: alpha*z is rounded once (in f32 with
 * alpha rounded to float first).  leaky_relu(-0) = -0 for alpha > 0.  NaN -> the
 * same NaN, quieted.  From the output the slope is read off the sign of a
 * (alpha >= 0 is checked by the API): the same function as from z.
 * The slopes are hinge.h's with left slope alpha. */
#ifndef GP_ACT_LEAKY_RELU_H
#define GP_ACT_LEAKY_RELU_H

#if defined(GP_ACT_FACTS)

static void gp_leaky_relu_kink_slopes(const gp_act *act, double *left, double *right)
{
    *left = act->alpha, *right = 1.0;
}

/* the IEEE products alpha * -inf and 1 * inf, as the kernels form them */
static void gp_leaky_relu_limits(const gp_act *act, double lim[4])
{
    lim[0] = act->alpha * -INFINITY, lim[1] = INFINITY, lim[2] = act->alpha, lim[3] = 1.0;
}

static const gp_act_desc gp_leaky_relu_desc = {
    .kind = GP_LEAKY_RELU,
    .name = "leaky_relu",
    .aliases = {"leaky-relu", "leakyrelu"},
    .g = "z (z > 0), alpha z",
    .dg = "alpha (z < 0), 1 (z > 0), grad_at_zero at z = 0",
    .dg_from_a = "1 (a > 0), alpha (a < 0), grad_at_zero (a = 0)",
    .nparams = 1,
    /* the sign of a must reveal the sign of z: alpha >= 0 from the output */
    .params = {{"alpha", GP_SLOT_ALPHA, 0.01, -INFINITY, INFINITY, 0, 0.0, 0}},
    .ops = GP_OPS_ALL,
    .nkinks = 1,
    .kinks = {0.0},
    .kink_slopes = gp_leaky_relu_kink_slopes,
    .ulp = {{0, 0, 0, 0, 0}, {0, 0, 0, 0, 0}},
    .arith = 0,
    .limits = gp_leaky_relu_limits,
    .show_lo = -3.0,
    .show_hi = 3.0,
};

#elif defined(GP_ACT_KERNELS)

static inline vd gp_leaky_relu_forward_vd(vd z, const gp_params *p)
{
    /* the product only where it is the result (z <= 0 or NaN): no lane multiplies
     * a large or tiny positive z, so no overflow or underflow flag for one */
    vdm pos = vd_gt(z, vd_set1(0));
    return vd_select(pos, z, vd_mul(vd_select(pos, vd_set1(0), z), vd_set1(p->alpha)));
}
static inline vd gp_leaky_relu_grad_vd(vd z, const gp_params *p)
{
    return gp_hinge_slope_vd(z, vd_set1(p->alpha), vd_set1(p->grad_at_zero), p->zero_is_left);
}
static inline vd gp_leaky_relu_backward_vd(vd z, vd da, const gp_params *p)
{
    return gp_hinge_backward_vd(z, da, vd_set1(p->alpha), vd_set1(p->grad_at_zero), p->zero_is_left);
}

static inline vf gp_leaky_relu_forward_vf(vf z, const gp_params *p)
{
    vfm pos = vf_gt(z, vf_set1(0)); /* as in the vd form */
    return vf_select(pos, z, vf_mul(vf_select(pos, vf_set1(0), z), vf_set1(p->alpha_f)));
}
static inline vf gp_leaky_relu_grad_vf(vf z, const gp_params *p)
{
    return gp_hinge_slope_vf(z, vf_set1(p->alpha_f), vf_set1(p->grad_at_zero_f), p->zero_is_left_f);
}
static inline vf gp_leaky_relu_backward_vf(vf z, vf da, const gp_params *p)
{
    return gp_hinge_backward_vf(z, da, vf_set1(p->alpha_f), vf_set1(p->grad_at_zero_f), p->zero_is_left_f);
}

/* every kernel is bound by memory; from the output = from z (same sign) */
static void gp_f32_leaky_relu_forward(GP_KERNEL_ARGS_F32) { gp_map1_f32(p, n, x, da, out, gp_leaky_relu_forward_vf, GP_STORE_AS_MADE); }
static void gp_f32_leaky_relu_grad(GP_KERNEL_ARGS_F32) { gp_map1_f32(p, n, x, da, out, gp_leaky_relu_grad_vf, GP_STORE_AS_MADE); }
static void gp_f32_leaky_relu_backward(GP_KERNEL_ARGS_F32) { gp_map2_f32(p, n, x, da, out, gp_leaky_relu_backward_vf, GP_STORE_AS_MADE); }
static void gp_f64_leaky_relu_forward(GP_KERNEL_ARGS_F64) { gp_map1_f64(p, n, x, da, out, gp_leaky_relu_forward_vd, GP_STORE_AS_MADE); }
static void gp_f64_leaky_relu_grad(GP_KERNEL_ARGS_F64) { gp_map1_f64(p, n, x, da, out, gp_leaky_relu_grad_vd, GP_STORE_AS_MADE); }
static void gp_f64_leaky_relu_backward(GP_KERNEL_ARGS_F64) { gp_map2_f64(p, n, x, da, out, gp_leaky_relu_backward_vd, GP_STORE_AS_MADE); }

static const gp_act_kernels gp_leaky_relu_kernels = {
    .f32 = {gp_f32_leaky_relu_forward, gp_f32_leaky_relu_grad, gp_f32_leaky_relu_grad, gp_f32_leaky_relu_backward,
            gp_f32_leaky_relu_backward},
    .f64 = {gp_f64_leaky_relu_forward, gp_f64_leaky_relu_grad, gp_f64_leaky_relu_grad, gp_f64_leaky_relu_backward,
            gp_f64_leaky_relu_backward},
};


#elif defined(GP_ACT_REFERENCE)

/* The definition (tests/ref/gp_ref.h): g = z (z > 0), alpha z otherwise (the
 * exact product: -0 stays -0 for alpha > 0); g' = 1 (z > 0), alpha (z < 0),
 * grad_at_zero (z = +-0); from a the same function of a.  Screens: the same
 * in double (for a float z: alpha z exact, as alpha is a float there) and in
 * long double (alpha z rounded to 64 bits: the checker's margin catches a
 * tie). */
static void gp_leaky_relu_ref_g(mpfr_ptr out, const gp_act *act, double z)
{
    mpfr_set_d(out, z, MPFR_RNDN);
    if (!(z > 0))
        mpfr_mul_d(out, out, act->alpha, MPFR_RNDN); /* 53 x 53 bits: exact at >= 106 */
}
static double gp_leaky_relu_slope(const gp_act *act, double x)
{
    return x > 0 ? 1.0 : x < 0 ? act->alpha : act->grad_at_zero;
}
static void gp_leaky_relu_ref_dg(mpfr_ptr out, const gp_act *act, double x)
{
    mpfr_set_d(out, gp_leaky_relu_slope(act, x), MPFR_RNDN);
}

static void gp_leaky_relu_screen_d(const gp_act *act, float z, double out[GP_REF_FN_COUNT])
{
    out[GP_REF_G] = z > 0 ? (double)z : act->alpha * (double)z;
    out[GP_REF_DG] = out[GP_REF_DG_FROM_A] = gp_leaky_relu_slope(act, z);
}
static long double gp_leaky_relu_screen_ld(const gp_act *act, int fn, double x)
{
    if (fn == GP_REF_G)
        return x > 0 ? (long double)x : (long double)act->alpha * (long double)x;
    return gp_leaky_relu_slope(act, x);
}

static const gp_act_ref gp_leaky_relu_ref = {
    {gp_leaky_relu_ref_g, gp_leaky_relu_ref_dg, gp_leaky_relu_ref_dg},
    gp_leaky_relu_screen_d,
    gp_leaky_relu_screen_ld,
};
#endif
#endif
