/* silu (swish): g(z) = z sigmoid(z),  g'(z) = sigmoid(z) (1 + z sigmoid(-z)).
 *
 * silu is z sigmoid(v(z)) with v = w = z (w = z v'(z)); with E = e^-|v|:
 *   z >= 0:  g = z / (1+E)                     g' = (1 + E (1 + w)) / (1+E)^2
 *   z <  0:  g = z E / (1+E)                   g' = E h / (1+E)^2,  h = 1 + w + E
 * Every quantity on the right is positive except z and h, so the only
 * cancellation is in h, at the zero z* = -1.27846454276... of g' (stored as a
 * triple-double).
 *
 * Algorithm (f64, all lanes the same operations, no table but exp_dd.h's):
 * 1. E = e^-|z| = 2^k (mh + ml) (gp_zsig_exp2): relative error below 2^-62.
 * 2. Denominators 1 + E and (1+E)^2 as double-doubles (gp_one_plus,
 *    gp_square_dd): relative error below 2^-100 given E.
 * 3. Numerators as double-doubles (gp_zsig_core): z (1 + w), M (1 + w) with
 *    M = mh + ml, h from (1 + w) + E by TwoSum, then M h.  h is off by at most
 *    2^-62 E + 2^-100 |1+w| absolute, relative to h below 2^-58 outside
 *    |z - z*| < 2^-6 (there |h| > 2^-6.5).  Inside it h is the local expansion
 *    (t = z - z* exact to 2^-105 relative by Sterbenz and TwoSum with the
 *    triple-double z*):
 *      h = t (-z* + E* Q1(t)),   E* = e^z* = -(1 + z*),
 *      Q1(t) = (e^t - 1)/t - 1 = t/2 + ... + t^6/7! (truncation < 2^-59),
 *    the leading t (-z*) in double-double, the O(t) rest in double: relative
 *    error below 2^-56 at |t| = 2^-6, 2^-100 as t -> 0 (the double next to
 *    z* is 2^-53 away: a double-double z* would leave t there with a relative
 *    error of 2^-53, hence the third word).
 * 4. One division (vd_div_dd: 0.5 + 0.07 ulp), then * 2^k (z < 0) by
 *    vd_ldexp, the only rounding into the subnormal range.
 * Error bounds (f64): forward 0.5 + 0.07 + 0.02 < 0.6 ulp; grad < 0.65 ulp;
 * a subnormal result rounds twice, < 1 ulp of the subnormal spacing.
 * backward = da * (g' rounded): g''s 0.65 ulp can weigh 1.3 ulp of the
 * product, plus its own 0.5: below 1.8 ulp.  Where g' is tiny (k < -1000)
 * the product da 2^-16 q is formed before the scaling (|q| < 2^13).
 * Range: z is clamped to [-1500, 1500] (beyond, |g'| and |z| e^z are below
 * 2^-2000); forward returns z itself for z > 1500 (it rounds to z from 40).
 * The clamp makes |h| < 2^13.
 * Special values: NaN -> the same NaN quieted (backward: z's NaN, else da's);
 * g(+inf) = +inf, g(-inf) = -0 (z sigmoid(z) -> -0 from below, like every
 * g(z) that underflows for z < 0), g'(+inf) = 1, g'(-inf) = -0 (g' < 0 below
 * z*: the underflowed values are -0 too); backward(+-inf, da) = da *
 * g'(+-inf) (da = inf at z = -inf is NaN, as is da = +-inf wherever g'
 * rounds to 0, the IEEE product); g(+-0) = +-0.
 *
 * f32: computed in double by the f64 functions (VF_VIA_VD), rounded once to
 * float at the end.  The double result is within 1.8 ulp of double (backward;
 * 0.65 forward and grad) = 1.8 * 2^-29 ulp of float, so the float result is
 * within 0.5 + 2^-28 ulp of the exact value (a subnormal float too: the
 * double result is normal there).  The NaN choice is made once on the floats. */
#ifndef GP_ACT_SILU_H
#define GP_ACT_SILU_H

#if defined(GP_ACT_FACTS)

