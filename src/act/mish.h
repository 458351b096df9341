/* mish: g(z) = z tanh(softplus z),  g'(z) = tanh(sp) + z sech^2(sp) sigmoid(z).
 * Not monotonic: no from-output forms (GP_ERR_OP).
 *
 * With v = e^-|z| = 2^k (mh + ml) (softplus_core.h, relative error 2^-56.8)
 * both are rational in v, with no log and nothing that cancels except one
 * factor of g' (below):
 *   z <= 0 (w = v):  g = z w(2+w) / (2 + w(2+w)),
 *                    g' = w F / (2 + w(2+w))^2,
 *                    F = 4(1+z) + w(6+4z) + w^2(4+w)
 *   z > 0  (u = v):  g = z (1+2u) / (1+2u+2u^2),
 *                    g' = (1 + u(4 + u(6+4u)) + 4z u^2 (1+u)) / (1+2u+2u^2)^2
 * evaluated in double-double (softplus_core.h; v clamped at 2^-200, where it
 * is below any rounding next to 2), the factor w (the tails: mish(z) ~ z e^z,
 * g' ~ (1+z) e^z) kept as the unscaled mantissa and its 2^k applied last, so
 * no intermediate underflows and subnormal results are rounded from the
 * exact-enough quotient.
 * F has one zero, at z* = -1.1924..., where g' changes sign; there F cancels.
 * For |z - z*| < 1/16, F = t (c1 + t S(t)) with t = z - z* (z* to triple
 * double: z - z*_hi is exact, Sterbenz) and S = c2 + c3 t + ... + c12 t^10,
 * the Taylor coefficients of F at z* (MPFR; truncation below 2^-67 of F; c1
 * as a double-double): relative error below 2^-57 however close z is to z*
 * (the nearest double is 4.8e-17 away).  Outside, F's terms are computed in
 * double-double; v's 2^-56.8 weighs 1.2 in F (absolute) against |F| >= 0.4:
 * below 2^-55.3 relative.
 * forward  the quotient q0 + q1, then z q0 + z q1 rounded once (FMA): below
 *          0.5 + 2^-55.5 relative -> 0.63 ulp; a subnormal result (z below
 *          -715) scaled last: below 1 ulp of the spacing.
 * grad     the quotient rounded once: below 0.5 + 2^-54.8 relative -> 0.7 ulp.
 * backward da * quotient, scaled last (softplus_core.h gp_times_pow2):
 *          below 0.7 ulp.
 * z > 40: g = z, g' = 1 (the rest is below 2^-100 relative).  |z| < 2^-60:
 * g' takes z = 0; forward forms z q with z scaled by 2^600 first where
 * |z| < 2^-500 (no intermediate underflow where the result is normal).
 * f32: the same algorithm in double on the float z, rounded once to float
 * (below 0.5 + 2^-20 ulp); backward with an infinite da multiplies g' as
 * rounded to float, as the other activations do.
 * NaN -> the same NaN, quieted; mish(-inf) = -0 (z e^z from below),
 * mish(inf) = inf, mish'(-inf) = -0 ((1+z) e^z from below), mish'(inf) = 1. */
#ifndef GP_ACT_MISH_H
#define GP_ACT_MISH_H

#if defined(GP_ACT_FACTS)

static void gp_mish_limits(const gp_act *act, double lim[4])
{
    lim[0] = -0.0, lim[1] = INFINITY, lim[2] = -0.0, lim[3] = 1.0;
    (void)act;
}

static const gp_act_desc gp_mish_desc = {
    .kind = GP_MISH,
    .name = "mish",
    .g = "z tanh(softplus z)",
    .dg = "tanh(sp) + z sech^2(sp) sigmoid(z)",
    .dg_from_a = "",
    .ops = GP_OPS_FROM_Z,
    /* forward, grad, grad_from_output, backward, backward_from_output */
    .ulp = {{1.0, 2.0, 0, 2.5, 0}, {1.0, 2.0, 0, 2.5, 0}},
    .arith = 1,
    .limits = gp_mish_limits,
    .show_lo = -5.0,
    .show_hi = 3.0,
};

