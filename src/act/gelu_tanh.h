/* gelu_tanh: g(z) = (z/2)(1 + tanh u),  u = sqrt(2/pi)(z + 0.044715 z^3),
 *   g'(z) = (1 + tanh u)/2 + (z/2)(1 - tanh^2 u) u'(z).
 *
 * z sigmoid(v(z)) with v = 2u = 2c (z + a z^3), w = z v' = 2c (z + 3a z^3),
 * 2c = sqrt(8/pi), a = 0.044715 (the decimal; 2c, a and 3a are stored as
 * double-doubles): the algorithm, bounds and helpers of zsig_core.h (f64:
 * forward < 0.6 ulp, grad < 0.65, backward < 1.8; a subnormal result < 1 ulp
 * of the spacing).  Here:
 * - v and w as double-doubles from z^2 (z^2, a z^2, 1 + a z^2, z(..), 2c(..)
 *   by FMA products, relative error < 2^-100: the exponential's argument
 *   |v| <= 1500 is then off by < 2^-89, which moves E by 2^-89 relative);
 *   E = e^-|v| from the double-double argument (gp_exp_dd_pair).
 * - Near the zero z* = -0.75246142207... of g' (|z - z*| < 2^-6), from
 *   h(z) = (w(z) - w(z*)) + E* (e^y - 1) and 1 + w(z*) + E* = 0:
 *     h = t (G0 + K1 d + K2 d (1 + Q1(y)) + K3 Q1(y)),  t = z - z*,
 *     d = t (z + 2z*),  y = 2c t (1 + a (z^2 + z z* + z*^2)) = v(z) - v(z*),
 *     G0 = h'(z*) (double-double), K1 = 6ac, K2 = 2ac E*, K3 =
 *     2c E* (1 + 3a z*^2); Q1(y) = (e^y - 1)/y - 1 to y^7/8! (truncation
 *     < 2^-60); t exact to 2^-105 relative (Sterbenz and TwoSum with the
 *     triple-double z*); the leading t G0 in double-double, the O(t) rest in
 *     double: relative error below 2^-56 at |t| = 2^-6, 2^-100 as t -> 0
 *     (the double next to z* is 2^-54.6 away, hence the third word of z*).
 * - Range: z is clamped to [-28, 28] and -|v| to -1500 (|z| > 27.6: there
 *   |g'| < 2^-2150, so even DBL_MAX g' underflows to 0, and g'(z) rounds to
 *   1, g(z) to z for z > 8); forward returns z itself for z > 28.  The
 *   clamps make |h| < 2^13.
 * Special values: as silu (silu.h): NaN -> the same NaN quieted (backward:
 * z's NaN, else da's); g(+inf) = +inf, g(-inf) = -0, g'(+inf) = 1,
 * g'(-inf) = -0 (g' < 0 below z*); backward the IEEE product da * g'
 * (rounded); g(+-0) = +-0.
 *
 * f32: computed in double by the f64 functions (VF_VIA_VD), rounded once to
 * float: within 0.5 + 2^-28 ulp of the exact value (see silu.h). */
#ifndef GP_ACT_GELU_TANH_H
#define GP_ACT_GELU_TANH_H

#include "act/zsig_core.h"

#if defined(GP_ACT_FACTS)

static void gp_gelu_tanh_limits(const gp_act *act, double lim[4])
{
    lim[0] = -0.0, lim[1] = INFINITY, lim[2] = -0.0, lim[3] = 1.0;
    (void)act;
}

static const gp_act_desc gp_gelu_tanh_desc = {
    .kind = GP_GELU_TANH,
    .name = "gelu_tanh",
    .g = "(z/2)(1 + tanh u), u = sqrt(2/pi)(z + 0.044715 z^3)",
    .dg = "(1 + tanh u)/2 + (z/2)(1 - tanh^2 u) u'",
    .dg_from_a = "",
    .ops = GP_OPS_FROM_Z,
    /* forward, grad, grad_from_output (n/a), backward, backward_from_output (n/a) */
    .ulp = {{1.0, 2.0, 0, 2.5, 0}, {1.0, 2.0, 0, 2.5, 0}},
    .arith = 1,
    .limits = gp_gelu_tanh_limits,
    .show_lo = -4.0,
    .show_hi = 4.0,
};

#elif defined(GP_ACT_KERNELS)

