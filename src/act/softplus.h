/* softplus: g(z) = log(1 + e^(Bz)) / B (B = beta > 0, finite; default 1),
 * g'(z) = sigmoid(Bz), from the output a: 1 - e^(-Ba).  No threshold
 * shortcut: every z gets the exact function (softplus(-100) = 3.7e-44 in f32).
 *
 * x = Bz is formed exactly as a double-double (TwoProduct); z is first
 * clamped to |z| <= 2000/B (beyond it e^-|x| underflows every result) and
 * flushed to 0 where |Bz| < 2^-61 (there g = ln2/B + z/2 + ..., and z/2 is
 * below 2^-62 of g), so that the product neither overflows nor underflows.
 * B = bm 2^eb with bm in [1, 2) (exactly, by its bits): dividing by bm and
 * scaling by 2^-eb last keeps every intermediate normal for every B.
 * E = e^-|x| = 2^k (mh + ml) (softplus_core.h, 2^-56.8), L = log1p(E)
 * (softplus_core.h, 2^-56):
 * forward   x <= 0: L / B: a double-double quotient rounded once (vd_div_dd,
 *           0.57 ulp) plus L's 2^-56 (0.13 ulp): below 0.7 ulp; a subnormal
 *           result is that quotient scaled by its power of 2, a second
 *           rounding: below 1 ulp of the spacing.
 *           x > 0: (x/bm + L/bm) 2^-eb, where x/bm = z 2^eb is exact: two
 *           positive terms summed as a double-double and rounded once: below
 *           0.6 ulp.  For x > 40, L/B < 2^-63 z and g is z (inf for inf).
 * grad      sigmoid(x): x <= 0: E/(1+E), x > 0: 1/(1+E), one vd_div_dd (as
 *           sigmoid.h) plus E's error: below 0.7 ulp (subnormal: below 1).
 * backward  da * g' with the quotient unrounded, scaled last
 *           (gp_times_pow2): below 0.7 ulp (1 for a subnormal result).
 * from a    1 - e^(-Ba) = M from E = e^-|Ba| (Ba exact, |a| clamped and
 *           flushed as z):  |Ba| >= 0.35: 1 - E (1 - eh exact);  |Ba| < 0.35:
 *           -(E - 1) from the exponential's parts as tanh.h forms it
 *           (relative error below 2^-56);  |Ba| < 2^-61: B*a rounded.
 *           a >= 0: M rounded: below 0.52 ulp.  a < 0 (outside the range of
 *           g; the formula is applied as is): 1 - e^|Ba| = -M/E, a quotient
 *           scaled by 2^-k: below 0.7 ulp, -inf from |Ba| > 709.78 (the value
 *           overflows); -inf for a = -inf.  backward from a: da * M (or
 *           da * -M/E) rounded once: below 0.55 (0.7) ulp.
 * f32: the same algorithms in double on the float z and (float)B (exact
 * there: Bz has 48 bits), rounded once to float: below 0.5 + 2^-20 ulp.
 * backward in f32 with an infinite da multiplies g' as rounded to float
 * (inf * 0 = NaN where it underflows), as the other activations do.
 * NaN -> the same NaN, quieted; softplus(-inf) = 0, softplus(inf) = inf,
 * g'(-inf) = 0, g'(inf) = 1. */
#ifndef GP_ACT_SOFTPLUS_H
#define GP_ACT_SOFTPLUS_H

#if defined(GP_ACT_FACTS)

static void gp_softplus_limits(const gp_act *act, double lim[4])
{
    lim[0] = 0.0, lim[1] = INFINITY, lim[2] = 0.0, lim[3] = 1.0;
    (void)act;
}

