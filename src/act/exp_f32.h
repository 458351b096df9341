/* The exponential core for float32, in float arithmetic (16 lanes on AVX-512).
 *
 * e^-w for w in [0, 200] (the callers clamp) as 2^floor(-k/16) (mh + ml):
 *   k  = round(16w/ln2) (1.5*2^23 - 16w/ln2 rounded holds -k mod 16 in its
 *        low bits), u = w - k*C1 - k*C2 with
 *        C1 + C2 = ln2/16 to 2^-53: w - k*C1 is exact (both are multiples of
 *        2^-29 and it is below 2^-5), so u is off by one rounding: < 2^-30
 *   e^-u - 1 = -u + u^2 (1/2 - u/6 + u^2/24), |u| <= ln2/32: truncation
 *        below 2^-34, rounding below 2^-29.5 (the -u term is exact)
 *   2^(-k/16) = 2^floor(-k/16) * T[-k mod 16], T[j] = 2^(j/16) in [1, 2) as
 *        a float pair (hi + lo to 2^-48); scalef floors -k/16 itself
 *   th = T.hi, tl = T.hi * (e^-u - 1) + T.lo   (one FMA, rounding 2^-29.5),
 *        renormalised to mh + ml (FastTwoSum)
 * so 2^floor(-k/16) (mh + ml) = e^-w (1 + d) with |d| < 2^-28.  The callers
 * keep the pair unrounded: the activations below divide it with a remainder
 * correction, which adds about 2^-22 ulp, so their error is 0.5 ulp (the
 * last rounding) plus |d| 2^24 = 1/16 ulp times the condition number (<= 1
 * for sigmoid and the bell, < 2 for tanh): below 0.57 and 0.63 ulp, and
 * 0.77 ulp of the spacing for a subnormal result (two roundings: the 24-bit
 * quotient, then the scaling). */
#ifndef GP_ACT_EXP_F32_H
#define GP_ACT_EXP_F32_H

static const float gp_expf_hi[16] = {
    0x1p+0f,        0x1.0b5586p+0f, 0x1.172b84p+0f, 0x1.2387a6p+0f, 0x1.306fep+0f,  0x1.3dea64p+0f,
    0x1.4bfdaep+0f, 0x1.5ab07ep+0f, 0x1.6a09e6p+0f, 0x1.7a1148p+0f, 0x1.8ace54p+0f, 0x1.9c4918p+0f,
    0x1.ae89fap+0f, 0x1.c199bep+0f, 0x1.d5818ep+0f, 0x1.ea4afap+0f,
};
static const float gp_expf_lo[16] = {
    0x0p+0f,          0x1.9f3122p-25f,  -0x1.c15742p-27f, 0x1.ceac48p-25f,  0x1.4636e2p-25f,  0x1.824684p-25f,
    -0x1.593abcp-25f, -0x1.5bd5ecp-27f, 0x1.9fcef4p-26f,  -0x1.829fdp-25f,  0x1.15506ep-27f,  0x1.51f848p-27f,
    -0x1.a94b14p-26f, -0x1.3d56b2p-27f, -0x1.822dbcp-27f, 0x1.52486cp-27f,
};

typedef struct {
    vf mh, ml;    /* e^-w = 2^floor(m) (mh + ml), mh in [1, 2.05), |ml| <= ulp(mh)/2 */
    vf m;         /* -k/16: vf_scalef floors it */
    vf dh, dl;    /* 1 + e^-w = dh + dl, |dl| <= ulp(dh) */
} gp_expf_t;

