/* softsign: g(z) = z/(1 + |z|),  g'(z) = 1/(1 + |z|)^2 = (1 - |g|)^2.
 *
 * forward (f64), y = |z| clamped to [2^-60, 2^60]: 1 + y = dh + dl exactly
 *   (TwoSum), y/(dh + dl) by vd_div_dd (one division, one remainder
 *   correction; division is scale-invariant and nothing here nears the
 *   exponent limits): below 0.5 + 0.1 ulp.  y < 2^-60: z itself (g = z - z|z|
 *   /(1+|z|), off by less than z^2 < 2^-60 |z|: z is the correctly rounded
 *   value; this also keeps y*y from underflowing beside a normal result);
 *   y > 2^60 rounds to 1 as g does (1 - g < 2^-60).  Sign by copysign.
 * grad (f64): 1/d^2, d = 1 + y = dh + dl exactly, d^2 = ph + pl with ph =
 *   dh^2, pl = (dh^2 - ph) + 2 dh dl in one FMA (dl^2 < 2^-106 d^2 dropped),
 *   then vd_div_dd(1, 0, ph, pl): below 0.5 + 0.1 ulp.  y >= 2^256: d is
 *   formed scaled by 2^-256 (exact) and the quotient scaled back by 2^-512 by
 *   vd_ldexp, one rounding: no overflow of d^2, and a subnormal g' (y above
 *   ~2^511) is rounded once more from a 0.6-ulp double: below 1 ulp of the
 *   subnormal spacing.  y is clamped to 2^540, where g' < 2^-1080 rounds to 0.
 * backward: da * g' with g' rounded first: below 2 * 0.6 + 0.5 = 1.7 ulp;
 *   for y >= 2^256 (da / y) / y, where 1 + y = y to 2^-256: two roundings,
 *   below 1 ulp, and 0.5 ulp + 2^-52 of the subnormal spacing where da g'
 *   is subnormal, which g' alone may be long before (until 2^-1074 / |da|):
 *   the plain 2.5 ulp holds for every z and da.
 * grad_from_output (f64): (1 - |a|)^2 with 1 - |a| = th + tl exactly (Fast-
 *   TwoSum for |a| <= 1; tl = 0 for |a| in [1/2, 1], Sterbenz), th^2 = sh +
 *   (th^2 - sh) by FMA, plus 2 th tl (the FMA rounds once; tl^2 < 2^-106 th^2
 *   dropped), rounded once: below 0.5 + 2^-50 ulp (correctly rounded for
 *   |a| in [1/2, 1]).  No result is subnormal: 1 - |a| is 0 or >= 2^-53.
 * backward_from_output (f64): da * (sh + sl) as fma(da, sh, da * sl): below
 *   0.5 + 2^-50 ulp.  A vector with |a| > 1 or a non-finite da takes TwoSum,
 *   and where |a| > 2^500 forms 1 - |a| scaled by 2^-600 (exact) and scales
 *   the rounded result back by 2^1200 (exact, or an overflow the result has);
 *   a = +-inf or da = +-inf take the plain formula (IEEE: (1 - |a|)^2 = inf
 *   at a = +-inf, da = inf where g' = 0 gives NaN).  grad_from_output the same
 *   without da.
 * f32: every operation in double from the float inputs, rounded once to
 *   float: 1 + |z| and 1 - |a| are exact in double for |z|, |a| in [2^-29,
 *   2^52] and rounded once (relative 2^-53, no cancellation) outside; at
 *   most four more roundings: relative error <= 2^-51, i.e. below 0.5 + 2^-27
 *   ulp of the float (subnormal float results: below 0.5 + a vanishing part).
 * NaN -> the same NaN, quieted (backward: z's or a's NaN before da's);
 * g(+-inf) = +-1, g'(+-inf) = 0; g(-0) = -0.  |z| near DBL_MAX never makes
 * inf/inf: |z| is clamped before 1 + |z| is formed. */
#ifndef GP_ACT_SOFTSIGN_H
#define GP_ACT_SOFTSIGN_H

#if defined(GP_ACT_FACTS)

static void gp_softsign_limits(const gp_act *act, double lim[4])
{
    lim[0] = -1.0, lim[1] = 1.0, lim[2] = 0.0, lim[3] = 0.0;
    (void)act;
}