static const gp_act_desc gp_softplus_desc = {
    .kind = GP_SOFTPLUS,
    .name = "softplus",
    .g = "log(1+e^(beta z))/beta",
    .dg = "sigmoid(beta z)",
    .dg_from_a = "1-e^(-beta a)",
    .nparams = 1,
    .params = {{"beta", GP_SLOT_BETA, 1.0, 0.0, INFINITY, 1, -INFINITY, 0}},
    .ops = GP_OPS_ALL,
    /* forward, grad, grad_from_output, backward, backward_from_output */
    .ulp = {{1.0, 2.0, 1.0, 2.5, 1.5}, {1.0, 2.0, 1.0, 2.5, 1.5}},
    .arith = 1,
    .limits = gp_softplus_limits,
    .show_lo = -5.0,
    .show_hi = 5.0,
};

#elif defined(GP_ACT_KERNELS)

#include "softplus_core.h"

/* B split for the kernels (scalar, once per call: the loop hoists it):
 * B = bm 2^eb exactly, bm in [1, 2); the clamp U and the flush T of z */
typedef struct {
    double b, bm, eb, lo, hi;
} gp_sp_beta_t;

static inline gp_sp_beta_t gp_sp_beta(double b)
{
    gp_sp_beta_t s;
    double t = b < 0x1p-1000 ? b * 0x1p100 : b; /* exact */
    uint64_t u;
    memcpy(&u, &t, sizeof u);
    int e = (int)(u >> 52 & 0x7ff) - 1023;
    u = (u & ~(0x7ffull << 52)) | (1023ull << 52);
    memcpy(&s.bm, &u, sizeof u);
    s.b = b;
    s.eb = (double)(e - (b < 0x1p-1000 ? 100 : 0));
    s.lo = b < 0x1p900 ? 0x1p-61 / b : 0.0;
    s.hi = b >= 0x1p-1000 ? 2000.0 / b : DBL_MAX;
    return s;
}

/* z clamped to [-hi, hi] and flushed to 0 below lo; x = B zc = xh + *xl
 * exactly, +-inf for z = +-inf */
static inline vd gp_sp_x(vd z, const gp_sp_beta_t *s, vd *zc, vd *xl)
{
    vd c = vd_min(vd_max(z, vd_set1(-s->hi)), vd_set1(s->hi));
    c = vd_select(vd_lt(vd_abs(z), vd_set1(s->lo)), vd_set1(0.0), c);
    *zc = c;
    /* z = +-inf: x = +-inf (the clamp would leave |Bz| tiny where B is) */
    vdm inf = vd_eq(vd_abs(z), vd_set1(INFINITY));
    vd l, h = gp_dd_prod(vd_set1(s->b), c, &l);
    *xl = vd_select(inf, vd_set1(0.0), l);
    return vd_select(inf, z, h);
}

static inline vd gp_sp_forward(vd z, double beta)
{
    gp_sp_beta_t s = gp_sp_beta(beta);
    vd zc, xl, xh = gp_sp_x(z, &s, &zc, &xl);
    /* rare lanes (issue 19): x below -1500 (z = -inf, NaN) is computed at 0
     * and given the +0 it rounded to: no spurious FE_UNDERFLOW */
    vdm lo = vd_lt(xh, vd_set1(-1500.0));
    int rare = vd_any(lo);
    if (rare) {
        xh = vd_select(lo, vd_set1(0.0), xh);
        xl = vd_select(lo, vd_set1(0.0), xl);
    }
    vd k, ml, mh = gp_exp_neg_abs_dd(vd_min(xh, vd_set1(50.0)), xl, &k, &ml);
    vd kl, ll, lh = gp_log1p_exp(k, mh, ml, &kl, &ll);
    vd bm = vd_set1(s.bm), meb = vd_set1(-s.eb), zero = vd_set1(0.0);
    vdm pos = vd_gt(xh, zero);
    /* x <= 0 (the other lanes take a harmless exponent: no spurious flags) */
    vd kn = vd_select(pos, zero, vd_max(vd_add(kl, meb), vd_set1(-2500.0)));
    vd neg = vd_ldexp(vd_div_dd(lh, ll, bm, zero), kn);
    /* 0 < x <= 40 (kl >= -73: the scaling is exact; other lanes sum 4 + q) */
    vd q1, q0 = gp_dd_div(lh, ll, bm, zero, &q1);
    vd kp = vd_max(kl, vd_set1(-100.0));
    q0 = vd_ldexp(q0, kp), q1 = vd_ldexp(q1, kp);
    vd zs = vd_select(pos, vd_ldexp(zc, vd_set1(s.eb)), vd_set1(4.0));
    vd e, sh = vd_two_sum(zs, q0, &e);
    vd g = vd_select(pos, vd_ldexp(vd_add(sh, vd_add(e, q1)), meb), neg);
    g = vd_select(vd_gt(xh, vd_set1(40.0)), z, g);
    if (rare)
        g = vd_select(lo, vd_set1(0.0), g);
    return vd_nan_keep(z, g);
}

