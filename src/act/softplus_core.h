/* The core shared by softplus and mish (src/act/softplus.h, mish.h), over
 * exp_dd.h's exponential: double-double arithmetic, e^-|x| for an x given
 * as a double-double, log1p(E) for E = e^-|x| in (0, 1], and the backward
 * product da * q * 2^k rounded once.
 *
 * Double-double (h + l, |l| <= ulp(h) after a renormalisation): the sum of
 * two pairs (TwoSum of the highs, lows added, renormalised) and the product
 * (TwoProduct of the highs by FMA, cross terms added) have relative errors
 * below 2^-100 where nothing cancels; the quotient (nh + nl) / (dh + dl) is
 * returned unrounded as q0 + q1: q0 = nh * (1/dh) is off by < 2^-51, the
 * remainder nh - q0*dh is exact (FMA), q1 = (that + nl - q0*dl) / dh rounds
 * with 2^-52 of q1: relative error below 2^-100. */
#ifndef GP_ACT_SOFTPLUS_CORE_H
#define GP_ACT_SOFTPLUS_CORE_H

/* a*b = h + *l exactly (FMA), barring underflow */
static inline vd gp_dd_prod(vd a, vd b, vd *l)
{
    vd h = vd_mul(a, b);
    *l = vd_fms(a, b, h);
    return h;
}

/* (ah + al) + (bh + bl), renormalised */
static inline vd gp_dd_add(vd ah, vd al, vd bh, vd bl, vd *l)
{
    vd e, s = vd_two_sum(ah, bh, &e);
    return vd_fast_two_sum(s, vd_add(e, vd_add(al, bl)), l);
}

/* (ah + al) * (bh + bl), renormalised */
static inline vd gp_dd_mul(vd ah, vd al, vd bh, vd bl, vd *l)
{
    vd e, p = gp_dd_prod(ah, bh, &e);
    e = vd_add(e, vd_fma(ah, bl, vd_mul(al, bh)));
    return vd_fast_two_sum(p, e, l);
}

/* (nh + nl) / (dh + dl) = q0 + *q1, unrounded (see above) */
static inline vd gp_dd_div(vd nh, vd nl, vd dh, vd dl, vd *q1)
{
    vd inv = vd_div(vd_set1(1.0), dh);
    vd q0 = vd_mul(nh, inv);
    vd r = vd_add(vd_fnma(q0, dh, nh), vd_fnma(q0, dl, nl));
    *q1 = vd_mul(r, inv);
    return q0;
}

/* e^-|x| for x = xh + xl (|xl| <= ulp(xh)/2) as 2^k (mh + *ml): exp_dd.h's
 * e^-|xh| (|xh| clamped to 1500) times e^-+xl = 1 -+ xl (xl^2 < 2^-84 is
 * dropped; (mh + ml) xl is kept: it reaches 2^-42 of mh).  Relative error
 * below 2^-56.8. */
static inline vd gp_exp_neg_abs_dd(vd xh, vd xl, vd *k, vd *ml)
{
    gp_exp_parts e = gp_exp_reduce(vd_neg(vd_min(vd_abs(xh), vd_set1(1500.0))));
    vd l, mh = gp_exp_mantissa(&e, &l);
    vd yl = vd_select(vd_gt(xh, vd_set1(0.0)), vd_neg(xl), xl);
    *ml = vd_fma(vd_add(mh, l), yl, l);
    *k = e.k;
    return mh;
}

/* log1p(r) - r = r^2 P(r), P the Taylor series to r^13 (-1/2 + r/3 - ...):
 * for |r| <= 1/31 the truncation is below 2^-67 r */