#elif defined(GP_ACT_KERNELS)

#include "softplus_core.h"

/* z* = the zero of F, as a triple double, and c1 as a double-double (MPFR) */
#define GP_MISH_ZS_H -0x1.31432c0d12d84p+0
#define GP_MISH_ZS_M -0x1.bf319154da21p-55
#define GP_MISH_ZS_L -0x1.3b82ea8c1efc4p-109
#define GP_MISH_C1_H 0x1.9a1c155f7b7d1p+2
#define GP_MISH_C1_L 0x1.4479ee534728bp-52

/* The parts both operations use: v = e^-|z| (mh, ml, k) and 2^max(k,-200) v
 * as vh + vl; zc = z clamped to [-1500, 40]; m.pos: zc > 0 */
typedef struct {
    vd zc, k, mh, ml, vh, vl;
    vdm pos, lo;
    int rare;
} gp_mish_parts;

static inline gp_mish_parts gp_mish_reduce(vd z)
{
    gp_mish_parts m;
    m.zc = vd_min(vd_max(z, vd_set1(-1500.0)), vd_set1(40.0));
    /* rare lanes (issue 19), found by one branch: z below -1500 (-inf) and
     * NaN are computed at 0, and the callers give them the -0 that g and g'
     * rounded to there: no spurious FE_UNDERFLOW */
    m.lo = vd_nle(vd_set1(-1500.0), z);
    m.rare = vd_any(m.lo);
    if (m.rare)
        m.zc = vd_select(m.lo, vd_set1(0.0), m.zc);
    m.pos = vd_gt(m.zc, vd_set1(0.0));
    /* e^-|z| at |z| < 2^-60 taken as e^0 (2^-60 relative; exp_dd.h's r^2
     * would underflow for |z| < 2^-511) */
    vd ze = vd_select(vd_lt(vd_abs(z), vd_set1(0x1p-60)), vd_set1(0.0), m.zc);
    vd ml, mh = gp_exp_neg_abs_dd(ze, vd_set1(0.0), &m.k, &ml);
    m.mh = vd_fast_two_sum(mh, ml, &m.ml); /* renormalised for the products */
    vd s = vd_ldexp(vd_set1(1.0), vd_max(m.k, vd_set1(-200.0)));
    m.vh = vd_mul(s, m.mh);
    m.vl = vd_mul(s, m.ml);
    return m;
}

/* 2 + w(2 + w) (z <= 0) or 1 + 2u + 2u^2 (z > 0), with 2 + w and 1 + 2u */
static inline vd gp_mish_den(const gp_mish_parts *m, vd *dl, vd *ah, vd *al, vd *nh, vd *nl)
{
    vd e;
    *ah = vd_two_sum(vd_set1(2.0), m->vh, &e);
    *al = vd_add(e, m->vl);
    vd pl, ph = gp_dd_mul(m->vh, m->vl, *ah, *al, &pl);
    vd dnl, dn = gp_dd_add(vd_set1(2.0), vd_set1(0.0), ph, pl, &dnl);
    /* z > 0 */
    *nh = vd_two_sum(vd_set1(1.0), vd_add(m->vh, m->vh), &e);
    *nl = vd_add(e, vd_add(m->vl, m->vl));
    vd sl, sh = gp_dd_mul(m->vh, m->vl, m->vh, m->vl, &sl);
    vd dpl, dp = gp_dd_add(*nh, *nl, vd_add(sh, sh), vd_add(sl, sl), &dpl);
    *dl = vd_select(m->pos, dpl, dnl);
    return vd_select(m->pos, dp, dn);
}