static void gp_silu_limits(const gp_act *act, double lim[4])
{
    lim[0] = -0.0, lim[1] = INFINITY, lim[2] = -0.0, lim[3] = 1.0;
    (void)act;
}

static const gp_act_desc gp_silu_desc = {
    .kind = GP_SILU,
    .name = "silu",
    .aliases = {"swish"},
    .g = "z sigmoid(z)",
    .dg = "sigmoid(z)(1 + z sigmoid(-z))",
    .dg_from_a = "",
    .ops = GP_OPS_FROM_Z,
    /* forward, grad, grad_from_output (n/a), backward, backward_from_output (n/a) */
    .ulp = {{1.0, 2.0, 0, 2.5, 0}, {1.0, 2.0, 0, 2.5, 0}},
    .arith = 1,
    .limits = gp_silu_limits,
    .show_lo = -6.0,
    .show_hi = 6.0,
};

#elif defined(GP_ACT_KERNELS)

/* ---- z sigmoid(v(z)): the helpers ----------------------------------------- */

/* (ah + al)(bh + bl) = h + l, relative error < 2^-103 (al bl dropped), |l| < 2^-51 |h| */
static inline vd gp_zsig_mul_dd(vd ah, vd al, vd bh, vd bl, vd *l)
{
    vd h = vd_mul(ah, bh);
    *l = vd_fma(ah, bl, vd_fma(al, bh, vd_fms(ah, bh, h)));
    return h;
}

/* e^(xh + xl) = 2^k (mh + ml) for xh in [-1500, 0], |xl| <= ulp(xh) (x may
 * also be +0).  The reduction of exp_dd.h: kd = round(16 xh/ln2), r0 = xh -
 * kd L1 (exact), then r = r0 - kd L2 + xl as rh + rl (kd L2 split by FMA,
 * TwoSum, error below 2^-100); q = rh^2 P(rh) + rh rl = e^r - 1 - r to 2^-64;
 * mantissa (Th + Tl)(1 + rh + rl + q) = Th + Th rh [exact pair] + (Th (rl + q)
 * + Tl (1 + rh)) renormalised: relative error below 2^-62 (the truncation of
 * P, 2^-68, and the roundings of r^2 P and Th (rl + q), 2^-64 and 2^-65). */
static inline vd gp_zsig_exp2(vd xh, vd xl, vd *k, vd *ml)
{
    vd t = vd_fma(xh, vd_set1(GP_INV_LN2_16), vd_set1(GP_SHIFT_52));
    vd kd = vd_sub(t, vd_set1(GP_SHIFT_52));
    *k = vd_floor(vd_mul(kd, vd_set1(0.0625)));
    vd r0 = vd_fnma(kd, vd_set1(GP_LN2_16_HI), xh);
    vd ph = vd_mul(kd, vd_set1(GP_LN2_16_LO));
    vd pl = vd_fms(kd, vd_set1(GP_LN2_16_LO), ph);
    vd e, s = vd_two_sum(r0, vd_neg(ph), &e);
    vd rl = vd_add(e, vd_sub(xl, pl));
    vd rh = vd_two_sum(s, rl, &rl);
    vd p = vd_fma(rh, vd_set1(0x1.a01a01a01a01ap-16), vd_set1(0x1.a01a01a01a01ap-13));
    p = vd_fma(p, rh, vd_set1(0x1.6c16c16c16c17p-10));
    p = vd_fma(p, rh, vd_set1(0x1.1111111111111p-7));
    p = vd_fma(p, rh, vd_set1(0x1.5555555555555p-5));
    p = vd_fma(p, rh, vd_set1(0x1.5555555555555p-3));
    p = vd_fma(p, rh, vd_set1(0.5));
    vd q = vd_fma(vd_mul(rh, rh), p, vd_mul(rh, rl));
    vd th = vd_lookup16(gp_exp2_16_hi, t);
    vd tl = vd_lookup16(gp_exp2_16_lo, t);
    vd a = vd_mul(th, rh);
    vd ae = vd_fms(th, rh, a);
    vd m1, mh = vd_fast_two_sum(th, a, &m1);
    vd lo = vd_add(vd_add(m1, ae), vd_fma(th, vd_add(rl, q), vd_fma(tl, rh, tl)));
    return vd_fast_two_sum(mh, lo, ml);
}