static const gp_act_desc gp_softsign_desc = {
    .kind = GP_SOFTSIGN,
    .name = "softsign",
    .g = "z / (1 + abs(z))",
    .dg = "1 / (1 + abs(z))^2",
    .dg_from_a = "(1 - abs(a))^2",
    .ops = GP_OPS_ALL,
    /* forward, grad, grad_from_output, backward, backward_from_output */
    .ulp = {{1.0, 2.0, 1.0, 2.5, 1.5}, {1.0, 2.0, 1.0, 2.5, 1.5}},
    .arith = 1,
    .limits = gp_softsign_limits,
    .show_lo = -6.0,
    .show_hi = 6.0,
};

#elif defined(GP_ACT_KERNELS)

static inline vd gp_softsign_forward_vd(vd z, const gp_params *p)
{
    (void)p;
    vd y = vd_abs(z);
    vd yc = vd_min(vd_max(y, vd_set1(0x1p-60)), vd_set1(0x1p60));
    vd dl, dh = vd_two_sum(vd_set1(1.0), yc, &dl);
    vd q = vd_div_dd(yc, vd_set1(0.0), dh, dl);
    q = vd_select(vd_lt(y, vd_set1(0x1p-60)), y, q);
    return vd_nan_keep(z, vd_copysign(q, z));
}

/* 1/(1 + |z|)^2 = q * 2^*k without the NaN choice (NaN z gives 0 here):
 * *k = -512 where |z| >= 2^256 (d formed scaled by 2^-256), else 0 */
static inline vd gp_softsign_slope_vd(vd z, vd *k)
{
    vd y = vd_min(vd_abs(z), vd_set1(0x1p540));
    /* rare lanes (issue 19): |z| above 2^540 (+-inf, NaN) are computed at 1
     * and given q = 0, what g' rounds to there (the exact 0 of +-inf calls
     * for no FE_UNDERFLOW) */
    vdm far = vd_nle(vd_abs(z), vd_set1(0x1p540));
    int rare = vd_any(far);
    if (rare)
        y = vd_select(far, vd_set1(1.0), y);
    vdm big = vd_le(vd_set1(0x1p256), y);
    vd one = vd_select(big, vd_set1(0x1p-256), vd_set1(1.0));
    /* y times 1 where not big: y * 2^-256 would underflow for a tiny y */
    vd ys = vd_mul(y, one);
    vd dl, dh = vd_two_sum(one, ys, &dl);
    vd ph = vd_mul(dh, dh);
    vd pl = vd_fma(vd_add(dh, dh), dl, vd_fms(dh, dh, ph));
    *k = vd_select(big, vd_set1(-512.0), vd_set1(0.0));
    vd q = vd_div_dd(vd_set1(1.0), vd_set1(0.0), ph, pl);
    return rare ? vd_select(far, vd_set1(0.0), q) : q;
}
static inline vd gp_softsign_grad_vd(vd z, const gp_params *p)
{
    (void)p;
    vd k, q = gp_softsign_slope_vd(z, &k);
    return vd_nan_keep(z, vd_ldexp(q, k));
}
/* da * q, scaled by 2^k after the product.  |z| >= 2^256 (+-inf included),
 * where g' may be subnormal or 0 while da g' is not: (da / |z|) / |z| (1 +
 * |z| is |z| to 2^-256 there), two roundings, below 1 ulp in the normal
 * range and 0.5 + 2^-52 of the subnormal spacing below it; at +-inf the
 * IEEE 0 (NaN for an infinite da) */
static inline vd gp_softsign_backward_vd(vd z, vd da, const gp_params *p)
{
    (void)p;
    vd k, q = gp_softsign_slope_vd(z, &k);
    vd r = vd_ldexp(vd_mul(da, q), k);
    vdm big = vd_le(vd_set1(0x1p256), vd_abs(z));
    if (vd_any(big)) {
        vd yb = vd_select(big, vd_abs(z), vd_set1(1.0));
        r = vd_select(big, vd_div(vd_div(vd_select(big, da, vd_set1(0.0)), yb), yb), r);
    }
    return vd_nan_first(z, da, r);
}

/* (1 - |a|)^2 = (sh + *sl) 2^*k.  Where every y = |a| <= 1 (`fast`): 1 - y =
 * th + tl by FastTwoSum, k = 0.  Otherwise TwoSum, with y > 2^500 scaled:
 * (2^-600 - y 2^-600)^2 2^1200 (y capped at DBL_MAX: an infinite or NaN lane
 * takes the caller's plain formula) */