static inline vd gp_mish_forward_vd(vd z, const gp_params *p)
{
    (void)p;
    gp_mish_parts m = gp_mish_reduce(z);
    vd dl, ah, al, nph, npl, dh = gp_mish_den(&m, &dl, &ah, &al, &nph, &npl);
    /* z <= 0: (mh + ml)(2 + w), times 2^k last */
    vd nnl, nnh = gp_dd_mul(m.mh, m.ml, ah, al, &nnl);
    vd nh = vd_select(m.pos, nph, nnh), nl = vd_select(m.pos, npl, nnl);
    vd q1, q0 = gp_dd_div(nh, nl, dh, dl, &q1);
    /* |z| < 2^-500: z 2^600 (exact) and 2^-600 back last, so that z q1
     * does not underflow where the result is normal */
    vdm tiny = vd_lt(vd_abs(z), vd_set1(0x1p-500));
    vd zs = vd_select(tiny, vd_mul(m.zc, vd_set1(0x1p600)), m.zc);
    vd r = vd_fma(zs, q0, vd_mul(zs, q1));
    vd kk = vd_add(vd_select(m.pos, vd_set1(0.0), m.k), vd_select(tiny, vd_set1(-600.0), vd_set1(0.0)));
    r = vd_ldexp(r, kk);
    r = vd_copysign(r, z); /* mish(-0) = -0 (z q1 may be +0 there) */
    r = vd_select(vd_gt(z, vd_set1(40.0)), z, r);
    if (m.rare)
        r = vd_select(m.lo, vd_set1(-0.0), r);
    return vd_nan_keep(z, r);
}

/* F near z*: t (c1 + t S(t)) as a double-double (see the head comment) */
static inline vd gp_mish_f_near(vd z, vd *fl)
{
    vd tl, th = vd_two_sum(vd_sub(z, vd_set1(GP_MISH_ZS_H)), vd_set1(-GP_MISH_ZS_M), &tl);
    tl = vd_sub(tl, vd_set1(GP_MISH_ZS_L));
    vd s = vd_fma(th, vd_set1(0x1.1ed45153f0afp-15), vd_set1(0x1.2c808d435f993p-13));
    s = vd_fma(s, th, vd_set1(0x1.26c67ab1023f3p-11));
    s = vd_fma(s, th, vd_set1(0x1.0eee542d5e558p-9));
    s = vd_fma(s, th, vd_set1(0x1.d3c3cb259a92ap-8));
    s = vd_fma(s, th, vd_set1(0x1.7cd9d5da8cd96p-6));
    s = vd_fma(s, th, vd_set1(0x1.259c961419819p-4));
    s = vd_fma(s, th, vd_set1(0x1.ab14503f484eap-3));
    s = vd_fma(s, th, vd_set1(0x1.1d9a628eeaaafp-1));
    s = vd_fma(s, th, vd_set1(0x1.49433e20bcadap+0));
    s = vd_fma(s, th, vd_set1(0x1.21b0c7fb83ba1p+1));
    vd cl, ch = vd_fast_two_sum(vd_set1(GP_MISH_C1_H), vd_fma(th, s, vd_set1(GP_MISH_C1_L)), &cl);
    return gp_dd_mul(th, tl, ch, cl, fl);
}