/* sigmoid(x) = 2^*kk (q0 + *q1), unrounded */
static inline vd gp_sp_sigmoid(vd z, double beta, vd *kk, vd *q1)
{
    gp_sp_beta_t s = gp_sp_beta(beta);
    vd zc, xl, xh = gp_sp_x(z, &s, &zc, &xl);
    /* rare lanes (issue 19): x above 40 (+inf) and below -1500 (-inf, NaN)
     * are computed at 0 and given 1 - 0 and 0 + 0: what the roundings of
     * q0 + q1 and of da (q0 + q1) made of them anyway (E < 2^-57 beside 1),
     * without the FE_UNDERFLOW of E's products.  The zeros' signs are those
     * of the q1 they replace (-E above 40; at the clamp 1500 below, q1 > 0),
     * for the sign of da (q0 + q1) at da = +-0 */
    vdm hi = vd_gt(xh, vd_set1(40.0)), lo = vd_lt(xh, vd_set1(-1500.0));
    vdm far = vd_mask_or(hi, lo);
    int rare = vd_any(far);
    if (rare) {
        xh = vd_select(far, vd_set1(0.0), xh);
        xl = vd_select(far, vd_set1(0.0), xl);
    }
    vd k, ml, mh = gp_exp_neg_abs_dd(xh, xl, &k, &ml);
    vd dl, dh = gp_one_plus(gp_exp_scale(k), mh, ml, &dl);
    vdm neg = vd_le(xh, vd_set1(0.0));
    vd nh = vd_select(neg, mh, vd_set1(1.0));
    vd nl = vd_select(neg, ml, vd_set1(0.0));
    *kk = vd_select(neg, k, vd_set1(0.0));
    vd q0 = gp_dd_div(nh, nl, dh, dl, q1);
    if (rare) {
        q0 = vd_select(hi, vd_set1(1.0), vd_select(lo, vd_set1(0.0), q0));
        *q1 = vd_select(hi, vd_set1(-0.0), vd_select(lo, vd_set1(0.0), *q1));
        *kk = vd_select(far, vd_set1(0.0), *kk);
    }
    return q0;
}

static inline vd gp_sp_grad(vd z, double beta)
{
    vd k, q1, q0 = gp_sp_sigmoid(z, beta, &k, &q1);
    return vd_nan_keep(z, vd_ldexp(vd_add(q0, q1), k));
}

static inline vd gp_sp_backward(vd z, vd da, double beta)
{
    vd k, q1, q0 = gp_sp_sigmoid(z, beta, &k, &q1);
    return vd_nan_first(z, da, gp_times_pow2(da, q0, q1, k));
}

/* 1 - e^(-Ba) = 2^*kk (q0 + *q1), unrounded, or *tiny = B*a rounded
 * (selected where *is_tiny): see the head comment */