static inline gp_expf_t gp_expf_neg(vf w)
{
    gp_expf_t e;
    vf t = vf_fma(w, vf_set1(-0x1.715476p+4f), vf_set1(0x1.8p23f)); /* 1.5*2^23 - k */
    vf kn = vf_sub(t, vf_set1(0x1.8p23f));                            /* -k */
    vf u = vf_fma(kn, vf_set1(0x1.62e43p-5f), w);
    u = vf_fma(kn, vf_set1(-0x1.05c61p-33f), u);
    vf c = vf_fma(u, vf_set1(0x1.555556p-5f), vf_set1(-0x1.555556p-3f));
    c = vf_fma(c, u, vf_set1(0.5f));
    vf p = vf_fms(u, vf_mul(u, c), u); /* e^-u - 1 */
    vf th = vf_lookup16(gp_expf_hi, t); /* 2^(j/16), j = -k mod 16 = t mod 16 */
    vf tl = vf_fma(th, p, vf_lookup16(gp_expf_lo, t));
    e.mh = vf_add(th, tl); /* FastTwoSum: th >= |tl| */
    e.ml = vf_sub(tl, vf_sub(e.mh, th));
    e.m = vf_mul(kn, vf_set1(0.0625f));
    /* 1 + e^-w from the scaled pair.  2^m clamped at 2^-100 keeps every step
     * normal (below 2^-100, e^-w is lost in 1 + e^-w anyway): a subnormal
     * operand costs this CPU a microcode assist, +25 % on data with tails. */
    vf s = vf_scalef(vf_set1(1.0f), vf_max(e.m, vf_set1(-100.0f)));
    vf eh = vf_mul(e.mh, s);
    e.dh = vf_add(vf_set1(1.0f), eh);
    e.dl = vf_fma(e.ml, s, vf_add(vf_sub(vf_set1(1.0f), e.dh), eh)); /* FastTwoSum: 1 >= eh */
    return e;
}

/* (nh + nl) / (dh + dl) rounded, given 1/dh: the remainder nh - q0*dh is
 * exact by FMA, the correction is off by 2^-22 ulp of the result */
static inline vf gp_divf_pair(vf nh, vf nl, vf dh, vf dl, vf inv)
{
    vf q0 = vf_mul(nh, inv);
    vf r = vf_add(vf_fnma(q0, dh, nh), vf_fnma(q0, dl, nl));
    return vf_fma(r, inv, q0);
}

/* The bell e^-w / (1 + e^-w)^2 = 2^floor(m) (bh + bl), the unscaled pair in
 * [2^-3, 2.05] (hi) with |bl| <= ulp(bh): (1+E)^2 = Dh + Dl by FMA, one
 * division, the remainder correction bl = r/(Dh) kept apart (not added). */
typedef struct {
    vf bh, bl, m;
    vf r, inv; /* bl = r * inv; the slope alone is bh + r*inv in one FMA */
    vfm far;   /* w >= 200 or NaN: the pair is 0 (below) */
    int rare;
} gp_bellf_t;

static inline gp_bellf_t gp_bellf(vf w)
{
    gp_bellf_t b;
    /* No spurious flag (issue 19), in rare lanes found by one branch: w at
     * the callers' clamp 200 (|z| past it, +-inf, NaN) is computed at 0 and
     * given the pair 0, as 2^2 e^-200 FLT_MAX < 2^-151 rounds to 0 anyway
     * (and the exact 0 of +inf raises no FE_UNDERFLOW; gp_bellf_times gives
     * backward the signed zero it had); w below 2^-30 is computed at 0, whose
     * 1/4 (remainder 0) it gave anyway (u*u would underflow) */
    vfm far = vf_nle(w, vf_set1(0x1.8ffffep7f)); /* w >= 200 */
    vfm odd = vf_mask_or(far, vf_lt(w, vf_set1(0x1p-30f)));
    int rare = vf_any(odd);
    if (rare)
        w = vf_select(odd, vf_set1(0.0f), w);
    gp_expf_t e = gp_expf_neg(w);
    vf Dh = vf_mul(e.dh, e.dh);
    vf Dl = vf_fma(vf_add(e.dh, e.dh), e.dl, vf_fms(e.dh, e.dh, Dh));
    vf inv = vf_div(vf_set1(1.0f), Dh);
    b.bh = vf_mul(e.mh, inv);
    b.r = vf_add(vf_fnma(b.bh, Dh, e.mh), vf_fnma(b.bh, Dl, e.ml));
    b.inv = inv;
    b.bl = vf_mul(b.r, inv);
    b.m = e.m;
    if (rare) {
        b.bh = vf_select(far, vf_set1(0.0f), b.bh);
        b.r = vf_select(far, vf_set1(0.0f), b.r);
        b.bl = vf_select(far, vf_set1(0.0f), b.bl);
    }
    b.far = far, b.rare = rare;
    return b;
}