/* The shared tail.  Given z (clamped), the double-double w = z v'(z), the
 * exponential E = e^-|v| = 2^k (mh + ml), and (loc, lh + ll) the local h
 * for the lanes near z*: returns q and *kk with g' = q 2^kk, and the
 * forward quotient *fq (g = fq 2^kk) when fq is not NULL. */
static inline vd gp_zsig_core(vd z, vd wh, vd wl, vd k, vd mh, vd ml, vdm loc, vd lh, vd ll, vd *kk, vd *fq)
{
    vd s = gp_exp_scale(k);
    vd dl, dh = gp_one_plus(s, mh, ml, &dl);        /* 1 + E */
    vd sl, sh = gp_square_dd(dh, dl, &sl);          /* (1 + E)^2 */
    vdm neg = vd_lt(z, vd_set1(0.0));
    /* A = 1 + w */
    vd ae, ah = vd_two_sum(vd_set1(1.0), wh, &ae);
    vd al = vd_add(ae, wl);
    ah = vd_fast_two_sum(ah, al, &al);
    /* z >= 0: 1 + E A, E A <= 1 */
    vd pl, ph = gp_zsig_mul_dd(mh, ml, ah, al, &pl);
    vd e1, n1h = vd_two_sum(vd_set1(1.0), vd_mul(s, ph), &e1);
    vd n1l = vd_fma(s, pl, e1);
    /* z < 0: M h, h = A + E, or the local h */
    vd he, hh = vd_two_sum(ah, vd_mul(s, mh), &he);
    vd hl = vd_add(vd_add(he, al), vd_mul(s, ml));
    hh = vd_fast_two_sum(hh, hl, &hl);
    hh = vd_select(loc, lh, hh);
    hl = vd_select(loc, ll, hl);
    vd n2l, n2h = gp_zsig_mul_dd(mh, ml, hh, hl, &n2l);
    vd nh = vd_select(neg, n2h, n1h);
    vd nl = vd_select(neg, n2l, n1l);
    nh = vd_fast_two_sum(nh, nl, &nl);
    *kk = vd_select(neg, k, vd_set1(0.0));
    if (fq) {
        /* z >= 0: z / (1 + E);  z < 0: z M / (1 + E) */
        vd fl, fh = gp_zsig_mul_dd(z, vd_set1(0.0), mh, ml, &fl);
        fh = vd_fast_two_sum(fh, fl, &fl);
        *fq = vd_div_dd(vd_select(neg, fh, z), vd_select(neg, fl, vd_set1(0.0)), dh, dl);
    }
    return vd_div_dd(nh, nl, sh, sl);
}

/* da * q 2^kk: the IEEE product with g' = q 2^kk rounded, or, where g' is
 * tiny (kk < -1000) and da finite, (da 2^-16 q) 2^(kk+16), rounded once
 * into the subnormal range (|q| < 2^13: no overflow for any finite da; da
 * 2^-16 rounds only for |da| < 2^-1006, where |g'| < 2^-987 makes the
 * result 0 anyway). */
static inline vd gp_zsig_times(vd q, vd kk, vd da)
{
    vd r = vd_mul(da, vd_ldexp(q, kk));
    vdm tiny = vd_lt(kk, vd_set1(-1000.0));
    if (vd_any(tiny)) {
        vd t = vd_ldexp(vd_mul(vd_mul(da, vd_set1(0x1p-16)), q), vd_add(kk, vd_set1(16.0)));
        r = vd_select(vd_eq(vd_abs(da), vd_set1(INFINITY)), r, vd_select(tiny, t, r));
    }
    return r;
}

/* ---- silu ------------------------------------------------------------------ */