static inline vd gp_sp_from_a(vd a, double beta, vd *kk, vd *q1, vdm *is_tiny)
{
    gp_sp_beta_t s = gp_sp_beta(beta);
    vd ac, xl, xh = gp_sp_x(a, &s, &ac, &xl);
    /* a NaN (its result is the NaN) is computed at x = 1, not at the clamp
     * -2000 B/B, whose 1/E would overflow (issue 19) */
    vdm nan = vd_isnan(a);
    if (vd_any(nan)) {
        xh = vd_select(nan, vd_set1(1.0), xh);
        xl = vd_select(nan, vd_set1(0.0), xl);
    }
    vd ax = vd_abs(xh);
    /* E = e^-|x| = 2^k th (1 + r + q) + 2^k tl (1 + r + q) */
    gp_exp_parts e = gp_exp_reduce(vd_neg(vd_min(ax, vd_set1(1500.0))));
    vd ml0, mh = gp_exp_mantissa(&e, &ml0);
    vd yl = vd_select(vd_gt(xh, vd_set1(0.0)), vd_neg(xl), xl);
    vd ml = vd_fma(vd_add(mh, ml0), yl, ml0);
    vd mnl, mnh = vd_fast_two_sum(mh, ml, &mnl); /* renormalised: the divisor below */
    /* |x| >= 0.35: M = 1 - E from 2^max(k,-80) (E below 2^-79 is lost in 1 - E) */
    vd sc = vd_ldexp(vd_set1(1.0), vd_max(e.k, vd_set1(-80.0)));
    vd t, mbh = vd_fast_two_sum(vd_set1(1.0), vd_neg(vd_mul(sc, mh)), &t);
    vd mbl = vd_sub(t, vd_mul(sc, ml));
    /* |x| < 0.35 (k in {-1, 0}): E - 1 = (c - 1) + c rh + [c (rl + q + yl) + s tl (1 + rh)],
     * c = 2^k th in [1/2, 1]: c - 1 exact, c rh split by FMA */
    vd s2 = vd_ldexp(vd_set1(1.0), vd_max(e.k, vd_set1(-2.0)));
    vd c = vd_mul(s2, e.th), stl = vd_mul(s2, e.tl);
    vd pl, ph = gp_dd_prod(c, e.rh, &pl);
    vd sl, sh = vd_two_sum(vd_sub(c, vd_set1(1.0)), ph, &sl);
    vd lo = vd_add(vd_add(sl, pl), vd_fma(c, vd_add(vd_add(e.rl, e.q), yl), vd_fma(stl, e.rh, stl)));
    vd msl, msh = vd_fast_two_sum(sh, lo, &msl);
    vdm small = vd_lt(ax, vd_set1(0.35));
    vd Mh = vd_select(small, vd_neg(msh), mbh);
    vd Ml = vd_select(small, vd_neg(msl), mbl);
    /* a < 0: -M / E = -(M / (mh + ml)) 2^-k */
    vd d1, d0 = gp_dd_div(Mh, Ml, mnh, mnl, &d1);
    vdm neg = vd_lt(xh, vd_set1(0.0));
    *kk = vd_select(neg, vd_neg(e.k), vd_set1(0.0));
    *q1 = vd_select(neg, vd_neg(d1), Ml);
    *is_tiny = vd_eq(ac, vd_set1(0.0));
    return vd_select(neg, vd_neg(d0), Mh);
}

static inline vd gp_sp_grad_from_output(vd a, double beta)
{
    vdm tiny;
    vd k, q1, q0 = gp_sp_from_a(a, beta, &k, &q1, &tiny);
    vd g = vd_ldexp(vd_add(q0, q1), k);
    /* B a only where tiny, from those lanes' a (B a elsewhere could
     * overflow: no spurious FE_OVERFLOW, issue 19) */
    if (vd_any(tiny))
        g = vd_select(tiny, vd_mul(vd_set1(beta), vd_select(tiny, a, vd_set1(0.0))), g);
    return vd_nan_keep(a, g);
}