#define GP_GELU_A_H 0x1.6e4e26d4801f7p-5   /* a = 0.044715 */
#define GP_GELU_A_L 0x1.441355475a31ap-59
#define GP_GELU_A3_H 0x1.12ba9d1f60179p-3  /* 3a */
#define GP_GELU_A3_L 0x1.f30e7ff583a54p-57
#define GP_GELU_C2_H 0x1.9884533d43651p+0  /* 2c = sqrt(8/pi) */
#define GP_GELU_C2_L -0x1.cbc0d30ebfd15p-54
#define GP_GELU_Z1_H -0x1.81429f9e97e4dp-1 /* z*, triple-double */
#define GP_GELU_Z1_M 0x1.4f523ed77dbdcp-55
#define GP_GELU_Z1_L -0x1.a649fca8ac0e5p-109
#define GP_GELU_G0_H 0x1.3af6cd05624f6p+1  /* h'(z*), double-double */
#define GP_GELU_G0_L 0x1.3d9262739585fp-53
#define GP_GELU_K1 0x1.b6676bf7450fp-3     /* 2c 3a */
#define GP_GELU_K2 0x1.555176747d3c6p-6    /* 2c a E* */
#define GP_GELU_K3 0x1.00a7a1d241455p-1    /* 2c E* (1 + 3a z*^2) */

/* 2c z (1 + b z^2) as a normalised double-double, b = bh + bl (a or 3a),
 * given z^2 = z2h + z2l */
static inline vd gp_gelu_poly_(vd z, vd z2h, vd z2l, double bh, double bl, vd *lo)
{
    vd l, h = gp_zsig_mul_dd(vd_set1(bh), vd_set1(bl), z2h, z2l, &l);
    vd e, oh = vd_two_sum(vd_set1(1.0), h, &e);
    vd ol = vd_add(e, l);
    h = vd_mul(z, oh);
    l = vd_fma(z, ol, vd_fms(z, oh, h));
    h = gp_zsig_mul_dd(vd_set1(GP_GELU_C2_H), vd_set1(GP_GELU_C2_L), h, l, &l);
    return vd_fast_two_sum(h, l, lo);
}

/* g' (as q 2^kk) and, if fq, g (as fq 2^kk) */
static inline vd gp_gelu_tanh_parts_(vd z, vd *kk, vd *fq)
{
    vd zc = vd_max(vd_min(z, vd_set1(28.0)), vd_set1(-28.0)); /* NaN -> 28 */
    /* rare lanes: z > 10 (E w < 2^-118), z <= -28, |z| < 2^-60 */
    gp_zsig_rare_t rr;
    vd zn, ze = gp_zsig_rare_in(zc, 10.0, -28.0, &rr, &zn);
    vd z2h = vd_mul(ze, ze), z2l = vd_fms(ze, ze, z2h);
    vd vl, vh = gp_gelu_poly_(ze, z2h, z2l, GP_GELU_A_H, GP_GELU_A_L, &vl);
    vd wl, wh = gp_gelu_poly_(ze, z2h, z2l, GP_GELU_A3_H, GP_GELU_A3_L, &wl);
    /* -|v| = v for z < 0, -v else */
    vdm neg = vd_lt(zc, vd_set1(0.0));
    vd xh = vd_select(neg, vh, vd_neg(vh)), xl = vd_select(neg, vl, vd_neg(vl));
    vdm far = vd_lt(xh, vd_set1(-1500.0)); /* |z| > 27.6 */
    xh = vd_select(far, vd_set1(-1500.0), xh);
    xl = vd_select(far, vd_set1(0.0), xl);
    vd k, ml, mh = gp_exp_dd_pair(xh, xl, &k, &ml);
    /* local h near z*: t = z - z* */
    vd t0 = vd_sub(ze, vd_set1(GP_GELU_Z1_H));
    vd te, th = vd_two_sum(t0, vd_set1(-GP_GELU_Z1_M), &te);
    vd tl = vd_sub(te, vd_set1(GP_GELU_Z1_L));
    vdm loc = vd_lt(vd_abs(t0), vd_set1(0x1p-6));
    vd S = vd_fma(ze, vd_add(ze, vd_set1(GP_GELU_Z1_H)), vd_set1(GP_GELU_Z1_H * GP_GELU_Z1_H));
    vd y = vd_mul(vd_mul(th, vd_set1(GP_GELU_C2_H)), vd_fma(S, vd_set1(GP_GELU_A_H), vd_set1(1.0)));
    vd d = vd_mul(th, vd_add(ze, vd_set1(2.0 * GP_GELU_Z1_H)));
    /* Q1(y) = y/2! + ... + y^7/8! */
    vd c = vd_fma(y, vd_set1(0x1.a01a01a01a01ap-16), vd_set1(0x1.a01a01a01a01ap-13));
    c = vd_fma(c, y, vd_set1(0x1.6c16c16c16c17p-10));
    c = vd_fma(c, y, vd_set1(0x1.1111111111111p-7));
    c = vd_fma(c, y, vd_set1(0x1.5555555555555p-5));
    c = vd_fma(c, y, vd_set1(0x1.5555555555555p-3));
    c = vd_fma(c, y, vd_set1(0.5));
    vd q1 = vd_mul(y, c);
    vd g1 = vd_fma(d, vd_set1(GP_GELU_K1), vd_fma(vd_mul(d, vd_set1(GP_GELU_K2)), vd_add(q1, vd_set1(1.0)),
                                                  vd_mul(q1, vd_set1(GP_GELU_K3))));
    vd lh = vd_mul(th, vd_set1(GP_GELU_G0_H));
    vd ll = vd_fms(th, vd_set1(GP_GELU_G0_H), lh);
    ll = vd_fma(th, vd_add(vd_set1(GP_GELU_G0_L), g1), vd_fma(tl, vd_set1(GP_GELU_G0_H), ll));
    vd q = gp_zsig_core(zn, wh, wl, k, mh, ml, loc, lh, ll, kk, fq);
    return gp_zsig_rare_out(&rr, zc, q, fq);
}