static inline vd gp_log1p_p(vd r)
{
    vd p = vd_fma(r, vd_set1(-1.0 / 13), vd_set1(1.0 / 12));
    p = vd_fma(p, r, vd_set1(-1.0 / 11));
    p = vd_fma(p, r, vd_set1(1.0 / 10));
    p = vd_fma(p, r, vd_set1(-1.0 / 9));
    p = vd_fma(p, r, vd_set1(1.0 / 8));
    p = vd_fma(p, r, vd_set1(-1.0 / 7));
    p = vd_fma(p, r, vd_set1(1.0 / 6));
    p = vd_fma(p, r, vd_set1(-1.0 / 5));
    p = vd_fma(p, r, vd_set1(1.0 / 4));
    p = vd_fma(p, r, vd_set1(-1.0 / 3));
    p = vd_fma(p, r, vd_set1(1.0 / 2));
    return vd_neg(p);
}

/* log(1 + j/16) (hi, lo to 2^-106) and 1/(1 + j/16) rounded, j = 0..15 (MPFR) */
static const double gp_log1p16_hi[16] = {
    0x0p+0, 0x1.f0a30c01162a6p-5, 0x1.e27076e2af2e6p-4, 0x1.5ff3070a793d4p-3,
    0x1.c8ff7c79a9a22p-3, 0x1.1675cababa60ep-2, 0x1.4618bc21c5ec2p-2, 0x1.739d7f6bbd007p-2,
    0x1.9f323ecbf984cp-2, 0x1.c8ff7c79a9a22p-2, 0x1.f128f5faf06edp-2, 0x1.0be72e4252a83p-1,
    0x1.1e85f5e7040dp-1, 0x1.307d7334f10bep-1, 0x1.41d8fe84672aep-1, 0x1.52a2d265bc5abp-1};
static const double gp_log1p16_lo[16] = {
    0x0p+0, 0x1.85f325c5bbacdp-59, -0x1.61578001e0162p-60, -0x1.bc60efafc6f6ep-58,
    -0x1.4f689f8434012p-57, 0x1.ce63eab883717p-61, 0x1.f42decdeccf1dp-56, -0x1.8c76ceb014b04p-56,
    -0x1.a92e513217f5cp-59, -0x1.4f689f8434012p-56, -0x1.328df13bb38c3p-56, -0x1.259da11330801p-55,
    0x1.ef62cd2f9f1e3p-56, 0x1.fb590a1f566dap-57, 0x1.9192f30bd1806p-55, -0x1.1883750ea4d0ap-57};
static const double gp_inv16[16] = {
    0x1p+0, 0x1.e1e1e1e1e1e1ep-1, 0x1.c71c71c71c71cp-1, 0x1.af286bca1af28p-1,
    0x1.999999999999ap-1, 0x1.8618618618618p-1, 0x1.745d1745d1746p-1, 0x1.642c8590b2164p-1,
    0x1.5555555555555p-1, 0x1.47ae147ae147bp-1, 0x1.3b13b13b13b14p-1, 0x1.2f684bda12f68p-1,
    0x1.2492492492492p-1, 0x1.1a7b9611a7b96p-1, 0x1.1111111111111p-1, 0x1.0842108421084p-1};

/* log1p(E) for E = 2^k (mh + ml) in (0, 1] (k >= -2165) as 2^*kl (h + *l),
 * renormalised.  Relative error below 2^-56, subnormal and tiny E included
 * (no intermediate underflows):
 * - E < 1/32: E (1 + E P(E)) on the unscaled mantissa, 2^*kl = 2^k; E P(E)
 *   in double from E = 2^k (mh + ml) (2^k clamped at 2^-1022, E at 2^-300
 *   below which E P(E) < 2^-300 is below any rounding): relative error
 *   2^-56.8 (E) + 2^-57 (the low part, at most 0.04 mh).
 * - E >= 1/32: j = round(16 min(E, 15/16)), c = 1 + j/16, r = (E - j/16)/c
 *   with |r| <= 1/31 (E - j/16 exact, Sterbenz; r as a pair with one FMA
 *   remainder), log1p(E) = log(c) + r + r^2 P(r), log(c) from the table:
 *   absolute error below 2^-62 on a value above 1/32. */