/* g' = 2^*kk (q0 + *q1), unrounded */
static inline vd gp_mish_slope(vd z, vd *kk, vd *q1)
{
    gp_mish_parts m = gp_mish_reduce(z);
    vd dl, ah, al, n1h, n1l, dh = gp_mish_den(&m, &dl, &ah, &al, &n1h, &n1l);
    (void)n1h, (void)n1l;
    vd d2l, d2h = gp_dd_mul(dh, dl, dh, dl, &d2l);
    /* |z| < 2^-60 counts as 0 (g' moves by below 2^-60 relative), so that no
     * product of low parts underflows */
    vd zf = vd_select(vd_lt(vd_abs(z), vd_set1(0x1p-60)), vd_set1(0.0), m.zc);
    vd e, z4 = vd_mul(zf, vd_set1(4.0)), w = m.vh, wl = m.vl;
    /* z <= 0: F = 4(1+z) + w(6+4z) + w^2(4+w) */
    vd al4, a4 = vd_two_sum(vd_set1(4.0), z4, &al4);
    vd bl6, b6 = vd_two_sum(vd_set1(6.0), z4, &bl6);
    vd bl, bh = gp_dd_mul(w, wl, b6, bl6, &bl);
    vd w2l, w2 = gp_dd_mul(w, wl, w, wl, &w2l);
    vd c4 = vd_two_sum(vd_set1(4.0), w, &e);
    vd cl, ch = gp_dd_mul(w2, w2l, c4, vd_add(e, wl), &cl);
    vd fl, fh = gp_dd_add(a4, al4, bh, bl, &fl);
    fh = gp_dd_add(fh, fl, ch, cl, &fl);
    vdm near = vd_lt(vd_abs(vd_sub(z, vd_set1(GP_MISH_ZS_H))), vd_set1(0.0625));
    if (vd_any(near)) {
        vd tl, th = gp_mish_f_near(z, &tl);
        fh = vd_select(near, th, fh);
        fl = vd_select(near, tl, fl);
    }
    vd nnl, nnh = gp_dd_mul(m.mh, m.ml, fh, fl, &nnl);
    /* z > 0: 1 + u(4 + u(6 + 4u)) + 4z u^2 (1 + u), u^2 = w2 */
    vd t, th = vd_two_sum(vd_set1(6.0), vd_mul(w, vd_set1(4.0)), &t);
    vd tl = vd_add(t, vd_mul(wl, vd_set1(4.0)));
    th = gp_dd_mul(w, wl, th, tl, &tl);
    th = gp_dd_add(vd_set1(4.0), vd_set1(0.0), th, tl, &tl);
    th = gp_dd_mul(w, wl, th, tl, &tl);
    th = gp_dd_add(vd_set1(1.0), vd_set1(0.0), th, tl, &tl);
    vd ul, uh = vd_two_sum(vd_set1(1.0), w, &ul);
    ul = vd_add(ul, wl);
    uh = gp_dd_mul(w2, w2l, uh, ul, &ul);
    uh = gp_dd_mul(uh, ul, z4, vd_set1(0.0), &ul);
    vd npl, nph = gp_dd_add(th, tl, uh, ul, &npl);
    vd nh = vd_select(m.pos, nph, nnh), nl = vd_select(m.pos, npl, nnl);
    *kk = vd_select(m.pos, vd_set1(0.0), m.k);
    vd q0 = gp_dd_div(nh, nl, d2h, d2l, q1);
    if (m.rare) { /* g' = -0 + -0 (kk = 0 there) */
        q0 = vd_select(m.lo, vd_set1(-0.0), q0);
        *q1 = vd_select(m.lo, vd_set1(-0.0), *q1);
    }
    return q0;
}

static inline vd gp_mish_grad_vd(vd z, const gp_params *p)
{
    (void)p;
    vd k, q1, q0 = gp_mish_slope(z, &k, &q1);
    vd g = vd_ldexp(vd_add(q0, q1), k);
    g = vd_select(vd_gt(z, vd_set1(40.0)), vd_set1(1.0), g);
    return vd_nan_keep(z, g);
}

static inline vd gp_mish_backward_vd(vd z, vd da, const gp_params *p)
{
    (void)p;
    vd k, q1, q0 = gp_mish_slope(z, &k, &q1);
    vdm big = vd_gt(z, vd_set1(40.0));
    q0 = vd_select(big, vd_set1(1.0), q0);
    q1 = vd_select(big, vd_set1(0.0), q1);
    return vd_nan_first(z, da, gp_times_pow2(da, q0, q1, k));
}

/* float32: the double algorithms, rounded once */
static inline vf gp_mish_forward_vf(vf z, const gp_params *p) { return VF_VIA_VD(gp_mish_forward_vd, z, p); }
static inline vf gp_mish_grad_vf(vf z, const gp_params *p) { return VF_VIA_VD(gp_mish_grad_vd, z, p); }
/* an infinite da multiplies g' as rounded to float (rare lanes) */
static inline vf gp_mish_backward_vf(vf z, vf da, const gp_params *p)
{
    vf r = VF_VIA_VD2(gp_mish_backward_vd, z, da, p);
    vfm inf = vf_eq(vf_abs(da), vf_set1(INFINITY));
    if (vf_any(inf))
        r = vf_select(inf, vf_nan_first(z, da, vf_mul(da, gp_mish_grad_vf(z, p))), r);
    return r;
}

