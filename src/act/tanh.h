/* tanh: g(z) = tanh z,  g'(z) = 1 - tanh^2 z = 4E/(1+E)^2 with E = e^-2|z|.
 *
 * forward (f64), y = |z|, E = e^-2y = 2^k (mh + ml):
 *   y >= 0.35:  (1 - E)/(1 + E), both as double-doubles (no cancellation: E <= 1/2).
 *   y <  0.35:  -(E-1)/(2 + (E-1)) with E-1 = (2^k th - 1) + 2^k th r + ... formed
 *               exactly enough: 2^k th lies in [1/2, 1] so 2^k th - 1 is exact
 *               (Sterbenz), th*r is split by FMA (TwoProduct), so E-1 keeps a
 *               relative error below 2^-58 down to y = 0.
 *   y <  2^-28: z itself (tanh z - z < 2^-57 z).   Sign restored by copysign.
 *   Error <= 0.5 + 0.07 ulp (vd_div_dd) + 2^-55.9 relative (0.13 ulp) -> below 0.7 ulp.
 * grad (f64): 4E/(1+E)^2 via gp_bell_scaled (no cancellation anywhere, tails
 *   exact: tanh'(30) = 3.5e-26, tanh'(300) = 2.8e-260), below 0.77 ulp; a
 *   subnormal result rounds twice: below 1 ulp of the spacing (measured 0.74).
 * backward: da * g' with g' rounded first: below 2.04 ulp.
 * grad_from_output: 1 - a*a with one FMA: correctly rounded.
 * backward_from_output: da*(1 - a*a) from an exact double-double 1 - a*a,
 *   rounded once: 0.5 ulp + 2^-50 (f32: in double, rounded once).
 * f32: float arithmetic over exp_f32.h's pair (16 lanes on AVX-512), below
 *   0.63 ulp (0.77 for a subnormal slope); the sweep measures 0.56 / 0.77.
 * NaN -> the same NaN, quieted; tanh(+-inf) = +-1, tanh'(+-inf) = 0. */
#ifndef GP_ACT_TANH_H
#define GP_ACT_TANH_H

#if defined(GP_ACT_FACTS)

static void gp_tanh_limits(const gp_act *act, double lim[4])
{
    lim[0] = -1.0, lim[1] = 1.0, lim[2] = 0.0, lim[3] = 0.0;
    (void)act;
}

static const gp_act_desc gp_tanh_desc = {
    .kind = GP_TANH,
    .name = "tanh",
    .g = "tanh z",
    .dg = "1-g^2 = 4e^-2|z|/(1+e^-2|z|)^2",
    .dg_from_a = "1-a^2",
    .ops = GP_OPS_ALL,
    /* forward, grad, grad_from_output, backward, backward_from_output */
    .ulp = {{1.0, 2.0, 0.5, 2.5, 1.0}, {1.0, 2.0, 0.5, 2.5, 1.0}},
    .arith = 1,
    .limits = gp_tanh_limits,
    .show_lo = -4.0,
    .show_hi = 4.0,
};

#elif defined(GP_ACT_KERNELS)