static inline vd gp_sp_backward_from_output(vd a, vd da, double beta)
{
    vdm tiny;
    vd k, q1, q0 = gp_sp_from_a(a, beta, &k, &q1, &tiny);
    vd b = vd_set1(beta);
    /* B*a tiny: da * (B a), two roundings; formed only where tiny, from
     * those lanes' operands (elsewhere da * B a could overflow, or be
     * 0 * inf: no spurious FE_OVERFLOW/FE_INVALID, issue 19) */
    vd g = gp_times_pow2(da, q0, q1, k);
    if (vd_any(tiny)) {
        vd z0 = vd_set1(0.0);
        g = vd_select(tiny, vd_mul(vd_select(tiny, da, z0), vd_mul(b, vd_select(tiny, a, z0))), g);
    }
    return vd_nan_first(a, da, g);
}

static inline vd gp_softplus_forward_vd(vd z, const gp_params *p) { return gp_sp_forward(z, p->beta); }
static inline vd gp_softplus_grad_vd(vd z, const gp_params *p) { return gp_sp_grad(z, p->beta); }
static inline vd gp_softplus_backward_vd(vd z, vd da, const gp_params *p) { return gp_sp_backward(z, da, p->beta); }
static inline vd gp_softplus_grad_from_output_vd(vd a, const gp_params *p) { return gp_sp_grad_from_output(a, p->beta); }
static inline vd gp_softplus_backward_from_output_vd(vd a, vd da, const gp_params *p)
{
    return gp_sp_backward_from_output(a, da, p->beta);
}

/* float32: the double algorithms on (float)B, rounded once */
static inline vd gp_softplus_forward_vdf(vd z, const gp_params *p) { return gp_sp_forward(z, p->beta_f); }
static inline vd gp_softplus_grad_vdf(vd z, const gp_params *p) { return gp_sp_grad(z, p->beta_f); }
static inline vd gp_softplus_backward_vdf(vd z, vd da, const gp_params *p) { return gp_sp_backward(z, da, p->beta_f); }
static inline vd gp_softplus_grad_from_output_vdf(vd a, const gp_params *p) { return gp_sp_grad_from_output(a, p->beta_f); }
static inline vd gp_softplus_backward_from_output_vdf(vd a, vd da, const gp_params *p)
{
    return gp_sp_backward_from_output(a, da, p->beta_f);
}
static inline vf gp_softplus_forward_vf(vf z, const gp_params *p) { return VF_VIA_VD(gp_softplus_forward_vdf, z, p); }
static inline vf gp_softplus_grad_vf(vf z, const gp_params *p) { return VF_VIA_VD(gp_softplus_grad_vdf, z, p); }
static inline vf gp_softplus_grad_from_output_vf(vf a, const gp_params *p)
{
    return VF_VIA_VD(gp_softplus_grad_from_output_vdf, a, p);
}
static inline vf gp_softplus_backward_from_output_vf(vf a, vf da, const gp_params *p)
{
    return VF_VIA_VD2(gp_softplus_backward_from_output_vdf, a, da, p);
}
/* an infinite da multiplies g' as rounded to float (rare lanes) */
static inline vf gp_softplus_backward_vf(vf z, vf da, const gp_params *p)
{
    vf r = VF_VIA_VD2(gp_softplus_backward_vdf, z, da, p);
    vfm inf = vf_eq(vf_abs(da), vf_set1(INFINITY));
    if (vf_any(inf))
        r = vf_select(inf, vf_nan_first(z, da, vf_mul(da, gp_softplus_grad_vf(z, p))), r);
    return r;
}