static inline vd gp_gelu_tanh_forward_vd(vd z, const gp_params *p)
{
    (void)p;
    vd kk, fq;
    (void)gp_gelu_tanh_parts_(z, &kk, &fq);
    return gp_zsig_g(z, fq, kk, 28.0);
}

static inline vd gp_gelu_tanh_grad_vd(vd z, const gp_params *p)
{
    (void)p;
    vd kk, q = gp_gelu_tanh_parts_(z, &kk, NULL);
    return vd_nan_keep(z, vd_ldexp(q, kk));
}

static inline vd gp_gelu_tanh_backward_vd(vd z, vd da, const gp_params *p)
{
    (void)p;
    vd kk, q = gp_gelu_tanh_parts_(z, &kk, NULL);
    return vd_nan_first(z, da, gp_zsig_times(q, kk, da));
}

/* float32: in double, rounded once */
static inline vf gp_gelu_tanh_forward_vf(vf z, const gp_params *p)
{
    return vf_nan_keep(z, VF_VIA_VD(gp_gelu_tanh_forward_vd, z, p));
}
static inline vf gp_gelu_tanh_grad_vf(vf z, const gp_params *p)
{
    return vf_nan_keep(z, VF_VIA_VD(gp_gelu_tanh_grad_vd, z, p));
}
static inline vf gp_gelu_tanh_backward_vf(vf z, vf da, const gp_params *p)
{
    return vf_nan_first(z, da, VF_VIA_VD2(gp_gelu_tanh_backward_vd, z, da, p));
}

/* bound by arithmetic: four vectors loaded before any is stored */
static void gp_f32_gelu_tanh_forward(GP_KERNEL_ARGS_F32) { gp_map1_f32(p, n, x, da, out, gp_gelu_tanh_forward_vf, GP_LOADS_FIRST); }
static void gp_f32_gelu_tanh_grad(GP_KERNEL_ARGS_F32) { gp_map1_f32(p, n, x, da, out, gp_gelu_tanh_grad_vf, GP_LOADS_FIRST); }
static void gp_f32_gelu_tanh_backward(GP_KERNEL_ARGS_F32) { gp_map2_f32(p, n, x, da, out, gp_gelu_tanh_backward_vf, GP_LOADS_FIRST); }
static void gp_f32_gelu_tanh_backward_careful(GP_KERNEL_ARGS_F32) { gp_map2_f32(p, n, x, da, out, gp_gelu_tanh_backward_vf, GP_LOADS_FIRST | GP_CAREFUL); }
static void gp_f64_gelu_tanh_forward(GP_KERNEL_ARGS_F64) { gp_map1_f64(p, n, x, da, out, gp_gelu_tanh_forward_vd, GP_LOADS_FIRST); }
static void gp_f64_gelu_tanh_grad(GP_KERNEL_ARGS_F64) { gp_map1_f64(p, n, x, da, out, gp_gelu_tanh_grad_vd, GP_LOADS_FIRST); }
static void gp_f64_gelu_tanh_backward(GP_KERNEL_ARGS_F64) { gp_map2_f64(p, n, x, da, out, gp_gelu_tanh_backward_vd, GP_LOADS_FIRST); }
static void gp_f64_gelu_tanh_backward_careful(GP_KERNEL_ARGS_F64) { gp_map2_f64(p, n, x, da, out, gp_gelu_tanh_backward_vd, GP_LOADS_FIRST | GP_CAREFUL); }

/* no from-output forms: g is not monotonic */
static const gp_act_kernels gp_gelu_tanh_kernels = {
    .f32 = {gp_f32_gelu_tanh_forward, gp_f32_gelu_tanh_grad, NULL, gp_f32_gelu_tanh_backward, NULL},
    .f64 = {gp_f64_gelu_tanh_forward, gp_f64_gelu_tanh_grad, NULL, gp_f64_gelu_tanh_backward, NULL},
    .careful_f32 = {[GP_OP_BACKWARD] = gp_f32_gelu_tanh_backward_careful},
    .careful_f64 = {[GP_OP_BACKWARD] = gp_f64_gelu_tanh_backward_careful},
};