static inline vd gp_tanh_forward_vd(vd z, const gp_params *p)
{
    (void)p;
    /* tanh(40) rounds to 1; below 2^-28 the result is z (the select at the
     * end), so y is clamped to 2^-28 there: r*r would underflow (issue 19) */
    vd y = vd_max(vd_min(vd_abs(z), vd_set1(40.0)), vd_set1(0x1p-28));
    gp_exp_parts e = gp_exp_reduce(vd_mul(y, vd_set1(-2.0)));
    vd s = gp_exp_scale(e.k);
    vd a = vd_mul(s, e.th);                      /* E = a (1 + r + q) + s tl */
    vd sl_tl = vd_mul(s, e.tl);
    /* y >= 0.35: N = 1 - E, D = 1 + E */
    vd ml, mh = gp_exp_mantissa(&e, &ml);
    vd eh = vd_mul(s, mh), el = vd_mul(s, ml), t;
    vd nh_big = vd_fast_two_sum(vd_set1(1.0), vd_neg(eh), &t);
    vd nl_big = vd_sub(t, el);
    vd dh_big = vd_fast_two_sum(vd_set1(1.0), eh, &t);
    vd dl_big = vd_add(t, el);
    /* y < 0.35: m = E - 1 = (a - 1) + a*rh + [a*(rl + q) + s tl (1 + rh)] */
    vd ph = vd_mul(a, e.rh);
    vd pl = vd_fms(a, e.rh, ph);
    vd sl, sh = vd_two_sum(vd_sub(a, vd_set1(1.0)), ph, &sl);
    vd lo = vd_add(vd_add(sl, pl), vd_fma(a, vd_add(e.rl, e.q), vd_fma(sl_tl, e.rh, sl_tl)));
    vd dh_small = vd_fast_two_sum(vd_set1(2.0), sh, &t);
    vd dl_small = vd_add(t, lo);
    vdm small = vd_lt(y, vd_set1(0.35));
    vd nh = vd_select(small, vd_neg(sh), nh_big);
    vd nl = vd_select(small, vd_neg(lo), nl_big);
    vd dh = vd_select(small, dh_small, dh_big);
    vd dl = vd_select(small, dl_small, dl_big);
    dh = vd_norm(dh, dl, &dl);
    vd r = vd_div_dd(nh, nl, dh, dl);
    r = vd_select(vd_lt(vd_abs(z), vd_set1(0x1p-28)), vd_abs(z), r);
    r = vd_copysign(r, z);
    return vd_nan_keep(z, r);
}

static inline vd gp_tanh_backward_vd(vd z, vd da, const gp_params *p)
{
    (void)p;
    /* |z| clamped to 1000 before 2|z| (no FE_OVERFLOW past DBL_MAX/2): the bell
     * gives 0 above 1500 either way */
    vd g = gp_bell_times(vd_mul(vd_min(vd_abs(z), vd_set1(1000.0)), vd_set1(2.0)), vd_set1(2.0), da);
    return vd_nan_keep(z, g);
}

static inline vd gp_tanh_grad_vd(vd z, const gp_params *p)
{
    (void)p;
    /* clamped as in backward: no FE_OVERFLOW from 2|z| */
    return vd_nan_keep(z, gp_bell(vd_mul(vd_min(vd_abs(z), vd_set1(1000.0)), vd_set1(2.0)), vd_set1(2.0)));
}

static inline vd gp_tanh_grad_from_output_vd(vd a, const gp_params *p)
{
    (void)p;
    return vd_fnma(a, a, vd_set1(1.0));
}

static inline vd gp_tanh_backward_from_output_vd(vd a, vd da, const gp_params *p)
{
    (void)p;
    /* |a| < 2^-30 stands in as 2^-40, or as 0 where a*a rounds to 0 (|a| <
     * 2^-537.5): the same bits (da * (1 - a^2) rounds to da, and da = -0
     * gives -0 exactly where a^2's pair is +0), without the FE_UNDERFLOW of
     * a*a and of da times its low part (issue 19) */
    vd y = vd_abs(a);
    vd sub = vd_select(vd_gt(y, vd_set1(0x1.6a09e667f3bccp-538)), vd_set1(0x1p-40), vd_set1(0.0));
    a = vd_select(vd_lt(y, vd_set1(0x1p-30)), sub, a);
    return vd_times_c_minus_sq(da, vd_set1(1.0), a);
}

/* float32, in float arithmetic (exp_f32.h), y = |z|, sign restored last:
 *   y >= 0.35: (1 - E)/(1 + E), E = e^-2y: with 1 + E = dh + dl, 1 - E is
 *              (2 - dh) - dl, 2 - dh exact; one division with the remainder
 *              correction.  E's 2^-28 weighs at most 2E/(1-E^2) < 2: 0.63 ulp.
 *   y <  0.35: y + y^3 P(y^2), P the Taylor series to y^10 (truncation below
 *              2^-30 relative), rounded once in the last FMA: 0.51 ulp.
 *   grad 4E/(1+E)^2 (gp_bellf at 2y), backward da * that, rounded once. */