#define GP_SILU_Z0_H -0x1.474973c84120bp+0 /* z*, triple-double */
#define GP_SILU_Z0_M -0x1.f8d74bc9ac154p-54
#define GP_SILU_Z0_L -0x1.44a50180ba78p-108
#define GP_SILU_NZ0_H 0x1.474973c84120bp+0 /* -z*, double-double */
#define GP_SILU_NZ0_L 0x1.f8d74bc9ac154p-54
#define GP_SILU_E0 0x1.1d25cf210482ep-2    /* e^z* = -(1 + z*), to 2^-60 */

/* g' (as q 2^kk) and, if fq, g (as fq 2^kk) */
static inline vd gp_silu_parts_(vd z, vd *kk, vd *fq)
{
    vd zc = vd_max(vd_min(z, vd_set1(1500.0)), vd_set1(-1500.0)); /* NaN -> 1500 */
    vd k, ml, mh = gp_zsig_exp2(vd_neg(vd_abs(zc)), vd_set1(0.0), &k, &ml);
    /* t = z - z*: z - Z0_H exact (Sterbenz) where it is used */
    vd t0 = vd_sub(zc, vd_set1(GP_SILU_Z0_H));
    vd te, th = vd_two_sum(t0, vd_set1(-GP_SILU_Z0_M), &te);
    vd tl = vd_sub(te, vd_set1(GP_SILU_Z0_L));
    vdm loc = vd_lt(vd_abs(t0), vd_set1(0x1p-6));
    /* F = -z* + E* Q1(t), Q1(t) = t/2! + t^2/3! + ... + t^6/7! */
    vd c = vd_fma(th, vd_set1(0x1.a01a01a01a01ap-13), vd_set1(0x1.6c16c16c16c17p-10));
    c = vd_fma(c, th, vd_set1(0x1.1111111111111p-7));
    c = vd_fma(c, th, vd_set1(0x1.5555555555555p-5));
    c = vd_fma(c, th, vd_set1(0x1.5555555555555p-3));
    c = vd_fma(c, th, vd_set1(0.5));
    vd f1 = vd_mul(vd_mul(th, c), vd_set1(GP_SILU_E0));
    vd lh = vd_mul(th, vd_set1(GP_SILU_NZ0_H));
    vd ll = vd_fms(th, vd_set1(GP_SILU_NZ0_H), lh);
    ll = vd_fma(th, vd_add(vd_set1(GP_SILU_NZ0_L), f1), vd_fma(tl, vd_set1(GP_SILU_NZ0_H), ll));
    return gp_zsig_core(zc, zc, vd_set1(0.0), k, mh, ml, loc, lh, ll, kk, fq);
}

static inline vd gp_silu_forward_vd(vd z, const gp_params *p)
{
    (void)p;
    vd kk, fq;
    (void)gp_silu_parts_(z, &kk, &fq);
    /* z > 1500: z itself; +-0: z itself (-0 sigmoid(-0) = -0, which the
     * division's correction would turn into +0) */
    vd g = vd_select(vd_gt(z, vd_set1(1500.0)), z, vd_ldexp(fq, kk));
    g = vd_select(vd_eq(z, vd_set1(0.0)), z, g);
    return vd_nan_keep(z, g);
}

static inline vd gp_silu_grad_vd(vd z, const gp_params *p)
{
    (void)p;
    vd kk, q = gp_silu_parts_(z, &kk, NULL);
    return vd_nan_keep(z, vd_ldexp(q, kk));
}

static inline vd gp_silu_backward_vd(vd z, vd da, const gp_params *p)
{
    (void)p;
    vd kk, q = gp_silu_parts_(z, &kk, NULL);
    return vd_nan_first(z, da, gp_zsig_times(q, kk, da));
}

/* float32: in double, rounded once */
static inline vf gp_silu_forward_vf(vf z, const gp_params *p)
{
    return vf_nan_keep(z, VF_VIA_VD(gp_silu_forward_vd, z, p));
}
static inline vf gp_silu_grad_vf(vf z, const gp_params *p)
{
    return vf_nan_keep(z, VF_VIA_VD(gp_silu_grad_vd, z, p));
}
static inline vf gp_silu_backward_vf(vf z, vf da, const gp_params *p)
{
    return vf_nan_first(z, da, VF_VIA_VD2(gp_silu_backward_vd, z, da, p));
}