/* m + s, the exponent of 2^s * bell (no add where s = 0) */
static inline vf gp_bellf_exp(gp_bellf_t b, float s) { return s == 0.0f ? b.m : vf_add(b.m, vf_set1(s)); }

/* 2^s * bell(w) rounded (s = 0 for sigmoid', 2 for tanh') */
static inline vf gp_bellf_value(gp_bellf_t b, float s)
{
    return vf_scalef(vf_fma(b.r, b.inv, b.bh), gp_bellf_exp(b, s));
}

/* da * 2^s * bell(w), rounded once (twice for a subnormal result): da*bh +
 * da*bl in one FMA, scaled by 2^floor(m + s) exactly.  For 2^-100 <= |da| <=
 * 2^120 that product is a normal number and cannot overflow.  The rare lanes,
 * fixed only in a vector that has one:
 * - a smaller or larger finite da: the pair is first scaled by 2^A,
 *   A = max(m + s, -2), which keeps it at most 1 (the slope is at most 2^-s)
 *   and leaves a scaling by 2^(m+s-A) <= 1 for the end, so no finite da
 *   overflows;
 * - an infinite da multiplies the slope as rounded to float (0 below 2^-150),
 *   so inf * (a slope that is 0 in float) is NaN, as documented;
 * - a NaN x (the input), or then a NaN da, comes out quieted. */
static inline vf gp_bellf_times(vf x, vf da, gp_bellf_t b, float s)
{
    vf ns = gp_bellf_exp(b, s);
    vf ad = vf_abs(da);
    vfm rare = vf_mask_or(vf_mask_or(vf_lt(ad, vf_set1(0x1p-100f)), vf_nle(ad, vf_set1(0x1p120f))), vf_isnan(x));
    int any_rare = vf_any(rare);
    /* the rare lanes, replaced below, are formed here with da = 0: no spurious
     * FE_OVERFLOW (FLT_MAX * bh) or FE_UNDERFLOW from them (issue 19) */
    vf dm = any_rare ? vf_select(rare, vf_set1(0.0f), da) : da;
    vf g = vf_scalef(vf_fma(dm, b.bh, vf_mul(dm, b.bl)), ns);
    if (any_rare) {
        /* floor(max(ns, -2)) + floor(ns - that) = floor(ns) */
        vf a = vf_max(ns, vf_set1(-2.0f));
        vf gs = vf_fma(da, vf_scalef(b.bh, a), vf_mul(da, vf_scalef(b.bl, a)));
        gs = vf_scalef(gs, vf_sub(ns, a));
        vfm inf = vf_eq(ad, vf_set1(INFINITY));
        if (vf_any(inf)) /* only then: the slope alone may underflow */
            gs = vf_select(inf, vf_mul(da, gp_bellf_value(b, s)), gs);
        g = vf_select(rare, vf_nan_first(x, da, gs), g);
    }
    if (b.rare) {
        /* the far lanes: da (bh + bl) 2^ns at w = 200 rounded to 0 with da's
         * sign, or +0 for da = +-0 (there bl < 0 and bh > 0): 2da - da, times
         * 0, gives those bits without a flag; infinite da kept from above */
        vf zr = vf_mul(vf_fms(da, vf_set1(2.0f), da), vf_set1(0.0f));
        vfm keep = vf_mask_or(vf_eq(ad, vf_set1(INFINITY)), vf_isnan(x));
        g = vf_select(keep, g, vf_select(b.far, vf_nan_first(x, da, zr), g));
    }
    return g;
}

#endif
