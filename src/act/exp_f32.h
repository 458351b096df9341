/* The exponential core for float32 results, evaluated in double precision.
 * A float result needs its double value within 2^-30 relative to be off by
 * at most 0.5 + 2^-6 ulp after the final rounding; this core is far inside.
 *
 * e^-v for v in [-220, 220] (the callers clamp):
 *   kd = round(-16v/ln2), u = v + kd*ln2/16 by one FMA, so -v = kd*ln2/16 - u:
 *        |u| <= ln2/32 = 0.0217, absolute error < 2^-46 (|kd| <= 5100 times
 *        the 2^-57 error of ln2/16 in double)
 *   p  = e^-u - 1 = -u + u^2/2 - u^3/6 + u^4/24 - u^5/120: truncation below
 *        u^6/720 < 2^-43 relative to u (signs folded into the coefficients)
 *   t  = 2^(kd/16) = 2^(j/16) * 2^floor(kd/16) from the table, exact
 *   E  = e^-v     = t + t*p            (one FMA)
 *   M  = e^-v - 1 = (t - 1) + t*p      (one FMA; t - 1 is exact for t in
 *        [1/2, 2] by Sterbenz, which covers every |v| < 0.69 where e^-v - 1
 *        cancels; elsewhere |e^-v - 1| > 1/2)
 * E and M have relative error below 2^-40, and no overflow: E <= 2^318. */
#ifndef GP_ACT_EXP_F32_H
#define GP_ACT_EXP_F32_H

#define GP_LN2_16 0x1.62e42fefa39efp-5

typedef struct {
    vd t, p;
} gp_exp_lite;

static inline gp_exp_lite gp_exp_neg_lite(vd v)
{
    gp_exp_lite e;
    vd kd = vd_round(vd_mul(v, vd_set1(-GP_INV_LN2_16)));
    vd u = vd_fma(kd, vd_set1(GP_LN2_16), v);
    vd c = vd_fma(u, vd_set1(-0x1.1111111111111p-7), vd_set1(0x1.5555555555555p-5));
    c = vd_fma(c, u, vd_set1(-0x1.5555555555555p-3));
    c = vd_fma(c, u, vd_set1(0.5));
    e.p = vd_fms(vd_mul(c, u), u, u);
    e.t = vd_exp2_16(gp_exp2_16_hi, kd);
    return e;
}

static inline vd gp_exp_lite_e(gp_exp_lite e) { return vd_fma(e.t, e.p, e.t); }
static inline vd gp_exp_lite_em1(gp_exp_lite e) { return vd_fma(e.t, e.p, vd_sub(e.t, vd_set1(1.0))); }

static inline vd gp_clamp(vd z, double c) { return vd_min(vd_max(z, vd_set1(-c)), vd_set1(c)); }

/* The float32 cores, as doubles with relative error < 2^-38; z is clamped to
 * where every float result is already 0 or 1, or a slope so small that even
 * FLT_MAX * slope is below 2^-150 (sigmoid' at |z| = 200, tanh' at 110).  Each is
 * one division, with no cancellation at any z:
 *   sigmoid(z)  = 1/(1+E),       E = e^-z     (E huge for z << 0: still exact
 *                                              to 2^-40 relative)
 *   sigmoid'(z) = E/(1+E)^2,     E = e^-z
 *   tanh(z)     = M/(-2-M),      M = e^-2z - 1
 *   tanh'(z)    = 4E/(1+E)^2,    E = e^-2z
 * NaN is passed through by the callers. */
static inline vd gp_sigmoid_lite_vd(vd z)
{
    vd e = gp_exp_lite_e(gp_exp_neg_lite(gp_clamp(z, 110.0)));
    return vd_div(vd_set1(1.0), vd_add(vd_set1(1.0), e));
}

/* scale * e^-v / (1 + e^-v)^2 */
static inline vd gp_bell_lite_vd(vd v, double scale)
{
    vd e = gp_exp_lite_e(gp_exp_neg_lite(v));
    vd d = vd_add(vd_set1(1.0), e);
    return vd_div(vd_mul(e, vd_set1(scale)), vd_mul(d, d));
}

static inline vd gp_tanh_lite_vd(vd z)
{
    vd zc = gp_clamp(z, 10.0);
    vd m = gp_exp_lite_em1(gp_exp_neg_lite(vd_add(zc, zc)));
    vd t = vd_div(m, vd_sub(vd_set1(-2.0), m));
    return vd_copysign(t, z); /* tanh(+-0) = +-0 */
}

/* da * g for a float slope g held in double: one rounding (to float, by the
 * caller).  An infinite da multiplies g as rounded to float (0 below 2^-150),
 * so that inf * (a slope that is 0 in float) is NaN, as documented. */
static inline vd gp_times_f32_slope(vd da, vd g)
{
    vd g0 = vd_select(vd_le(g, vd_set1(0x1p-150)), vd_set1(0.0), g);
    return vd_select(vd_eq(vd_abs(da), vd_set1(INFINITY)), vd_mul(da, g0), vd_mul(da, g));
}

#endif