/* bound by arithmetic: four vectors loaded before any is stored */
static void gp_f32_silu_forward(GP_KERNEL_ARGS_F32) { gp_map1_f32(p, n, x, da, out, gp_silu_forward_vf, GP_LOADS_FIRST); }
static void gp_f32_silu_grad(GP_KERNEL_ARGS_F32) { gp_map1_f32(p, n, x, da, out, gp_silu_grad_vf, GP_LOADS_FIRST); }
static void gp_f32_silu_backward(GP_KERNEL_ARGS_F32) { gp_map2_f32(p, n, x, da, out, gp_silu_backward_vf, GP_LOADS_FIRST); }
static void gp_f64_silu_forward(GP_KERNEL_ARGS_F64) { gp_map1_f64(p, n, x, da, out, gp_silu_forward_vd, GP_LOADS_FIRST); }
static void gp_f64_silu_grad(GP_KERNEL_ARGS_F64) { gp_map1_f64(p, n, x, da, out, gp_silu_grad_vd, GP_LOADS_FIRST); }
static void gp_f64_silu_backward(GP_KERNEL_ARGS_F64) { gp_map2_f64(p, n, x, da, out, gp_silu_backward_vd, GP_LOADS_FIRST); }

/* no from-output forms: g is not monotonic */
static const gp_act_kernels gp_silu_kernels = {
    {gp_f32_silu_forward, gp_f32_silu_grad, NULL, gp_f32_silu_backward, NULL},
    {gp_f64_silu_forward, gp_f64_silu_grad, NULL, gp_f64_silu_backward, NULL},
};

#elif defined(GP_ACT_REFERENCE)

/* ---- z sigmoid(v(z)): the reference helpers -------------------------------- */

/* MPFR: out = g (fn = GP_REF_G) or g' (GP_REF_DG) of z sigmoid(v) from z and
 * the values v = v(z), w = z v'(z) at the working precision W = 2 prec(out)
 * + 64, with E = e^-|v|:
 *   z >= 0:  g = z/(1+E),   g' = (1 + E (1 + w))/(1+E)^2
 *   z <  0:  g = z E/(1+E), g' = E (1 + w + E)/(1+E)^2.
 * The only cancellation is in 1 + w + E at the zero z* of g', an absolute
 * error of a few 2^-W against |h| >= |h'(z*)| |z - z*|; the double next to
 * z* is 2^-53 (silu) and 2^-54.6 (gelu_tanh) away, so at most ~58 bits are
 * lost and the relative error stays below 2^-(W-60) < 2^-prec(out).
 * z = +-inf: the limits. */
static void gp_zsig_ref(mpfr_ptr out, int fn, double z, mpfr_srcptr v, mpfr_srcptr w)
{
    if (isinf(z)) {
        if (fn == GP_REF_G)
            mpfr_set_d(out, z > 0 ? z : -0.0, MPFR_RNDN);
        else
            mpfr_set_d(out, z > 0 ? 1.0 : -0.0, MPFR_RNDN);
        return;
    }
    mpfr_t e, d, n;
    mpfr_inits2(2 * mpfr_get_prec(out) + 64, e, d, n, (mpfr_ptr)0);
    mpfr_abs(e, v, MPFR_RNDN);
    mpfr_neg(e, e, MPFR_RNDN);
    mpfr_exp(e, e, MPFR_RNDN);            /* E */
    mpfr_add_ui(d, e, 1, MPFR_RNDN);      /* 1 + E */
    if (fn == GP_REF_G) {
        mpfr_set_d(n, z, MPFR_RNDN);
        if (z < 0)
            mpfr_mul(n, n, e, MPFR_RNDN);
        mpfr_div(out, n, d, MPFR_RNDN);
    } else {
        if (z < 0) {
            mpfr_add(n, d, w, MPFR_RNDN); /* h = 1 + w + E */
            mpfr_mul(n, n, e, MPFR_RNDN);
        } else {
            mpfr_add_ui(n, w, 1, MPFR_RNDN);
            mpfr_mul(n, n, e, MPFR_RNDN);
            mpfr_add_ui(n, n, 1, MPFR_RNDN);
        }
        mpfr_sqr(d, d, MPFR_RNDN);
        mpfr_div(out, n, d, MPFR_RNDN);
    }
    mpfr_clears(e, d, n, (mpfr_ptr)0);
}