static void gp_f32_mish_forward(GP_KERNEL_ARGS_F32) { gp_map1_f32(p, n, x, da, out, gp_mish_forward_vf, GP_LOADS_FIRST); }
static void gp_f32_mish_grad(GP_KERNEL_ARGS_F32) { gp_map1_f32(p, n, x, da, out, gp_mish_grad_vf, GP_LOADS_FIRST); }
static void gp_f32_mish_backward(GP_KERNEL_ARGS_F32) { gp_map2_f32(p, n, x, da, out, gp_mish_backward_vf, GP_LOADS_FIRST); }
static void gp_f32_mish_backward_careful(GP_KERNEL_ARGS_F32) { gp_map2_f32(p, n, x, da, out, gp_mish_backward_vf, GP_LOADS_FIRST | GP_CAREFUL); }
static void gp_f64_mish_forward(GP_KERNEL_ARGS_F64) { gp_map1_f64(p, n, x, da, out, gp_mish_forward_vd, GP_LOADS_FIRST); }
static void gp_f64_mish_grad(GP_KERNEL_ARGS_F64) { gp_map1_f64(p, n, x, da, out, gp_mish_grad_vd, GP_LOADS_FIRST); }
static void gp_f64_mish_backward(GP_KERNEL_ARGS_F64) { gp_map2_f64(p, n, x, da, out, gp_mish_backward_vd, GP_LOADS_FIRST); }
static void gp_f64_mish_backward_careful(GP_KERNEL_ARGS_F64) { gp_map2_f64(p, n, x, da, out, gp_mish_backward_vd, GP_LOADS_FIRST | GP_CAREFUL); }

static const gp_act_kernels gp_mish_kernels = {
    .f32 = {gp_f32_mish_forward, gp_f32_mish_grad, NULL, gp_f32_mish_backward, NULL},
    .f64 = {gp_f64_mish_forward, gp_f64_mish_grad, NULL, gp_f64_mish_backward, NULL},
    .careful_f32 = {[GP_OP_BACKWARD] = gp_f32_mish_backward_careful},
    .careful_f64 = {[GP_OP_BACKWARD] = gp_f64_mish_backward_careful},
};

#elif defined(GP_ACT_REFERENCE)

/* MPFR at the precision of out plus 64 bits (plus 128 for F, which cancels
 * near z* by at most 60 bits for a double z), the head comment's rational
 * forms with w = e^z (z <= 0) or u = e^-z (z > 0). */