static void gp_f32_softplus_forward(GP_KERNEL_ARGS_F32) { gp_map1_f32(p, n, x, da, out, gp_softplus_forward_vf, GP_LOADS_FIRST); }
static void gp_f32_softplus_grad(GP_KERNEL_ARGS_F32) { gp_map1_f32(p, n, x, da, out, gp_softplus_grad_vf, GP_LOADS_FIRST); }
static void gp_f32_softplus_grad_from_output(GP_KERNEL_ARGS_F32) { gp_map1_f32(p, n, x, da, out, gp_softplus_grad_from_output_vf, GP_LOADS_FIRST); }
static void gp_f32_softplus_backward(GP_KERNEL_ARGS_F32) { gp_map2_f32(p, n, x, da, out, gp_softplus_backward_vf, GP_LOADS_FIRST); }
static void gp_f32_softplus_backward_careful(GP_KERNEL_ARGS_F32) { gp_map2_f32(p, n, x, da, out, gp_softplus_backward_vf, GP_LOADS_FIRST | GP_CAREFUL); }
static void gp_f32_softplus_backward_from_output(GP_KERNEL_ARGS_F32) { gp_map2_f32(p, n, x, da, out, gp_softplus_backward_from_output_vf, GP_LOADS_FIRST); }
static void gp_f32_softplus_backward_from_output_careful(GP_KERNEL_ARGS_F32) { gp_map2_f32(p, n, x, da, out, gp_softplus_backward_from_output_vf, GP_LOADS_FIRST | GP_CAREFUL); }
static void gp_f64_softplus_forward(GP_KERNEL_ARGS_F64) { gp_map1_f64(p, n, x, da, out, gp_softplus_forward_vd, GP_LOADS_FIRST); }
static void gp_f64_softplus_grad(GP_KERNEL_ARGS_F64) { gp_map1_f64(p, n, x, da, out, gp_softplus_grad_vd, GP_LOADS_FIRST); }
static void gp_f64_softplus_grad_from_output(GP_KERNEL_ARGS_F64) { gp_map1_f64(p, n, x, da, out, gp_softplus_grad_from_output_vd, GP_LOADS_FIRST); }
static void gp_f64_softplus_backward(GP_KERNEL_ARGS_F64) { gp_map2_f64(p, n, x, da, out, gp_softplus_backward_vd, GP_LOADS_FIRST); }
static void gp_f64_softplus_backward_careful(GP_KERNEL_ARGS_F64) { gp_map2_f64(p, n, x, da, out, gp_softplus_backward_vd, GP_LOADS_FIRST | GP_CAREFUL); }
static void gp_f64_softplus_backward_from_output(GP_KERNEL_ARGS_F64) { gp_map2_f64(p, n, x, da, out, gp_softplus_backward_from_output_vd, GP_LOADS_FIRST); }
static void gp_f64_softplus_backward_from_output_careful(GP_KERNEL_ARGS_F64) { gp_map2_f64(p, n, x, da, out, gp_softplus_backward_from_output_vd, GP_LOADS_FIRST | GP_CAREFUL); }

static const gp_act_kernels gp_softplus_kernels = {
    .f32 = {gp_f32_softplus_forward, gp_f32_softplus_grad, gp_f32_softplus_grad_from_output, gp_f32_softplus_backward, gp_f32_softplus_backward_from_output},
    .f64 = {gp_f64_softplus_forward, gp_f64_softplus_grad, gp_f64_softplus_grad_from_output, gp_f64_softplus_backward, gp_f64_softplus_backward_from_output},
    .careful_f32 = {[GP_OP_BACKWARD] = gp_f32_softplus_backward_careful, [GP_OP_BACKWARD_FROM_OUTPUT] = gp_f32_softplus_backward_from_output_careful},
    .careful_f64 = {[GP_OP_BACKWARD] = gp_f64_softplus_backward_careful, [GP_OP_BACKWARD_FROM_OUTPUT] = gp_f64_softplus_backward_from_output_careful},
};

#elif defined(GP_ACT_REFERENCE)

/* MPFR at the precision of out plus 64 bits, x = Bz exact (B and z doubles):
 *   g = z + log1p(e^-x)/B (x > 0), log1p(e^x)/B (x <= 0): no overflow of e^x;
 *   g' = 1/(1+e^-x) (x > 0), e^x/(1+e^x);  from a: -expm1(-Ba). */
