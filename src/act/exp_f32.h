/* The exponential core for float32 results, evaluated in double precision.
 * A float result needs its double value within 2^-30 relative to be off by
 * at most 0.5 + 2^-6 ulp after the final rounding; this core is far inside.
 *
 * e^x for x in [-220, 0]:
 *   kd = round(16x/ln2), k = floor(kd/16), j = kd - 16k
 *   r  = x - kd*ln2/16 by one FMA: |r| <= ln2/32 = 0.0217, absolute error
 *        < 2^-46 (|kd| <= 5100 times the 2^-57 error of ln2/16 in double)
 *   p  = e^r - 1 = r + r^2/2 + r^3/6 + r^4/24 + r^5/120: truncation < r^6/720
 *        < 2^-43 relative to r
 *   t  = 2^(j/16) * 2^k from the table (exact: t >= 2^-320, a normal double)
 *   E  = e^x     = t + t*p            (one FMA)
 *   M  = e^x - 1 = (t - 1) + t*p      (one FMA; t - 1 is exact for t in
 *        [1/2, 1] by Sterbenz, which covers every x > -0.69 where e^x - 1
 *        cancels; elsewhere |e^x - 1| > 1/2)
 * Both E and M have relative error below 2^-40. */
#ifndef GP_ACT_EXP_F32_H
#define GP_ACT_EXP_F32_H

#define GP_LN2_16 0x1.62e42fefa39efp-5

typedef struct {
    vd t, p;
} gp_exp_lite;

static inline gp_exp_lite gp_exp_lite_eval(vd x)
{
    gp_exp_lite e;
    vd kd = vd_round(vd_mul(x, vd_set1(GP_INV_LN2_16)));
    vd r = vd_fnma(kd, vd_set1(GP_LN2_16), x);
    vd c = vd_fma(r, vd_set1(0x1.1111111111111p-7), vd_set1(0x1.5555555555555p-5));
    c = vd_fma(c, r, vd_set1(0x1.5555555555555p-3));
    c = vd_fma(c, r, vd_set1(0.5));
    e.p = vd_fma(vd_mul(c, r), r, r);
    e.t = vd_exp2_16(gp_exp2_16_hi, kd);
    return e;
}

static inline vd gp_exp_lite_e(gp_exp_lite e) { return vd_fma(e.t, e.p, e.t); }
static inline vd gp_exp_lite_em1(gp_exp_lite e) { return vd_fma(e.t, e.p, vd_sub(e.t, vd_set1(1.0))); }

/* The float32 cores, as doubles with relative error < 2^-38 (y = |z| clamped
 * to 110: every float result there is already 0 or 1 or the tail of g').
 *   sigmoid(z) = 1/(1+E) or E/(1+E),  E = e^-|z|
 *   sigmoid'(z) = E/(1+E)^2
 *   tanh(|z|)  = -M/(2+M),  M = e^-2|z| - 1   (no cancellation at any |z|)
 *   tanh'(z)   = 4E/(1+E)^2, E = e^-2|z|
 * Each ends in one division; NaN is passed through by the callers. */
static inline vd gp_lite_y(vd z) { return vd_min(vd_abs(z), vd_set1(110.0)); }
static inline vd gp_lite_negy(vd z) { return vd_max(vd_sub(vd_set1(0.0), vd_abs(z)), vd_set1(-110.0)); }

static inline vd gp_sigmoid_lite_vd(vd z)
{
    vd e = gp_exp_lite_e(gp_exp_lite_eval(gp_lite_negy(z)));
    vd q = vd_div(vd_set1(1.0), vd_add(vd_set1(1.0), e));
    return vd_select(vd_lt(z, vd_set1(0.0)), vd_mul(e, q), q);
}

static inline vd gp_bell_lite_vd(vd y, double scale)
{
    vd e = gp_exp_lite_e(gp_exp_lite_eval(vd_sub(vd_set1(0.0), y)));
    vd d = vd_add(vd_set1(1.0), e);
    return vd_div(vd_mul(e, vd_set1(scale)), vd_mul(d, d));
}

/* da * g for a float slope g held in double: one rounding (to float, by the
 * caller).  An infinite da multiplies g as rounded to float (0 below 2^-150),
 * so that inf * (a slope that is 0 in float) is NaN, as documented. */
static inline vd gp_times_f32_slope(vd da, vd g)
{
    vd g0 = vd_select(vd_le(g, vd_set1(0x1p-150)), vd_set1(0.0), g);
    return vd_select(vd_eq(vd_abs(da), vd_set1(INFINITY)), vd_mul(da, g0), vd_mul(da, g));
}

static inline vd gp_tanh_lite_vd(vd z)
{
    vd m = gp_exp_lite_em1(gp_exp_lite_eval(vd_mul(gp_lite_y(z), vd_set1(-2.0))));
    vd t = vd_div(vd_sub(vd_set1(0.0), m), vd_add(vd_set1(2.0), m));
    return vd_copysign(t, z);
}

#endif