static inline vf gp_tanh_forward_vf(vf z, const gp_params *p)
{
    (void)p;
    vf y = vf_abs(z);
    /* tanh(10) rounds to 1; below 2^-12 the result is z (y^3/3 < ulp(y)/2:
     * the select below), so y is clamped to 2^-12 there: y*y would underflow
     * (issue 19) */
    vf yc = vf_max(vf_min(y, vf_set1(10.0f)), vf_set1(0x1p-12f));
    gp_expf_t e = gp_expf_neg(vf_add(yc, yc));
    vf inv = vf_div(vf_set1(1.0f), e.dh);
    vf big = gp_divf_pair(vf_sub(vf_set1(2.0f), e.dh), vf_sub(vf_set1(0.0f), e.dl), e.dh, e.dl, inv);
    vf x = vf_mul(yc, yc);
    vf c = vf_fma(x, vf_set1(0x1.d6d3dp-9f), vf_set1(-0x1.226e36p-7f)); /* 21844/6081075, -1382/155925 */
    c = vf_fma(c, x, vf_set1(0x1.664f48p-6f));                          /* 62/2835 */
    c = vf_fma(c, x, vf_set1(-0x1.ba1ba2p-5f));                         /* -17/315 */
    c = vf_fma(c, x, vf_set1(0x1.111112p-3f));                          /* 2/15 */
    c = vf_fma(c, x, vf_set1(-0x1.555556p-2f));                         /* -1/3 */
    vf small = vf_fma(vf_mul(yc, x), c, yc);
    small = vf_select(vf_lt(y, vf_set1(0x1p-12f)), y, small);
    vf t = vf_copysign(vf_select(vf_lt(y, vf_set1(0.35f)), small, big), z);
    return vf_nan_keep(z, t);
}
/* |z| <= 100: past it even FLT_MAX * tanh'(z) is below 2^-151 */
static inline vf gp_tanh_grad_vf(vf z, const gp_params *p)
{
    (void)p;
    vf y = vf_min(vf_abs(z), vf_set1(100.0f));
    vf g = gp_bellf_value(gp_bellf(vf_add(y, y)), 2.0f);
    return vf_nan_keep(z, g);
}
static inline vf gp_tanh_backward_vf(vf z, vf da, const gp_params *p)
{
    (void)p;
    vf y = vf_min(vf_abs(z), vf_set1(100.0f));
    return gp_bellf_times(z, da, gp_bellf(vf_add(y, y)), 2.0f);
}
static inline vf gp_tanh_grad_from_output_vf(vf a, const gp_params *p)
{
    (void)p;
    return vf_fnma(a, a, vf_set1(1.0f));
}

/* float: da*(1 - a*a) in double (one FMA, relative error 2^-53), rounded
 * once; the NaN choice is made once on the floats */
static inline vd gp_tanh_bfo_lite_vd(vd a, vd da, const gp_params *p)
{
    (void)p;
    return vd_mul(da, vd_fnma(a, a, vd_set1(1.0)));
}
static inline vf gp_tanh_backward_from_output_vf(vf a, vf da, const gp_params *p)
{
    return vf_nan_first(a, da, VF_VIA_VD2(gp_tanh_bfo_lite_vd, a, da, p));
}