static void gp_softplus_ref_g(mpfr_ptr out, const gp_act *act, double z)
{
    mpfr_t x, t;
    mpfr_inits2(mpfr_get_prec(out) + 64, x, t, (mpfr_ptr)0);
    mpfr_set_d(x, z, MPFR_RNDN);
    mpfr_mul_d(x, x, act->beta, MPFR_RNDN);
    int pos = mpfr_sgn(x) > 0;
    if (pos)
        mpfr_neg(t, x, MPFR_RNDN);
    else
        mpfr_set(t, x, MPFR_RNDN);
    mpfr_exp(t, t, MPFR_RNDN);
    mpfr_log1p(t, t, MPFR_RNDN);
    mpfr_div_d(t, t, act->beta, MPFR_RNDN);
    if (pos)
        mpfr_add_d(t, t, z, MPFR_RNDN);
    mpfr_set(out, t, MPFR_RNDN);
    mpfr_clears(x, t, (mpfr_ptr)0);
}
static void gp_softplus_ref_dg(mpfr_ptr out, const gp_act *act, double z)
{
    mpfr_t x, e;
    mpfr_inits2(mpfr_get_prec(out) + 64, x, e, (mpfr_ptr)0);
    mpfr_set_d(x, z, MPFR_RNDN);
    mpfr_mul_d(x, x, act->beta, MPFR_RNDN);
    int pos = mpfr_sgn(x) > 0;
    mpfr_abs(e, x, MPFR_RNDN);
    mpfr_neg(e, e, MPFR_RNDN);
    mpfr_exp(e, e, MPFR_RNDN);
    mpfr_add_ui(x, e, 1, MPFR_RNDN);
    if (pos)
        mpfr_ui_div(out, 1, x, MPFR_RNDN);
    else
        mpfr_div(out, e, x, MPFR_RNDN);
    mpfr_clears(x, e, (mpfr_ptr)0);
}
static void gp_softplus_ref_dg_from_a(mpfr_ptr out, const gp_act *act, double a)
{
    mpfr_t x;
    mpfr_init2(x, mpfr_get_prec(out) + 64);
    mpfr_set_d(x, a, MPFR_RNDN);
    mpfr_mul_d(x, x, -act->beta, MPFR_RNDN);
    mpfr_expm1(x, x, MPFR_RNDN);
    mpfr_neg(out, x, MPFR_RNDN);
    mpfr_clear(x);
}

/* Screens (tools/ulp), the same formulas with libm: float z and B give x = Bz
 * exactly in double, relative error below 2^-50 (exp, log1p, expm1 within
 * 1 ulp; no cancellation); in long double x = xh + xl by fmal, e^x =
 * e^xh (1 + xl): relative error below 2^-61. */
static void gp_softplus_screen_d(const gp_act *act, float zf, double out[GP_REF_FN_COUNT])
{
    double b = act->beta, z = zf, x = b * z, E = exp(-fabs(x));
    out[GP_REF_G] = x > 0 ? z + log1p(E) / b : log1p(E) / b;
    out[GP_REF_DG] = x > 0 ? 1.0 / (1.0 + E) : E / (1.0 + E);
    out[GP_REF_DG_FROM_A] = -expm1(-x);
}
static long double gp_softplus_screen_ld(const gp_act *act, int fn, double v)
{
    long double b = act->beta, z = v, xh = b * z, xl = fmal(b, z, -xh);
    if (fn == GP_REF_DG_FROM_A) {
        long double m = -expm1l(-xh);
        return xl != 0 ? m + expl(-xh) * xl : m;
    }
    int pos = xh > 0;
    long double E = pos ? expl(-xh) * (1 - xl) : expl(xh) * (1 + xl);
    if (fn == GP_REF_G)
        return pos ? z + log1pl(E) / b : log1pl(E) / b;
    return pos ? 1.0L / (1.0L + E) : E / (1.0L + E);
}

static const gp_act_ref gp_softplus_ref = {
    {gp_softplus_ref_g, gp_softplus_ref_dg, gp_softplus_ref_dg_from_a},
    gp_softplus_screen_d,
    gp_softplus_screen_ld,
};
#endif
#endif