static inline vd gp_softsign_sq_dd(vd y, int fast, vd *sl, vd *k)
{
    vd tl, th;
    if (fast) {
        th = vd_sub(vd_set1(1.0), y);
        tl = vd_sub(vd_sub(vd_set1(1.0), th), y);
        *k = vd_set1(0.0);
    } else {
        /* an infinite or NaN y taken as 0 here (the caller's plain formula
         * replaces it): the cap DBL_MAX would overflow in the scaling (issue 19) */
        y = vd_select(vd_nle(y, vd_set1(0x1.fffffffffffffp1023)), vd_set1(0.0), y);
        vdm big = vd_lt(vd_set1(0x1p500), y);
        vd sc = vd_select(big, vd_set1(0x1p-600), vd_set1(1.0));
        th = vd_two_sum(sc, vd_neg(vd_mul(vd_min(y, vd_set1(0x1.fffffffffffffp1023)), sc)), &tl);
        *k = vd_select(big, vd_set1(1200.0), vd_set1(0.0));
    }
    vd sh = vd_mul(th, th);
    *sl = vd_fma(vd_add(th, th), tl, vd_fms(th, th, sh));
    return sh;
}
static inline vd gp_softsign_grad_from_output_vd(vd a, const gp_params *p)
{
    (void)p;
    vd y = vd_abs(a), sl, k;
    int fast = !vd_any(vd_nle(y, vd_set1(1.0)));
    vd sh = gp_softsign_sq_dd(y, fast, &sl, &k);
    vd r = vd_add(sh, sl);
    if (fast)
        return r;
    vd t = vd_sub(vd_set1(1.0), y);
    r = vd_select(vd_le(y, vd_set1(0x1.fffffffffffffp1023)), vd_ldexp(r, k), vd_mul(t, t));
    return vd_nan_keep(a, r);
}
static inline vd gp_softsign_backward_from_output_vd(vd a, vd da, const gp_params *p)
{
    (void)p;
    vd y = vd_abs(a), sl, k;
    /* 0 < |a| < 2^-60 stands in as 2^-61: the same bits ((1 - |a|)^2 is
     * 1 - 2|a| as a pair, da times it rounds to da, +0 for da = +-0),
     * without the FE_UNDERFLOW of da times its low part (issue 19) */
    y = vd_select(vd_lt(y, vd_set1(0x1p-60)), vd_select(vd_gt(y, vd_set1(0.0)), vd_set1(0x1p-61), y), y);
    vd chk = vd_fma(vd_abs(da), vd_set1(0.0), y); /* |a|, or NaN unless da is finite */
    int fast = !vd_any(vd_nle(chk, vd_set1(1.0)));
    vd sh = gp_softsign_sq_dd(y, fast, &sl, &k);
    vd exact = vd_fma(da, sh, vd_mul(da, sl));
    if (fast)
        return exact;
    vd t = vd_sub(vd_set1(1.0), y);
    vd r = vd_select(vd_le(chk, vd_set1(0x1.fffffffffffffp1023)), vd_ldexp(exact, k), vd_mul(da, vd_mul(t, t)));
    return vd_nan_first(a, da, r);
}

/* float32: the formulas in double, rounded once to float (see the top) */
static inline vd gp_softsign_forward_lite_vd(vd z, const gp_params *p)
{
    (void)p;
    vd y = vd_min(vd_abs(z), vd_set1(0x1p60));
    return vd_copysign(vd_div(y, vd_add(y, vd_set1(1.0))), z);
}
static inline vd gp_softsign_slope_lite_vd(vd z)
{
    vd d = vd_add(vd_abs(z), vd_set1(1.0));
    return vd_div(vd_set1(1.0), vd_mul(d, d));
}
static inline vd gp_softsign_grad_lite_vd(vd z, const gp_params *p)
{
    (void)p;
    return gp_softsign_slope_lite_vd(z);
}
static inline vd gp_softsign_backward_lite_vd(vd z, vd da, const gp_params *p)
{
    (void)p;
    return vd_mul(da, gp_softsign_slope_lite_vd(z));
}
static inline vd gp_softsign_gfo_lite_vd(vd a, const gp_params *p)
{
    (void)p;
    vd t = vd_sub(vd_set1(1.0), vd_abs(a));
    return vd_mul(t, t);
}
static inline vd gp_softsign_bfo_lite_vd(vd a, vd da, const gp_params *p)
{
    return vd_mul(da, gp_softsign_gfo_lite_vd(a, p));
}
static inline vf gp_softsign_forward_vf(vf z, const gp_params *p)
{
    return vf_nan_keep(z, VF_VIA_VD(gp_softsign_forward_lite_vd, z, p));
}
static inline vf gp_softsign_grad_vf(vf z, const gp_params *p)
{
    return vf_nan_keep(z, VF_VIA_VD(gp_softsign_grad_lite_vd, z, p));
}
static inline vf gp_softsign_backward_vf(vf z, vf da, const gp_params *p)
{
    return vf_nan_first(z, da, VF_VIA_VD2(gp_softsign_backward_lite_vd, z, da, p));
}
static inline vf gp_softsign_grad_from_output_vf(vf a, const gp_params *p)
{
    return vf_nan_keep(a, VF_VIA_VD(gp_softsign_gfo_lite_vd, a, p));
}
static inline vf gp_softsign_backward_from_output_vf(vf a, vf da, const gp_params *p)
{
    return vf_nan_first(a, da, VF_VIA_VD2(gp_softsign_bfo_lite_vd, a, da, p));
}

