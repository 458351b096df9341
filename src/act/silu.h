/* silu (swish): g(z) = z sigmoid(z),  g'(z) = sigmoid(z) (1 + z sigmoid(-z)).
 *
 * z sigmoid(v(z)) with v = w = z: the algorithm, bounds and helpers of
 * zsig_core.h (f64: forward < 0.6 ulp, grad < 0.65, backward < 1.8; a
 * subnormal result < 1 ulp of the spacing).  Here:
 * - E = e^-|z| (gp_exp_dd_pair with no low part: z is exact).
 * - Near the zero z* = -1.27846454276... of g' (|z - z*| < 2^-6) h = 1 + z +
 *   e^z is the local expansion (t = z - z* exact to 2^-105 relative by
 *   Sterbenz and TwoSum with the triple-double z*):
 *     h = t (-z* + E* Q1(t)),   E* = e^z* = -(1 + z*),
 *     Q1(t) = (e^t - 1)/t - 1 = t/2 + ... + t^6/7! (truncation < 2^-59),
 *   the leading t (-z*) in double-double, the O(t) rest in double: relative
 *   error below 2^-56 at |t| = 2^-6, 2^-100 as t -> 0 (the double next to
 *   z* is 2^-53 away: a double-double z* would leave t there with a relative
 *   error of 2^-53, hence the third word).
 * - Range: z is clamped to [-1500, 1500] (beyond, |g'| and |z| e^z are below
 *   2^-2000); forward returns z itself for z > 1500 (it rounds to z from 40).
 *   The clamp makes |h| < 2^13.
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

#include "act/zsig_core.h"

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
    /* rare lanes: z > 50 (E(1 + z) < 2^-66), z <= -1500, |z| < 2^-60 */
    gp_zsig_rare_t rr;
    vd zn, ze = gp_zsig_rare_in(zc, 50.0, -1500.0, &rr, &zn);
    vd k, ml, mh = gp_exp_dd_pair(vd_neg(vd_abs(ze)), vd_set1(0.0), &k, &ml);
    /* t = z - z*: z - Z0_H exact (Sterbenz) where it is used */
    vd t0 = vd_sub(ze, vd_set1(GP_SILU_Z0_H));
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
    vd q = gp_zsig_core(zn, ze, vd_set1(0.0), k, mh, ml, loc, lh, ll, kk, fq);
    return gp_zsig_rare_out(&rr, zc, q, fq);
}

static inline vd gp_silu_forward_vd(vd z, const gp_params *p)
{
    (void)p;
    vd kk, fq;
    (void)gp_silu_parts_(z, &kk, &fq);
    return gp_zsig_g(z, fq, kk, 1500.0);
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
static void gp_f32_silu_backward_careful(GP_KERNEL_ARGS_F32) { gp_map2_f32(p, n, x, da, out, gp_silu_backward_vf, GP_LOADS_FIRST | GP_CAREFUL); }
static void gp_f64_silu_forward(GP_KERNEL_ARGS_F64) { gp_map1_f64(p, n, x, da, out, gp_silu_forward_vd, GP_LOADS_FIRST); }
static void gp_f64_silu_grad(GP_KERNEL_ARGS_F64) { gp_map1_f64(p, n, x, da, out, gp_silu_grad_vd, GP_LOADS_FIRST); }
static void gp_f64_silu_backward(GP_KERNEL_ARGS_F64) { gp_map2_f64(p, n, x, da, out, gp_silu_backward_vd, GP_LOADS_FIRST); }
static void gp_f64_silu_backward_careful(GP_KERNEL_ARGS_F64) { gp_map2_f64(p, n, x, da, out, gp_silu_backward_vd, GP_LOADS_FIRST | GP_CAREFUL); }

/* no from-output forms: g is not monotonic */
static const gp_act_kernels gp_silu_kernels = {
    .f32 = {gp_f32_silu_forward, gp_f32_silu_grad, NULL, gp_f32_silu_backward, NULL},
    .f64 = {gp_f64_silu_forward, gp_f64_silu_grad, NULL, gp_f64_silu_backward, NULL},
    .careful_f32 = {[GP_OP_BACKWARD] = gp_f32_silu_backward_careful},
    .careful_f64 = {[GP_OP_BACKWARD] = gp_f64_silu_backward_careful},
};

#elif defined(GP_ACT_REFERENCE)

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
