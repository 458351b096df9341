/* sigmoid: g(z) = 1/(1+e^-z),  g'(z) = g(1-g) = e^-|z| / (1+e^-|z|)^2.
 *
 * forward (f64): with E = e^-|z| = 2^k (mh + ml) from exp_dd.h,
 *   z >= 0:  1/(1+E)          z < 0:  (mh+ml)/(1+E) * 2^k
 *   one double-double division; error <= 0.5 + 0.07 ulp (vd_div_dd) + 2^-56.9
 *   relative (E, 1+E; 0.07 ulp) -> below 0.64 ulp.  A subnormal result is that
 *   quotient scaled by 2^k, a second rounding: below 1 ulp of the subnormal
 *   spacing (tools/ulp measures 0.75 at z = -709.07).
 * grad (f64): E/(1+E)^2 via gp_bell_scaled: below 0.77 ulp (subnormal: below
 *   1), never a(1-a), so the tails are exact: sigmoid'(80) = 1.8e-35,
 *   sigmoid'(700) = 9.9e-305.
 * backward: da * g' with g' rounded first: g''s 0.77 ulp can weigh up to 1.54
 *   ulp of dz (ulp ratios differ by 2), plus the product's 0.5: below 2.04 ulp,
 *   within the 2 + 0.5 the API promises.
 * grad_from_output: a(1-a) = a - a*a with one FMA: correctly rounded.
 * backward_from_output: da*(a - a*a) from an exact double-double a - a*a,
 *   rounded once: 0.5 ulp + 2^-50 (f32: in double, rounded once).
 * f32: float arithmetic over exp_f32.h's pair (16 lanes on AVX-512): forward,
 *   grad and backward below 0.57 ulp (0.77 for a subnormal result; the sweep
 *   measures 0.54 / 0.76).  grad_from_output f32 is one f32 FMA: correctly
 *   rounded.
 * NaN -> the same NaN, quieted; +-inf -> 1, 0 (forward), 0 (grad). */
#ifndef GP_ACT_SIGMOID_H
#define GP_ACT_SIGMOID_H

#if defined(GP_ACT_FACTS)

static void gp_sigmoid_limits(const gp_act *act, double lim[4])
{
    lim[0] = 0.0, lim[1] = 1.0, lim[2] = 0.0, lim[3] = 0.0;
    (void)act;
}

static const gp_act_desc gp_sigmoid_desc = {
    .kind = GP_SIGMOID,
    .name = "sigmoid",
    .aliases = {"logistic"},
    .g = "1/(1+e^-z)",
    .dg = "g(1-g) = e^-|z|/(1+e^-|z|)^2",
    .dg_from_a = "a(1-a)",
    .ops = GP_OPS_ALL,
    /* forward, grad, grad_from_output, backward, backward_from_output */
    .ulp = {{1.0, 2.0, 0.5, 2.5, 1.0}, {1.0, 2.0, 0.5, 2.5, 1.0}},
    .arith = 1,
    .limits = gp_sigmoid_limits,
    .show_lo = -8.0,
    .show_hi = 8.0,
};

#elif defined(GP_ACT_KERNELS)

static inline vd gp_sigmoid_forward_vd(vd z, const gp_params *p)
{
    (void)p;
    /* No spurious flag (issue 19), in rare lanes found by one branch: |z|
     * above 800 (+-inf, NaN) is computed at 0 and given the +0 or 1 it
     * rounded to; |z| below 2^-60 is computed at 0, whose 1/2 it gave anyway
     * (r*r would underflow) */
    vd y = vd_abs(z);
    vdm far = vd_nle(y, vd_set1(800.0));
    vdm odd = vd_mask_or(far, vd_lt(y, vd_set1(0x1p-60)));
    int rare = vd_any(odd);
    if (rare)
        y = vd_select(odd, vd_set1(0.0), y);
    gp_exp_parts e = gp_exp_reduce(vd_neg(vd_min(y, vd_set1(800.0))));
    vd ml, mh = gp_exp_mantissa(&e, &ml);
    vd dl, dh = gp_one_plus(gp_exp_scale(e.k), mh, ml, &dl);
    vdm neg = vd_lt(z, vd_set1(0.0));
    vd nh = vd_select(neg, mh, vd_set1(1.0));
    vd nl = vd_select(neg, ml, vd_set1(0.0));
    vd k = vd_select(neg, e.k, vd_set1(0.0));
    vd s = vd_ldexp(vd_div_dd(nh, nl, dh, dl), k);
    if (rare)
        s = vd_select(far, vd_select(neg, vd_set1(0.0), vd_set1(1.0)), s);
    return vd_nan_keep(z, s);
}

static inline vd gp_sigmoid_backward_vd(vd z, vd da, const gp_params *p)
{
    (void)p;
    vd g = gp_bell_times(vd_abs(z), vd_set1(0.0), da);
    return vd_nan_keep(z, g);
}