/* forward, grad and backward are bound by arithmetic (divisions); the
 * from-output forms by memory */
static void gp_f32_softsign_forward(GP_KERNEL_ARGS_F32) { gp_map1_f32(p, n, x, da, out, gp_softsign_forward_vf, GP_LOADS_FIRST); }
static void gp_f32_softsign_grad(GP_KERNEL_ARGS_F32) { gp_map1_f32(p, n, x, da, out, gp_softsign_grad_vf, GP_LOADS_FIRST); }
static void gp_f32_softsign_grad_from_output(GP_KERNEL_ARGS_F32) { gp_map1_f32(p, n, x, da, out, gp_softsign_grad_from_output_vf, GP_STORE_AS_MADE); }
static void gp_f32_softsign_backward(GP_KERNEL_ARGS_F32) { gp_map2_f32(p, n, x, da, out, gp_softsign_backward_vf, GP_LOADS_FIRST); }
static void gp_f32_softsign_backward_careful(GP_KERNEL_ARGS_F32) { gp_map2_f32(p, n, x, da, out, gp_softsign_backward_vf, GP_LOADS_FIRST | GP_CAREFUL); }
static void gp_f32_softsign_backward_from_output(GP_KERNEL_ARGS_F32) { gp_map2_f32(p, n, x, da, out, gp_softsign_backward_from_output_vf, GP_STORE_AS_MADE); }
static void gp_f32_softsign_backward_from_output_careful(GP_KERNEL_ARGS_F32) { gp_map2_f32(p, n, x, da, out, gp_softsign_backward_from_output_vf, GP_STORE_AS_MADE | GP_CAREFUL); }
static void gp_f64_softsign_forward(GP_KERNEL_ARGS_F64) { gp_map1_f64(p, n, x, da, out, gp_softsign_forward_vd, GP_LOADS_FIRST); }
static void gp_f64_softsign_grad(GP_KERNEL_ARGS_F64) { gp_map1_f64(p, n, x, da, out, gp_softsign_grad_vd, GP_LOADS_FIRST); }
static void gp_f64_softsign_grad_from_output(GP_KERNEL_ARGS_F64) { gp_map1_f64(p, n, x, da, out, gp_softsign_grad_from_output_vd, GP_STORE_AS_MADE); }
static void gp_f64_softsign_backward(GP_KERNEL_ARGS_F64) { gp_map2_f64(p, n, x, da, out, gp_softsign_backward_vd, GP_LOADS_FIRST); }
static void gp_f64_softsign_backward_careful(GP_KERNEL_ARGS_F64) { gp_map2_f64(p, n, x, da, out, gp_softsign_backward_vd, GP_LOADS_FIRST | GP_CAREFUL); }
static void gp_f64_softsign_backward_from_output(GP_KERNEL_ARGS_F64) { gp_map2_f64(p, n, x, da, out, gp_softsign_backward_from_output_vd, GP_STORE_AS_MADE); }
static void gp_f64_softsign_backward_from_output_careful(GP_KERNEL_ARGS_F64) { gp_map2_f64(p, n, x, da, out, gp_softsign_backward_from_output_vd, GP_STORE_AS_MADE | GP_CAREFUL); }