static inline vd gp_log1p_exp(vd k, vd mh, vd ml, vd *kl, vd *l)
{
    vd m = vd_add(mh, ml);
    vd e = vd_mul(gp_exp_scale(k), m);
    vdm small = vd_lt(e, vd_set1(0x1p-5));
    vd ep = vd_max(e, vd_set1(0x1p-300));
    vd al, ah = vd_fast_two_sum(mh, vd_fma(m, vd_mul(ep, gp_log1p_p(ep)), ml), &al);
    /* E >= 1/32 (k >= -6; the clamp keeps the other lanes normal) */
    vd s = vd_ldexp(vd_set1(1.0), vd_max(k, vd_set1(-10.0)));
    vd eh = vd_mul(s, mh), el = vd_mul(s, ml);
    vd t = vd_fma(vd_min(eh, vd_set1(0.9375)), vd_set1(16.0), vd_set1(GP_SHIFT_52));
    vd jd = vd_mul(vd_sub(t, vd_set1(GP_SHIFT_52)), vd_set1(0.0625));
    vd rnl, rnh = vd_two_sum(vd_sub(eh, jd), el, &rnl);
    vd inv = vd_lookup16(gp_inv16, t), c = vd_add(vd_set1(1.0), jd);
    vd rh = vd_mul(rnh, inv);
    vd rl = vd_mul(vd_add(vd_fnma(rh, c, rnh), rnl), inv);
    vd q = vd_mul(vd_mul(rh, rh), gp_log1p_p(rh));
    vd se, sh = vd_two_sum(vd_lookup16(gp_log1p16_hi, t), rh, &se);
    vd bl, bh = vd_fast_two_sum(sh, vd_add(se, vd_add(vd_lookup16(gp_log1p16_lo, t), vd_add(rl, q))), &bl);
    *kl = vd_select(small, k, vd_set1(0.0));
    *l = vd_select(small, al, bl);
    return vd_select(small, ah, bh);
}

/* da * (qh + ql) * 2^kk rounded once (twice where the result is subnormal:
 * the product, then the scaling), kk integral in [-3200, 2200], qh in
 * [2^-80, 2^80].  The common lanes: fma(da, qh, da*ql) scaled.  The rare
 * ones, fixed only in a vector that has one: |da| > 2^500 with kk < 0 (the
 * product could overflow before its scaling down) or |da| < 2^-500 with
 * kk > 0 (it could lose bits below the normal range before its scaling up):
 * part of the scaling goes to da first, exactly.  An infinite da gives the
 * IEEE product da * g with g = (qh + ql) 2^kk rounded, as documented for
 * backward (inf * 0 = NaN where g underflows). */
static inline vd gp_times_pow2(vd da, vd qh, vd ql, vd kk)
{
    vd ad = vd_abs(da);
    if (!vd_any(vd_mask_or(vd_nle(ad, vd_set1(0x1p500)), vd_lt(ad, vd_set1(0x1p-500)))))
        return vd_ldexp(vd_fma(da, qh, vd_mul(da, ql)), kk);
    /* a vector with a rare lane takes this path alone (t is the common
     * product in the other lanes), and da * g only where da is infinite:
     * no spurious FE_OVERFLOW/FE_UNDERFLOW from products not returned (issue 19) */
    vd z = vd_set1(0.0);
    vd c = vd_select(vd_lt(kk, z), vd_select(vd_nle(ad, vd_set1(0x1p500)), vd_max(kk, vd_set1(-500.0)), z),
                     vd_select(vd_lt(ad, vd_set1(0x1p-500)), vd_min(kk, vd_set1(500.0)), z));
    vd d = vd_ldexp(da, c);
    vd t = vd_ldexp(vd_fma(d, qh, vd_mul(d, ql)), vd_sub(kk, c));
    vdm inf = vd_eq(ad, vd_set1(INFINITY));
    if (vd_any(inf))
        t = vd_select(inf, vd_mul(da, vd_ldexp(vd_add(qh, ql), kk)), t);
    return t;
}

#endif