static inline vd gp_sigmoid_grad_vd(vd z, const gp_params *p)
{
    (void)p;
    return vd_nan_keep(z, gp_bell(vd_abs(z), vd_set1(0.0)));
}

static inline vd gp_sigmoid_grad_from_output_vd(vd a, const gp_params *p)
{
    (void)p;
    return vd_fnma(a, a, a);
}

static inline vd gp_sigmoid_backward_from_output_vd(vd a, vd da, const gp_params *p)
{
    (void)p;
    return vd_times_c_minus_sq(da, a, a);
}

/* float32, in float arithmetic (exp_f32.h): E = e^-|z| as a pair, then
 *   forward  z >= 0: 1/(1+E),  z < 0: E/(1+E), each one division with the
 *            remainder correction; E/(1+E) scaled by its power of 2 last
 *   grad     E/(1+E)^2 (gp_bellf), backward da * that, rounded once */
static inline vf gp_sigmoid_forward_vf(vf z, const gp_params *p)
{
    (void)p;
    /* rare lanes as in f64: |z| above 105 (+-inf, NaN) computed at 0 and given
     * the +0 or 1 it rounded to, |z| below 2^-30 computed at 0 (its 1/2): no
     * spurious FE_UNDERFLOW (issue 19) */
    vf y = vf_abs(z);
    vfm far = vf_nle(y, vf_set1(105.0f));
    vfm odd = vf_mask_or(far, vf_lt(y, vf_set1(0x1p-30f)));
    int rare = vf_any(odd);
    if (rare)
        y = vf_select(odd, vf_set1(0.0f), y);
    gp_expf_t e = gp_expf_neg(vf_min(y, vf_set1(105.0f))); /* e^-105 < 2^-151 */
    vfm neg = vf_lt(z, vf_set1(0.0f));
    vf inv = vf_div(vf_set1(1.0f), e.dh);
    vf nh = vf_select(neg, e.mh, vf_set1(1.0f)), nl = vf_select(neg, e.ml, vf_set1(0.0f));
    vf q = gp_divf_pair(nh, nl, e.dh, e.dl, inv);
    q = vf_scalef(q, vf_select(neg, e.m, vf_set1(0.0f)));
    if (rare)
        q = vf_select(far, vf_select(neg, vf_set1(0.0f), vf_set1(1.0f)), q);
    return vf_nan_keep(z, q);
}
/* |z| <= 200: past it even FLT_MAX * sigmoid'(z) is below 2^-151 */
static inline vf gp_sigmoid_grad_vf(vf z, const gp_params *p)
{
    (void)p;
    vf g = gp_bellf_value(gp_bellf(vf_min(vf_abs(z), vf_set1(200.0f))), 0.0f);
    return vf_nan_keep(z, g);
}
static inline vf gp_sigmoid_backward_vf(vf z, vf da, const gp_params *p)
{
    (void)p;
    return gp_bellf_times(z, da, gp_bellf(vf_min(vf_abs(z), vf_set1(200.0f))), 0.0f);
}
static inline vf gp_sigmoid_grad_from_output_vf(vf a, const gp_params *p)
{
    (void)p;
    return vf_fnma(a, a, a);
}

/* float: da*(a - a*a) in double (a - a*a by one FMA, relative error 2^-53),
 * rounded once; the NaN choice is made once on the floats */
static inline vd gp_sigmoid_bfo_lite_vd(vd a, vd da, const gp_params *p)
{
    (void)p;
    return vd_mul(da, vd_fnma(a, a, a));
}
static inline vf gp_sigmoid_backward_from_output_vf(vf a, vf da, const gp_params *p)
{
    return vf_nan_first(a, da, VF_VIA_VD2(gp_sigmoid_bfo_lite_vd, a, da, p));
}

/* forward, grad and backward are bound by arithmetic: four vectors loaded
 * before any is stored; the from-output forms are bound by memory */