static void gp_mish_ref_g(mpfr_ptr out, const gp_act *act, double z)
{
    mpfr_t v, n, d;
    (void)act;
    if (isinf(z)) { /* the limits: -0 (z e^z from below), inf */
        mpfr_set_d(out, z > 0 ? z : -0.0, MPFR_RNDN);
        return;
    }
    mpfr_inits2(mpfr_get_prec(out) + 64, v, n, d, (mpfr_ptr)0);
    mpfr_set_d(v, -fabs(z), MPFR_RNDN);
    mpfr_exp(v, v, MPFR_RNDN);
    if (z > 0) { /* (1+2u) / (1+2u+2u^2) */
        mpfr_mul_2ui(n, v, 1, MPFR_RNDN);
        mpfr_add_ui(n, n, 1, MPFR_RNDN);
        mpfr_sqr(d, v, MPFR_RNDN);
        mpfr_mul_2ui(d, d, 1, MPFR_RNDN);
        mpfr_add(d, d, n, MPFR_RNDN);
    } else { /* w(2+w) / (2 + w(2+w)) */
        mpfr_add_ui(n, v, 2, MPFR_RNDN);
        mpfr_mul(n, n, v, MPFR_RNDN);
        mpfr_add_ui(d, n, 2, MPFR_RNDN);
    }
    mpfr_div(n, n, d, MPFR_RNDN);
    mpfr_mul_d(out, n, z, MPFR_RNDN);
    mpfr_clears(v, n, d, (mpfr_ptr)0);
}
static void gp_mish_ref_dg(mpfr_ptr out, const gp_act *act, double z)
{
    mpfr_t v, n, d, t;
    (void)act;
    if (isinf(z)) { /* the limits: -0 ((1+z) e^z from below), 1 */
        mpfr_set_d(out, z > 0 ? 1.0 : -0.0, MPFR_RNDN);
        return;
    }
    mpfr_inits2(mpfr_get_prec(out) + 192, v, n, d, t, (mpfr_ptr)0);
    mpfr_set_d(v, -fabs(z), MPFR_RNDN);
    mpfr_exp(v, v, MPFR_RNDN);
    if (z > 0) { /* (1 + u(4 + u(6+4u)) + 4z u^2 (1+u)) / (1+2u+2u^2)^2 */
        mpfr_mul_ui(n, v, 4, MPFR_RNDN);
        mpfr_add_ui(n, n, 6, MPFR_RNDN);
        mpfr_mul(n, n, v, MPFR_RNDN);
        mpfr_add_ui(n, n, 4, MPFR_RNDN);
        mpfr_mul(n, n, v, MPFR_RNDN);
        mpfr_add_ui(n, n, 1, MPFR_RNDN);
        mpfr_add_ui(t, v, 1, MPFR_RNDN);
        mpfr_mul(t, t, v, MPFR_RNDN);
        mpfr_mul(t, t, v, MPFR_RNDN);
        mpfr_mul_d(t, t, z, MPFR_RNDN); /* not 4.0 * z: it overflows above DBL_MAX/4 (and 0 * inf is NaN) */
        mpfr_mul_2ui(t, t, 2, MPFR_RNDN);
        mpfr_add(n, n, t, MPFR_RNDN);
        mpfr_add_ui(d, v, 1, MPFR_RNDN);
        mpfr_mul(d, d, v, MPFR_RNDN);
        mpfr_mul_2ui(d, d, 1, MPFR_RNDN);
        mpfr_add_ui(d, d, 1, MPFR_RNDN);
    } else { /* w F / (2 + w(2+w))^2, F = 4(1+z) + w(6+4z) + w^2(4+w) */
        mpfr_set_d(t, z, MPFR_RNDN);
        mpfr_mul_2ui(t, t, 2, MPFR_RNDN);
        mpfr_add_ui(n, t, 6, MPFR_RNDN);
        mpfr_mul(n, n, v, MPFR_RNDN);
        mpfr_add(n, n, t, MPFR_RNDN);
        mpfr_add_ui(n, n, 4, MPFR_RNDN);
        mpfr_add_ui(t, v, 4, MPFR_RNDN);
        mpfr_mul(t, t, v, MPFR_RNDN);
        mpfr_mul(t, t, v, MPFR_RNDN);
        mpfr_add(n, n, t, MPFR_RNDN);
        mpfr_mul(n, n, v, MPFR_RNDN);
        mpfr_add_ui(d, v, 2, MPFR_RNDN);
        mpfr_mul(d, d, v, MPFR_RNDN);
        mpfr_add_ui(d, d, 2, MPFR_RNDN);
    }
    mpfr_sqr(d, d, MPFR_RNDN);
    mpfr_div(out, n, d, MPFR_RNDN);
    mpfr_clears(v, n, d, t, (mpfr_ptr)0);
}

/* Screens (tools/ulp): the same forms in long double (expl within 2 ulp:
 * 2^-61 relative) and, for float z, in double (2^-50); F near z*
 * (|z - z*| < 1/4) as its Taylor series to t^18 (truncation 2^-70), t = z - z*
 * with z* to 128 bits; outside, F's absolute error (2^-61.5 / 2^-50.5)
 * is below 2^-62 / 2^-51 of |F| >= 1.6. */