/* The fast tier (GP_ACCURACY_FAST), float32, over fexp_f32.h, y = |z|:
 *   forward  e^-2y = 2^kn (1 - w): N = 1 - E = (1 - 2^kn) + 2^kn w by one FMA
 *            (1 - 2^kn exact; for y < 0.35, kn = 0 and N = w, the expm1 form:
 *            no cancellation down to z = 0, so no separate odd polynomial),
 *            D = 1 + E = 2 - N, tanh = N/D, one division; sign restored last.
 *            N's relative error (below 1.5 * 2^-24 + 2^-26.5) enters with
 *            weight 2/(2 - N) <= 2 where it is largest only near N = 1 (then
 *            it is 2^-25), D rounds once, the quotient once: about 3 ulp at
 *            worst.  y is clamped at 10 (tanh(10) rounds to 1) before it
 *            is doubled, so no huge z overflows in 2y.
 *   grad     the bell 4 e^-2y / (1 + e^-2y)^2 (fexp_f32.h, sh = 2), y clamped
 *            at 53 (tanh'(53) < 2^-150), and at z = +-inf or NaN (1 + E)^2
 *            made inf: 0 exactly, no underflow (flags: only the result's
 *            own, issue 19); backward da times it (gp_fbellf_times)
 * Measured (gprime-ulp --tier fast --act tanh --prec 32 --stride 31: every
 * 31st f32 pattern and the tails |z| in [7, 10] and [42, 53] exhaustively,
 * the same bits on generic, avx2 and avx512): forward 2.56 ulp (at z =
 * -0.12356), grad 2.33 (z = -2.7706), backward 3.29 (z = 7.2478); every
 * pattern of |z| in [2^-4, 2) (--f32-range, avx512): 2.56, 2.36, 3.13.
 * NaN -> the same NaN, quieted; tanh(+-inf) = +-1, tanh'(+-inf) = 0,
 * tanh(-0) = -0.  About 21 layer operations for forward, against 36. */
GP_INLINE vf gp_tanh_forward_fast_vf(vf z, const gp_params *p)
{
    (void)p;
    vf y = vf_min(vf_abs(z), vf_set1(10.0f)); /* 2 min(y, 10) = min(2y, 20), and 2y cannot overflow */
    gp_fexpf_t e = gp_fexpf_neg(vf_add(y, y));
    vf sc = vf_scalef(vf_set1(1.0f), e.kn);
    vf n = vf_fma(sc, vf_mul(e.s, e.qm), vf_sub(vf_set1(1.0f), sc));
    vf t = vf_div(n, vf_sub(vf_set1(2.0f), n));
    return vf_nan_or(z, vf_copysign(t, z));
}
GP_INLINE vf gp_tanh_grad_fast_vf(vf z, const gp_params *p)
{
    (void)p;
    vf y = vf_abs(z);
    /* 1 + |z| 2^-126 in one FMA: 1 exactly for |z| <= 2^102; inf at z = +-inf
     * (D = inf, q = 0 exactly, not 2^-151 rounded to 0), NaN at NaN (no flag,
     * put back); between, it only lowers a q whose result is 0 anyway */
    vf one = vf_fma(y, vf_set1(0x1p-126f), vf_set1(1.0f));
    y = vf_min(y, vf_set1(53.0f));
    gp_fbellf_t b = gp_fbellf(vf_add(y, y), 2.0f, one);
    return vf_nan_or(z, vf_scalef(b.q, b.k));
}
GP_INLINE vf gp_tanh_backward_fast_vf(vf z, vf da, const gp_params *p)
{
    (void)p;
    vf y = vf_min(vf_abs(z), vf_set1(100.0f)); /* not 53: da up to FLT_MAX */
    return gp_fbellf_times(z, da, gp_fbellf(vf_add(y, y), 2.0f, vf_set1(1.0f)));
}

/* forward, grad and backward are bound by arithmetic: four vectors loaded
 * before any is stored; the from-output forms are bound by memory */