static const gp_act_kernels gp_softsign_kernels = {
    .f32 = {gp_f32_softsign_forward, gp_f32_softsign_grad, gp_f32_softsign_grad_from_output, gp_f32_softsign_backward,
            gp_f32_softsign_backward_from_output},
    .f64 = {gp_f64_softsign_forward, gp_f64_softsign_grad, gp_f64_softsign_grad_from_output, gp_f64_softsign_backward,
            gp_f64_softsign_backward_from_output},
    .careful_f32 = {[GP_OP_BACKWARD] = gp_f32_softsign_backward_careful, [GP_OP_BACKWARD_FROM_OUTPUT] = gp_f32_softsign_backward_from_output_careful},
    .careful_f64 = {[GP_OP_BACKWARD] = gp_f64_softsign_backward_careful, [GP_OP_BACKWARD_FROM_OUTPUT] = gp_f64_softsign_backward_from_output_careful},
};


#elif defined(GP_ACT_REFERENCE)

/* MPFR at the precision of out (tests/ref/gp_ref.h), x exact: 1 +- |x| is
 * exact at 2200 bits (at most 1076 bits), its square too (2152): one
 * rounding each of g = z/(1 + |z|), g' = 1/(1 + |z|)^2, from a (1 - |a|)^2.
 * g(+-inf) = +-1, g'(+-inf) = 0, (1 - |a|)^2 = inf at a = +-inf. */
/* t = 1 + |x| (sign > 0) or 1 - |x|, exact in t's >= 2200 bits */
static void gp_softsign_ref_d(mpfr_ptr t, double x, int sign)
{
    mpfr_set_d(t, fabs(x), MPFR_RNDN);
    if (sign > 0)
        mpfr_add_ui(t, t, 1, MPFR_RNDN);
    else
        mpfr_ui_sub(t, 1, t, MPFR_RNDN);
}
static void gp_softsign_ref_g(mpfr_ptr out, const gp_act *act, double z)
{
    (void)act;
    if (isinf(z)) {
        mpfr_set_d(out, z > 0 ? 1.0 : -1.0, MPFR_RNDN);
        return;
    }
    mpfr_t t;
    mpfr_init2(t, 2200);
    gp_softsign_ref_d(t, z, 1);
    mpfr_d_div(out, z, t, MPFR_RNDN);
    mpfr_clear(t);
}
static void gp_softsign_ref_dg(mpfr_ptr out, const gp_act *act, double z)
{
    (void)act;
    if (isinf(z)) {
        mpfr_set_zero(out, 1);
        return;
    }
    mpfr_t t;
    mpfr_init2(t, 4400);
    gp_softsign_ref_d(t, z, 1);
    mpfr_sqr(t, t, MPFR_RNDN);
    mpfr_ui_div(out, 1, t, MPFR_RNDN);
    mpfr_clear(t);
}
static void gp_softsign_ref_dg_from_a(mpfr_ptr out, const gp_act *act, double a)
{
    (void)act;
    if (isinf(a)) {
        mpfr_set_inf(out, 1);
        return;
    }
    mpfr_t t;
    mpfr_init2(t, 4400);
    gp_softsign_ref_d(t, a, -1);
    mpfr_sqr(out, t, MPFR_RNDN);
    mpfr_clear(t);
}

/* Screens: the same formulas in double / long double.  1 + |x| rounds once
 * (relative 2^-53 / 2^-64), 1 - |a| is exact near |a| = 1 (Sterbenz) and
 * rounds once with no cancellation elsewhere; a product or a square and a
 * quotient add at most three roundings: relative error <= 4 * 2^-53 <= 2^-49
 * (double), 4 * 2^-64 <= 2^-60 (long double); the exponent ranges hold
 * (1 + |x|)^2 for every x. */
static void gp_softsign_screen_d(const gp_act *act, float zf, double out[GP_REF_FN_COUNT])
{
    double z = zf, d = 1.0 + fabs(z), t = 1.0 - fabs(z);
    (void)act;
    out[GP_REF_G] = isinf(z) ? copysign(1.0, z) : z / d;
    out[GP_REF_DG] = 1.0 / (d * d);
    out[GP_REF_DG_FROM_A] = t * t;
}
static long double gp_softsign_screen_ld(const gp_act *act, int fn, double x)
{
    long double z = x, d = 1.0L + fabsl(z), t = 1.0L - fabsl(z);
    (void)act;
    if (fn == GP_REF_G)
        return isinf(x) ? copysignl(1.0L, z) : z / d;
    if (fn == GP_REF_DG)
        return 1.0L / (d * d);
    return t * t;
}

static const gp_act_ref gp_softsign_ref = {
    {gp_softsign_ref_g, gp_softsign_ref_dg, gp_softsign_ref_dg_from_a},
    gp_softsign_screen_d,
    gp_softsign_screen_ld,
};
#endif
#endif
