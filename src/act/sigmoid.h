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
 *   rounded once: 0.5 ulp + 2^-50 (f32: in double, rounded once).  At
 *   |a| < 2^-511 a*a underflows (FE_UNDERFLOW beside a normal result, and
 *   a midpoint da*a tied to even): src/api.c then runs the careful twin,
 *   da*a rounded with a^2 deciding midpoints: correctly rounded.
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

/* careful (the careful twin, src/loops.h GP_CAREFUL): 0 < |a| < 2^-511,
 * where a*a underflows: da (a - a^2) is da a rounded with the sign of -a^2
 * breaking a midpoint (vd_mul_pair_sticky), with no FE_UNDERFLOW beside a
 * normal result, and correctly rounded there (issue 19); the fast kernel
 * gives the same bits elsewhere */
static inline vd gp_sigmoid_bfo_vd(vd a, vd da, int careful)
{
    if (!careful)
        return vd_times_c_minus_sq(da, a, a);
    vd zero = vd_set1(0.0);
    vdm tiny = vd_lt(vd_select(vd_eq(a, zero), vd_set1(1.0), vd_abs(a)), vd_set1(0x1p-511));
    if (!vd_any(tiny))
        return vd_times_c_minus_sq(da, a, a);
    vdm st = vd_sticky_lanes(tiny, vd_mul(vd_select(tiny, da, zero), a));
    vd r = vd_mul_pair_sticky(vd_select(st, da, zero), vd_select(st, a, zero), vd_set1(-1.0));
    vd ao = vd_select(st, zero, a);
    return vd_nan_first(a, da, vd_select(st, r, vd_times_c_minus_sq(da, ao, ao)));
}
static inline vd gp_sigmoid_backward_from_output_vd(vd a, vd da, const gp_params *p)
{
    (void)p;
    return gp_sigmoid_bfo_vd(a, da, 0);
}
static inline vd gp_sigmoid_backward_from_output_careful_vd(vd a, vd da, const gp_params *p)
{
    (void)p;
    return gp_sigmoid_bfo_vd(a, da, 1);
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

/* The fast tier (GP_ACCURACY_FAST), float32, over fexp_f32.h: with
 * e^-|z| = 2^kn p (p = 1 - w rounded, relative error below 2^-24 + 2^-26.5)
 *   forward  z >= 0: 1/(1 + E),  z < 0: (p/(1 + E)) 2^kn,  1 + E by one FMA
 *            from p and 2^kn (E below 2^-126 is lost in 1 + E: its rounding,
 *            and a subnormal operand, do not matter); one division, then the exact
 *            scaling, or one rounding into the subnormal range (no flush:
 *            results down to 2^-149 at z = -103.28, 0 from z = -103.97 on)
 *   grad     the bell p/(1+E)^2 2^kn of fexp_f32.h; backward da times it,
 *            scaled in two steps (gp_fbellf_times)
 * Error: forward p's error enters with weight <= 1 (z < 0) or E/(1+E) <= 1/2
 * (z >= 0), 1 + E rounds once, the quotient once: below 3.3 ulp (z < 0),
 * 2.1 ulp (z >= 0), plus below 1 unit of the smallest subnormal in that range;
 * grad below 3.3 ulp, backward that scaled + 0.5 (fexp_f32.h).
 * Measured (gprime-ulp --tier fast --act sigmoid --prec 32 --stride 31: every
 * 31st f32 pattern and the tails |z| in [80, 105] and [14, 20] exhaustively,
 * the same bits on generic, avx2 and avx512): forward 2.40 ulp (at z =
 * -3.4437), grad 2.33 (z = 4.1486), backward 3.36 (z = -7.6208; the da-scaled
 * bound there is 5); every pattern of |z| in [2^-4, 2) (--f32-range,
 * avx512): 2.23, 2.11, 2.83.  |z| is clamped at
 * 104 (sigmoid(-104), sigmoid'(104) < 2^-150 round to 0); NaN -> the same
 * NaN, quieted; sigmoid(-inf) = 0, sigmoid(inf) = 1, sigmoid'(+-inf) = 0.
 * Flags (issue 19): only the result's own.  E in 1 + E is taken as
 * m 2^max(kn, -64) (below 2^-63.5 it is lost in 1 + E: the same bits, and
 * no underflow at the clamp, on a NaN lane or where z > 0); the limits at
 * z = -inf (forward) and z = +-inf (grad) come from 1 + E = inf, so the
 * quotient is 0 exactly instead of a scaling that rounds to 0 (grad: NaN
 * at a NaN z, quietly).
 * About 23 layer operations for forward (16 lanes on AVX-512), against 37
 * in the default tier. */
GP_INLINE vf gp_sigmoid_forward_fast_vf(vf z, const gp_params *p)
{
    (void)p;
    gp_fexpf_t e = gp_fexpf_neg(vf_min(vf_abs(z), vf_set1(104.0f)));
    vf m = vf_fnma(e.s, e.qm, vf_set1(1.0f));
    /* 1 + E: E = m 2^max(kn, -64), the same d (E <= 2^-63.5 is lost in 1 + E);
     * at z = -inf d = inf: q = 0 exactly, not 2^-150 rounded to 0 */
    vf one = vf_select(vf_eq(z, vf_set1(-INFINITY)), vf_set1(INFINITY), vf_set1(1.0f));
    vf d = vf_fma(m, vf_scalef(vf_set1(1.0f), vf_max_nn(e.kn, vf_set1(-64.0f))), one);
    vfm neg = vf_lt(z, vf_set1(0.0f));
    vf q = vf_div(vf_select(neg, m, vf_set1(1.0f)), d);
    q = vf_scalef(q, vf_select(neg, e.kn, vf_set1(0.0f)));
    return vf_nan_or(z, q);
}
GP_INLINE vf gp_sigmoid_grad_fast_vf(vf z, const gp_params *p)
{
    (void)p;
    vf y = vf_abs(z);
    /* 1 + |z| 2^-126 in one FMA: 1 exactly for |z| <= 2^102; inf at z = +-inf
     * (D = inf, q = 0 exactly, not 2^-150 rounded to 0), NaN at NaN (no flag,
     * put back); between, it only lowers a q whose result is 0 anyway */
    vf one = vf_fma(y, vf_set1(0x1p-126f), vf_set1(1.0f));
    gp_fbellf_t b = gp_fbellf(vf_min(y, vf_set1(104.0f)), 0.0f, one);
    return vf_nan_or(z, vf_scalef(b.q, b.k));
}
GP_INLINE vf gp_sigmoid_backward_fast_vf(vf z, vf da, const gp_params *p)
{
    (void)p;
    /* |z| <= 200 (not 104): da up to FLT_MAX keeps sigmoid'(z) da above 2^-151 that far */
    return gp_fbellf_times(z, da, gp_fbellf(vf_min(vf_abs(z), vf_set1(200.0f)), 0.0f, vf_set1(1.0f)));
}

/* forward, grad and backward are bound by arithmetic: four vectors loaded
 * before any is stored; the from-output forms are bound by memory */
static void gp_f32_sigmoid_forward_fast(GP_KERNEL_ARGS_F32) { gp_map1_f32(p, n, x, da, out, gp_sigmoid_forward_fast_vf, GP_LOADS_FIRST); }
static void gp_f32_sigmoid_grad_fast(GP_KERNEL_ARGS_F32) { gp_map1_f32(p, n, x, da, out, gp_sigmoid_grad_fast_vf, GP_LOADS_FIRST); }
static void gp_f32_sigmoid_backward_fast(GP_KERNEL_ARGS_F32) { gp_map2_f32(p, n, x, da, out, gp_sigmoid_backward_fast_vf, GP_LOADS_FIRST); }
static void gp_f32_sigmoid_backward_fast_careful(GP_KERNEL_ARGS_F32) { gp_map2_f32(p, n, x, da, out, gp_sigmoid_backward_fast_vf, GP_LOADS_FIRST | GP_CAREFUL); }
static void gp_f32_sigmoid_forward(GP_KERNEL_ARGS_F32) { gp_map1_f32(p, n, x, da, out, gp_sigmoid_forward_vf, GP_LOADS_FIRST); }
static void gp_f32_sigmoid_grad(GP_KERNEL_ARGS_F32) { gp_map1_f32(p, n, x, da, out, gp_sigmoid_grad_vf, GP_LOADS_FIRST); }
static void gp_f32_sigmoid_grad_from_output(GP_KERNEL_ARGS_F32) { gp_map1_f32(p, n, x, da, out, gp_sigmoid_grad_from_output_vf, GP_STORE_AS_MADE); }
static void gp_f32_sigmoid_backward(GP_KERNEL_ARGS_F32) { gp_map2_f32(p, n, x, da, out, gp_sigmoid_backward_vf, GP_LOADS_FIRST); }
static void gp_f32_sigmoid_backward_careful(GP_KERNEL_ARGS_F32) { gp_map2_f32(p, n, x, da, out, gp_sigmoid_backward_vf, GP_LOADS_FIRST | GP_CAREFUL); }
static void gp_f32_sigmoid_backward_from_output(GP_KERNEL_ARGS_F32) { gp_map2_f32(p, n, x, da, out, gp_sigmoid_backward_from_output_vf, GP_STORE_AS_MADE); }
static void gp_f32_sigmoid_backward_from_output_careful(GP_KERNEL_ARGS_F32) { gp_map2_f32(p, n, x, da, out, gp_sigmoid_backward_from_output_vf, GP_STORE_AS_MADE | GP_CAREFUL); }
static void gp_f64_sigmoid_forward(GP_KERNEL_ARGS_F64) { gp_map1_f64(p, n, x, da, out, gp_sigmoid_forward_vd, GP_LOADS_FIRST); }
static void gp_f64_sigmoid_grad(GP_KERNEL_ARGS_F64) { gp_map1_f64(p, n, x, da, out, gp_sigmoid_grad_vd, GP_LOADS_FIRST); }
static void gp_f64_sigmoid_grad_from_output(GP_KERNEL_ARGS_F64) { gp_map1_f64(p, n, x, da, out, gp_sigmoid_grad_from_output_vd, GP_STORE_AS_MADE); }
static void gp_f64_sigmoid_backward(GP_KERNEL_ARGS_F64) { gp_map2_f64(p, n, x, da, out, gp_sigmoid_backward_vd, GP_LOADS_FIRST); }
static void gp_f64_sigmoid_backward_careful(GP_KERNEL_ARGS_F64) { gp_map2_f64(p, n, x, da, out, gp_sigmoid_backward_vd, GP_LOADS_FIRST | GP_CAREFUL); }
static void gp_f64_sigmoid_backward_from_output(GP_KERNEL_ARGS_F64) { gp_map2_f64(p, n, x, da, out, gp_sigmoid_backward_from_output_vd, GP_STORE_AS_MADE); }
static void gp_f64_sigmoid_backward_from_output_careful(GP_KERNEL_ARGS_F64) { gp_map2_f64(p, n, x, da, out, gp_sigmoid_backward_from_output_careful_vd, GP_STORE_AS_MADE | GP_CAREFUL); }

static const gp_act_kernels gp_sigmoid_kernels = {
    .f32 = {gp_f32_sigmoid_forward, gp_f32_sigmoid_grad, gp_f32_sigmoid_grad_from_output, gp_f32_sigmoid_backward, gp_f32_sigmoid_backward_from_output},
    .f64 = {gp_f64_sigmoid_forward, gp_f64_sigmoid_grad, gp_f64_sigmoid_grad_from_output, gp_f64_sigmoid_backward, gp_f64_sigmoid_backward_from_output},
    /* the fast tier: its own f32 kernels from z; the rest (NULL) are the default ones */
    .fast_f32 = {gp_f32_sigmoid_forward_fast, gp_f32_sigmoid_grad_fast, NULL, gp_f32_sigmoid_backward_fast, NULL},
    .careful_f32 = {[GP_OP_BACKWARD] = gp_f32_sigmoid_backward_careful, [GP_OP_BACKWARD_FROM_OUTPUT] = gp_f32_sigmoid_backward_from_output_careful},
    .careful_fast_f32 = {[GP_OP_BACKWARD] = gp_f32_sigmoid_backward_fast_careful},
    .careful_f64 = {[GP_OP_BACKWARD] = gp_f64_sigmoid_backward_careful, [GP_OP_BACKWARD_FROM_OUTPUT] = gp_f64_sigmoid_backward_from_output_careful},
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