static void gp_f32_sigmoid_forward(GP_KERNEL_ARGS_F32) { gp_map1_f32(p, n, x, da, out, gp_sigmoid_forward_vf, GP_LOADS_FIRST); }
static void gp_f32_sigmoid_grad(GP_KERNEL_ARGS_F32) { gp_map1_f32(p, n, x, da, out, gp_sigmoid_grad_vf, GP_LOADS_FIRST); }
static void gp_f32_sigmoid_grad_from_output(GP_KERNEL_ARGS_F32) { gp_map1_f32(p, n, x, da, out, gp_sigmoid_grad_from_output_vf, GP_STORE_AS_MADE); }
static void gp_f32_sigmoid_backward(GP_KERNEL_ARGS_F32) { gp_map2_f32(p, n, x, da, out, gp_sigmoid_backward_vf, GP_LOADS_FIRST); }
static void gp_f32_sigmoid_backward_from_output(GP_KERNEL_ARGS_F32) { gp_map2_f32(p, n, x, da, out, gp_sigmoid_backward_from_output_vf, GP_STORE_AS_MADE); }
static void gp_f64_sigmoid_forward(GP_KERNEL_ARGS_F64) { gp_map1_f64(p, n, x, da, out, gp_sigmoid_forward_vd, GP_LOADS_FIRST); }
static void gp_f64_sigmoid_grad(GP_KERNEL_ARGS_F64) { gp_map1_f64(p, n, x, da, out, gp_sigmoid_grad_vd, GP_LOADS_FIRST); }
static void gp_f64_sigmoid_grad_from_output(GP_KERNEL_ARGS_F64) { gp_map1_f64(p, n, x, da, out, gp_sigmoid_grad_from_output_vd, GP_STORE_AS_MADE); }
static void gp_f64_sigmoid_backward(GP_KERNEL_ARGS_F64) { gp_map2_f64(p, n, x, da, out, gp_sigmoid_backward_vd, GP_LOADS_FIRST); }
static void gp_f64_sigmoid_backward_from_output(GP_KERNEL_ARGS_F64) { gp_map2_f64(p, n, x, da, out, gp_sigmoid_backward_from_output_vd, GP_STORE_AS_MADE); }

static const gp_act_kernels gp_sigmoid_kernels = {
    {gp_f32_sigmoid_forward, gp_f32_sigmoid_grad, gp_f32_sigmoid_grad_from_output, gp_f32_sigmoid_backward, gp_f32_sigmoid_backward_from_output},
    {gp_f64_sigmoid_forward, gp_f64_sigmoid_grad, gp_f64_sigmoid_grad_from_output, gp_f64_sigmoid_backward, gp_f64_sigmoid_backward_from_output},
};


#elif defined(GP_ACT_REFERENCE)

/* MPFR at the precision of out (tests/ref/gp_ref.h), z exact:
 *   g = 1/(1+e^-z),  g' = E/(1+E)^2 with E = e^-|z| (no cancellation, tails
 *   exact down to MPFR's exponent range),  from a: a - a^2 (a^2 exact). */
static void gp_sigmoid_ref_g(mpfr_ptr out, const gp_act *act, double z)
{
    mpfr_t t;
    (void)act;
    mpfr_init2(t, mpfr_get_prec(out) + 16);
    mpfr_set_d(t, -z, MPFR_RNDN);
    mpfr_exp(t, t, MPFR_RNDN);
    mpfr_add_ui(t, t, 1, MPFR_RNDN);
    mpfr_ui_div(out, 1, t, MPFR_RNDN);
    mpfr_clear(t);
}
static void gp_sigmoid_ref_dg(mpfr_ptr out, const gp_act *act, double z)
{
    mpfr_t e, d;
    (void)act;
    mpfr_inits2(mpfr_get_prec(out) + 16, e, d, (mpfr_ptr)0);
    mpfr_set_d(e, -fabs(z), MPFR_RNDN);
    mpfr_exp(e, e, MPFR_RNDN);
    mpfr_add_ui(d, e, 1, MPFR_RNDN);
    mpfr_sqr(d, d, MPFR_RNDN);
    mpfr_div(out, e, d, MPFR_RNDN);
    mpfr_clears(e, d, (mpfr_ptr)0);
}
static void gp_sigmoid_ref_dg_from_a(mpfr_ptr out, const gp_act *act, double a)
{
    (void)act;
    gp_ref_mpfr_c_minus_sq(out, a, a);
}

/* Screens (tools/ulp), the same formulas with E = e^-|z| from libm: with
 * glibc's exp/expl within 1 ulp / 2 ulp, relative error below 2^-49 (double)
 * and 2^-60 (long double); from a: c - a^2 formed exactly, rounded once. */
static void gp_sigmoid_screen_d(const gp_act *act, float zf, double out[GP_REF_FN_COUNT])
{
    double z = zf, E = exp(-fabs(z)), d = 1.0 + E;
    (void)act;
    out[GP_REF_G] = z >= 0 ? 1.0 / d : E / d;
    out[GP_REF_DG] = E / (d * d);
    out[GP_REF_DG_FROM_A] = gp_ref_c_minus_sq_d(z, z);
}
static long double gp_sigmoid_screen_ld(const gp_act *act, int fn, double x)
{
    long double z = x, E = expl(-fabsl(z)), d = 1.0L + E;
    (void)act;
    if (fn == GP_REF_G)
        return z >= 0 ? 1.0L / d : E / d;
    if (fn == GP_REF_DG)
        return E / (d * d);
    return gp_ref_c_minus_sq_ld(x, x);
}

static const gp_act_ref gp_sigmoid_ref = {
    {gp_sigmoid_ref_g, gp_sigmoid_ref_dg, gp_sigmoid_ref_dg_from_a},
    gp_sigmoid_screen_d,
    gp_sigmoid_screen_ld,
};
#endif
#endif