static void gp_f32_tanh_forward_fast(GP_KERNEL_ARGS_F32) { gp_map1_f32(p, n, x, da, out, gp_tanh_forward_fast_vf, GP_LOADS_FIRST); }
static void gp_f32_tanh_grad_fast(GP_KERNEL_ARGS_F32) { gp_map1_f32(p, n, x, da, out, gp_tanh_grad_fast_vf, GP_LOADS_FIRST); }
static void gp_f32_tanh_backward_fast(GP_KERNEL_ARGS_F32) { gp_map2_f32(p, n, x, da, out, gp_tanh_backward_fast_vf, GP_LOADS_FIRST); }
static void gp_f32_tanh_backward_fast_careful(GP_KERNEL_ARGS_F32) { gp_map2_f32(p, n, x, da, out, gp_tanh_backward_fast_vf, GP_LOADS_FIRST | GP_CAREFUL); }
static void gp_f32_tanh_forward(GP_KERNEL_ARGS_F32) { gp_map1_f32(p, n, x, da, out, gp_tanh_forward_vf, GP_LOADS_FIRST); }
static void gp_f32_tanh_grad(GP_KERNEL_ARGS_F32) { gp_map1_f32(p, n, x, da, out, gp_tanh_grad_vf, GP_LOADS_FIRST); }
static void gp_f32_tanh_grad_from_output(GP_KERNEL_ARGS_F32) { gp_map1_f32(p, n, x, da, out, gp_tanh_grad_from_output_vf, GP_STORE_AS_MADE); }
static void gp_f32_tanh_backward(GP_KERNEL_ARGS_F32) { gp_map2_f32(p, n, x, da, out, gp_tanh_backward_vf, GP_LOADS_FIRST); }
static void gp_f32_tanh_backward_careful(GP_KERNEL_ARGS_F32) { gp_map2_f32(p, n, x, da, out, gp_tanh_backward_vf, GP_LOADS_FIRST | GP_CAREFUL); }
static void gp_f32_tanh_backward_from_output(GP_KERNEL_ARGS_F32) { gp_map2_f32(p, n, x, da, out, gp_tanh_backward_from_output_vf, GP_STORE_AS_MADE); }
static void gp_f32_tanh_backward_from_output_careful(GP_KERNEL_ARGS_F32) { gp_map2_f32(p, n, x, da, out, gp_tanh_backward_from_output_vf, GP_STORE_AS_MADE | GP_CAREFUL); }
static void gp_f64_tanh_forward(GP_KERNEL_ARGS_F64) { gp_map1_f64(p, n, x, da, out, gp_tanh_forward_vd, GP_LOADS_FIRST); }
static void gp_f64_tanh_grad(GP_KERNEL_ARGS_F64) { gp_map1_f64(p, n, x, da, out, gp_tanh_grad_vd, GP_LOADS_FIRST); }
static void gp_f64_tanh_grad_from_output(GP_KERNEL_ARGS_F64) { gp_map1_f64(p, n, x, da, out, gp_tanh_grad_from_output_vd, GP_STORE_AS_MADE); }
static void gp_f64_tanh_backward(GP_KERNEL_ARGS_F64) { gp_map2_f64(p, n, x, da, out, gp_tanh_backward_vd, GP_LOADS_FIRST); }
static void gp_f64_tanh_backward_careful(GP_KERNEL_ARGS_F64) { gp_map2_f64(p, n, x, da, out, gp_tanh_backward_vd, GP_LOADS_FIRST | GP_CAREFUL); }
static void gp_f64_tanh_backward_from_output(GP_KERNEL_ARGS_F64) { gp_map2_f64(p, n, x, da, out, gp_tanh_backward_from_output_vd, GP_STORE_AS_MADE); }
static void gp_f64_tanh_backward_from_output_careful(GP_KERNEL_ARGS_F64) { gp_map2_f64(p, n, x, da, out, gp_tanh_backward_from_output_vd, GP_STORE_AS_MADE | GP_CAREFUL); }