/* Screen (tools/ulp) in long double, rounded to double: with E = e^-|v| and,
 * for z < 0, h = 1 + w + E given without cancellation by the caller,
 *   z >= 0:  g = z/(1+E),   g' = (1 + E (1 + w))/(1+E)^2
 *   z <  0:  g = z E/(1+E), g' = E h/(1+E)^2;
 * sums of positive terms, products and quotients, each 2^-64 relative, so
 * their error is the inputs' plus ~2^-61; z = +-inf: the limits. */
static void gp_zsig_screen(long double z, long double E, long double w, long double h, double out[GP_REF_FN_COUNT])
{
    if (isinf(z)) {
        out[GP_REF_G] = z > 0 ? INFINITY : -0.0;
        out[GP_REF_DG] = z > 0 ? 1.0 : -0.0;
        return;
    }
    long double d = 1.0L + E;
    out[GP_REF_G] = (double)(z < 0 ? z * E / d : z / d);
    out[GP_REF_DG] = (double)(z < 0 ? E * h / (d * d) : (1.0L + E * (1.0L + w)) / (d * d));
}

/* ---- silu ------------------------------------------------------------------ */

static void gp_silu_ref_g(mpfr_ptr out, const gp_act *act, double z)
{
    mpfr_t v;
    (void)act;
    mpfr_init2(v, 53);
    mpfr_set_d(v, z, MPFR_RNDN); /* v = w = z, exact */
    gp_zsig_ref(out, GP_REF_G, z, v, v);
    mpfr_clear(v);
}
static void gp_silu_ref_dg(mpfr_ptr out, const gp_act *act, double z)
{
    mpfr_t v;
    (void)act;
    mpfr_init2(v, 53);
    mpfr_set_d(v, z, MPFR_RNDN);
    gp_zsig_ref(out, GP_REF_DG, z, v, v);
    mpfr_clear(v);
}

/* Screen: E = expl(-|z|) (glibc: within 1-2 ulp of long double, z exact),
 * and for z < 0, with t = z - z* and E* = e^z* = -(1 + z*),
 *   h = 1 + z + e^z = t + E* (e^t - 1)
 * (1 + z* + E* = 0): both terms have the sign of t, so h has no
 * cancellation.  t = (z - Z0_H) - Z0_M: the first difference is exact near
 * z* (Sterbenz) and 2^-64 relative elsewhere, the second 2^-64 relative, and
 * the dropped 2^-107 of z* is below 2^-50 of the smallest |t| of a float
 * (> 2^-27); E* = -((1 + Z0_H) + Z0_M) (1 + Z0_H exact) and expm1l each
 * within 2^-63 relative.  h within ~2^-61, g and g' within ~2^-59 before the
 * rounding to double (2^-53): below 2^-52.9 relative, within 2^-49. */
static void gp_silu_screen_d(const gp_act *act, float zf, double out[GP_REF_FN_COUNT])
{
    long double z = zf, E = expl(-fabsl(z)), h = 0.0L;
    (void)act;
    if (z < 0 && !isinf(z)) {
        long double t = (z - (long double)-0x1.474973c84120bp+0) - (long double)-0x1.f8d74bc9ac154p-54;
        long double e0 = -((1.0L + (long double)-0x1.474973c84120bp+0) + (long double)-0x1.f8d74bc9ac154p-54);
        h = t + e0 * expm1l(t);
    }
    gp_zsig_screen(z, E, z, h, out);
}

static const gp_act_ref gp_silu_ref = {
    {gp_silu_ref_g, gp_silu_ref_dg, NULL},
    gp_silu_screen_d,
    NULL, /* f64: MPFR */
};
#endif
#endif