static const long double gp_mish_taylor[18] = {
    0xc.d0e0aafbdbe8a89p-1L, 0x9.0d863fdc1dd081fp-2L, 0xa.4a19f105e56d07ep-3L, 0x8.ecd314775557941p-4L,
    0xd.58a281fa427535bp-6L, 0x9.2ce4b0a0cc0c666p-7L, 0xb.e6ceaed466cb0d6p-9L, 0xe.9e1e592cd495374p-11L,
    0x8.7772a16af2ac266p-12L, 0x9.3633d58811f996fp-14L, 0x9.64046a1afcc99b7p-16L, 0x8.f6a28a9f8577e7dp-18L,
    0x8.03d6bcea4f23dap-20L, 0xd.72544792e8d368fp-23L, 0xa.99fe61ba4957eb1p-25L, 0xf.bf391369075e1d8p-28L,
    0xb.0ae182bb709f7e8p-30L, 0xe.a8933a8e224e22cp-33L};
#define GP_MISH_ZS_LD_H -0x9.8a19606896c21bfp-3L
#define GP_MISH_ZS_LD_L -0xc.64553688413b82fp-69L

static long double gp_mish_screen_ld(const gp_act *act, int fn, double x)
{
    long double z = x, v = expl(-fabsl(z));
    (void)act;
    if (isinf(x))
        return x > 0 ? (fn == GP_REF_G ? x : 1.0L) : -0.0L;
    if (fn == GP_REF_G)
        return z > 0 ? z * (1 + 2 * v) / (1 + 2 * v + 2 * v * v) : z * v * (2 + v) / (2 + v * (2 + v));
    if (z > 0) {
        long double d = 1 + 2 * v + 2 * v * v;
        return (1 + v * (4 + v * (6 + 4 * v)) + 4 * z * v * v * (1 + v)) / (d * d);
    }
    long double t = (z - GP_MISH_ZS_LD_H) - GP_MISH_ZS_LD_L, f;
    if (fabsl(t) < 0.25L) {
        long double s = 0;
        for (int i = 17; i >= 0; i--)
            s = s * t + gp_mish_taylor[i];
        f = s * t;
    } else {
        f = 4 * (1 + z) + v * (6 + 4 * z) + v * v * (4 + v);
    }
    long double d = 2 + v * (2 + v);
    return v * f / (d * d);
}
static void gp_mish_screen_d(const gp_act *act, float zf, double out[GP_REF_FN_COUNT])
{
    double z = zf, v = exp(-fabs(z));
    (void)act;
    if (isinf(z)) {
        out[GP_REF_G] = z > 0 ? z : -0.0;
        out[GP_REF_DG] = z > 0 ? 1.0 : -0.0;
        return;
    }
    out[GP_REF_G] = z > 0 ? z * (1 + 2 * v) / (1 + 2 * v + 2 * v * v) : z * v * (2 + v) / (2 + v * (2 + v));
    if (z > 0) {
        double d = 1 + 2 * v + 2 * v * v;
        out[GP_REF_DG] = (1 + v * (4 + v * (6 + 4 * v)) + 4 * z * v * v * (1 + v)) / (d * d);
        return;
    }
    double t = (z - (double)GP_MISH_ZS_LD_H) - (double)(GP_MISH_ZS_LD_H - (double)GP_MISH_ZS_LD_H), f;
    if (fabs(t) < 0.25) {
        double s = 0;
        for (int i = 17; i >= 0; i--)
            s = s * t + (double)gp_mish_taylor[i];
        f = s * t;
    } else {
        f = 4 * (1 + z) + v * (6 + 4 * z) + v * v * (4 + v);
    }
    double d = 2 + v * (2 + v);
    out[GP_REF_DG] = v * f / (d * d);
}

static const gp_act_ref gp_mish_ref = {
    {gp_mish_ref_g, gp_mish_ref_dg, NULL},
    gp_mish_screen_d,
    gp_mish_screen_ld,
};
#endif
#endif