static const gp_act_kernels gp_tanh_kernels = {
    .f32 = {gp_f32_tanh_forward, gp_f32_tanh_grad, gp_f32_tanh_grad_from_output, gp_f32_tanh_backward, gp_f32_tanh_backward_from_output},
    .f64 = {gp_f64_tanh_forward, gp_f64_tanh_grad, gp_f64_tanh_grad_from_output, gp_f64_tanh_backward, gp_f64_tanh_backward_from_output},
    /* the fast tier: its own f32 kernels from z; the rest (NULL) are the default ones */
    .fast_f32 = {gp_f32_tanh_forward_fast, gp_f32_tanh_grad_fast, NULL, gp_f32_tanh_backward_fast, NULL},
    .careful_f32 = {[GP_OP_BACKWARD] = gp_f32_tanh_backward_careful, [GP_OP_BACKWARD_FROM_OUTPUT] = gp_f32_tanh_backward_from_output_careful},
    .careful_fast_f32 = {[GP_OP_BACKWARD] = gp_f32_tanh_backward_fast_careful},
    .careful_f64 = {[GP_OP_BACKWARD] = gp_f64_tanh_backward_careful, [GP_OP_BACKWARD_FROM_OUTPUT] = gp_f64_tanh_backward_from_output_careful},
};


#elif defined(GP_ACT_REFERENCE)

/* MPFR at the precision of out (tests/ref/gp_ref.h), z exact:
 *   g = tanh z,  g' = sech^2 z (no cancellation in the tails),
 *   from a: 1 - a^2 (a^2 exact). */
static void gp_tanh_ref_g(mpfr_ptr out, const gp_act *act, double z)
{
    (void)act;
    mpfr_set_d(out, z, MPFR_RNDN); /* out has >= 53 bits: exact */
    mpfr_tanh(out, out, MPFR_RNDN);
}
static void gp_tanh_ref_dg(mpfr_ptr out, const gp_act *act, double z)
{
    mpfr_t t;
    (void)act;
    mpfr_init2(t, mpfr_get_prec(out) + 16);
    mpfr_set_d(t, z, MPFR_RNDN);
    mpfr_sech(t, t, MPFR_RNDN);
    mpfr_sqr(out, t, MPFR_RNDN);
    mpfr_clear(t);
}
static void gp_tanh_ref_dg_from_a(mpfr_ptr out, const gp_act *act, double a)
{
    (void)act;
    gp_ref_mpfr_c_minus_sq(out, 1.0, a);
}

/* Screens (tools/ulp), y = |z|: tanh = -t/(2+t) with t = expm1(-2y) in
 * [-1, 0] (no cancellation), sign restored; g' = 4E/(1+E)^2 with E = e^-2y
 * (-2y exact).  With glibc's exp/expm1 (expl/expm1l) within 1 ulp (2 ulp),
 * relative error below 2^-49 (2^-60); from a: 1 - a^2 formed exactly. */
static void gp_tanh_screen_d(const gp_act *act, float zf, double out[GP_REF_FN_COUNT])
{
    double z = zf, y = fabs(z), t = expm1(-2.0 * y), E = exp(-2.0 * y), d = 1.0 + E;
    (void)act;
    out[GP_REF_G] = copysign(-t / (2.0 + t), z);
    out[GP_REF_DG] = 4.0 * E / (d * d);
    out[GP_REF_DG_FROM_A] = gp_ref_c_minus_sq_d(1.0, z);
}
static long double gp_tanh_screen_ld(const gp_act *act, int fn, double x)
{
    long double y = fabsl((long double)x), t, E, d;
    (void)act;
    if (fn == GP_REF_G) {
        t = expm1l(-2.0L * y);
        return copysignl(-t / (2.0L + t), (long double)x);
    }
    if (fn == GP_REF_DG) {
        E = expl(-2.0L * y);
        d = 1.0L + E;
        return 4.0L * E / (d * d);
    }
    return gp_ref_c_minus_sq_ld(1.0, x);
}

static const gp_act_ref gp_tanh_ref = {
    {gp_tanh_ref_g, gp_tanh_ref_dg, gp_tanh_ref_dg_from_a},
    gp_tanh_screen_d,
    gp_tanh_screen_ld,
};
#endif
#endif