#elif defined(GP_ACT_REFERENCE)

/* MPFR: v = 2c (z + a z^3), w = 2c (z + 3a z^3) at the working precision of
 * gp_zsig_ref (2 prec + 64; relative error 2^-W each, a and 2c there too). */
static void gp_gelu_tanh_ref_fn_(mpfr_ptr out, int fn, double z)
{
    mpfr_prec_t W = 2 * mpfr_get_prec(out) + 64;
    mpfr_t a, c2, z3, v, w;
    mpfr_inits2(W, a, c2, z3, v, w, (mpfr_ptr)0);
    if (!isinf(z)) {
        mpfr_set_str(a, "0.044715", 10, MPFR_RNDN);
        mpfr_const_pi(c2, MPFR_RNDN);
        mpfr_ui_div(c2, 8, c2, MPFR_RNDN);
        mpfr_sqrt(c2, c2, MPFR_RNDN);
        mpfr_set_d(z3, z, MPFR_RNDN);
        mpfr_pow_ui(z3, z3, 3, MPFR_RNDN);       /* exact at W >= 159 */
        mpfr_mul(v, z3, a, MPFR_RNDN);
        mpfr_add_d(v, v, z, MPFR_RNDN);
        mpfr_mul(v, v, c2, MPFR_RNDN);
        mpfr_mul_ui(w, z3, 3, MPFR_RNDN);
        mpfr_mul(w, w, a, MPFR_RNDN);
        mpfr_add_d(w, w, z, MPFR_RNDN);
        mpfr_mul(w, w, c2, MPFR_RNDN);
    }
    gp_zsig_ref(out, fn, z, v, w);
    mpfr_clears(a, c2, z3, v, w, (mpfr_ptr)0);
}
static void gp_gelu_tanh_ref_g(mpfr_ptr out, const gp_act *act, double z)
{
    (void)act;
    gp_gelu_tanh_ref_fn_(out, GP_REF_G, z);
}
static void gp_gelu_tanh_ref_dg(mpfr_ptr out, const gp_act *act, double z)
{
    (void)act;
    gp_gelu_tanh_ref_fn_(out, GP_REF_DG, z);
}

/* Screen in long double (a and 2c rounded to it, 2^-64 relative):
 * v = 2c (z + a z^3), w = 2c (z + 3a z^3) within 2^-62 relative (sums of
 * terms of one sign), E = expl(-|v|) within |v| 2^-62 + 2^-63 relative,
 * below 2^-52 while E is above 2^-1075 (|v| < 745; below, the double result
 * is 0 or subnormal and the checker's ulp is the float's, far coarser).
 * For z < 0, with t = z - z* and E* = e^v(z*), from 1 + w(z*) + E* = 0:
 *   h = 1 + w + E = 2c t (1 + 3a S) + E* expm1(y),  y = 2c t (1 + a S),
 *   S = z^2 + z z* + z*^2 > 0:
 * both terms have the sign of t, so h has no cancellation.  t = (z - Z1_H)
 * - Z1_M as silu's (the float nearest z* is 2^-26.4 from it, so the dropped
 * 2^-109 is negligible); E* from the long double z*, within 2^-62; h within
 * ~2^-60.  g and g' within ~2^-58 + |v| 2^-62 before the rounding to double:
 * below 2^-51.9 relative, within 2^-49. */
static void gp_gelu_tanh_screen_d(const gp_act *act, float zf, double out[GP_REF_FN_COUNT])
{
    const long double a = 0.044715L, c2 = 1.5957691216057307117597842397375L; /* sqrt(8/pi) */
    long double z = zf, z3 = z * z * z, h = 0.0L;
    long double v = c2 * (z + a * z3), w = c2 * (z + 3.0L * a * z3), E = expl(-fabsl(v));
    (void)act;
    if (z < 0 && !isinf(z)) {
        const long double zs = (long double)-0x1.81429f9e97e4dp-1 + (long double)0x1.4f523ed77dbdcp-55;
        long double t = (z - (long double)-0x1.81429f9e97e4dp-1) - (long double)0x1.4f523ed77dbdcp-55;
        long double S = z * z + z * zs + zs * zs;
        long double Es = expl(c2 * (zs + a * zs * zs * zs));
        h = c2 * t * (1.0L + 3.0L * a * S) + Es * expm1l(c2 * t * (1.0L + a * S));
    }
    gp_zsig_screen(z, E, w, h, out);
}

static const gp_act_ref gp_gelu_tanh_ref = {
    {gp_gelu_tanh_ref_g, gp_gelu_tanh_ref_dg, NULL},
    gp_gelu_tanh_screen_d,
    NULL, /* f64: MPFR */
};
#endif
#endif
