/* The exponential core shared by the exp-based activations: e^x for x <= 0 as
 *     e^x = 2^k * (mh + ml),   mh = T[j] = 2^(j/16) rounded,  |ml| < 0.023 mh,
 * with relative error below 2^-56.9 (0.015 ulp of a double).
 *
 * Algorithm (Tang's table method):
 *   t  = x*16/ln2 + 1.5*2^52 rounded once (FMA): kd = t - 1.5*2^52 is
 *        round(16x/ln2) and the low 4 bits of t's encoding are j = kd mod 16,
 *        the table index;  k = floor(kd/16)
 *   r  = (x - kd*L1) - kd*L2 with ln2/16 = L1 + L2, L1 of 36 bits: the first
 *        step is exact (kd*L1 exact, Sterbenz), the second rounds once, so
 *        |r| <= ln2/32 is off by < 2^-58.5; rl = its rounding error (for
 *        tanh's E - 1, which needs r to 2^-100; unused code elsewhere)
 *   q  = e^r - 1 - r = r^2 P(r), P = 1/2! + r/3! + ... + r^6/8!  (Taylor,
 *        truncation < r^9/9! < 2^-68, rounding in P < 2^-64)
 *   e^x = 2^k (Th + Tl)(1 + r + q) = 2^k (Th + ml),  ml = Th*(r + r^2 P) + Tl
 *        by two FMAs (Tl*r < 2^-59.5 Th is dropped; each FMA rounds by
 *        < 2^-58.4 of Th).
 * The caller clamps x to [-1500, 0]; then |kd| < 2^16 and k >= -2165. */
#ifndef GP_ACT_EXP_DD_H
#define GP_ACT_EXP_DD_H

static const double gp_exp2_16_hi[16] = {
    0x1.0000000000000p+0, 0x1.0b5586cf9890fp+0, 0x1.172b83c7d517bp+0, 0x1.2387a6e756238p+0,
    0x1.306fe0a31b715p+0, 0x1.3dea64c123422p+0, 0x1.4bfdad5362a27p+0, 0x1.5ab07dd485429p+0,
    0x1.6a09e667f3bcdp+0, 0x1.7a11473eb0187p+0, 0x1.8ace5422aa0dbp+0, 0x1.9c49182a3f090p+0,
    0x1.ae89f995ad3adp+0, 0x1.c199bdd85529cp+0, 0x1.d5818dcfba487p+0, 0x1.ea4afa2a490dap+0};
static const double gp_exp2_16_lo[16] = {
    0x0.0p+0, 0x1.8a62e4adc610bp-54, -0x1.19041b9d78a76p-55, 0x1.9b07eb6c70573p-54,
    0x1.6f46ad23182e4p-55, 0x1.ada0911f09ebcp-55, 0x1.d4397afec42e2p-56, 0x1.6324c054647adp-54,
    -0x1.bdd3413b26456p-54, -0x1.41577ee04992fp-55, 0x1.6e9f156864b27p-54, 0x1.c7c46b071f2bep-56,
    0x1.7a1cd345dcc81p-54, 0x1.11065895048ddp-55, 0x1.2ed02d75b3707p-55, -0x1.e9c23179c2893p-54};

#define GP_INV_LN2_16 0x1.71547652b82fep+4 /* 16/ln2 */
#define GP_LN2_16_HI 0x1.62e42fefa0000p-5  /* ln2/16, 36 significant bits */
#define GP_LN2_16_LO 0x1.cf79abc9e3b3ap-44 /* ln2/16 - GP_LN2_16_HI */
#define GP_SHIFT_52 0x1.8p52               /* 1.5*2^52: integers in the low bits */

typedef struct {
    vd k;      /* integral exponent, >= -2165 */
    vd th, tl; /* the table entry 2^(j/16) = th + tl */
    vd rh, rl; /* the reduced argument r = rh + rl (rl only for tanh) */
    vd r2, p;  /* rh^2 and P(rh): e^r - 1 - r = r2*p */
    vd q;      /* r2*p (only for tanh) */
} gp_exp_parts;

static inline gp_exp_parts gp_exp_reduce(vd x)
{
    gp_exp_parts e;
    vd t = vd_fma(x, vd_set1(GP_INV_LN2_16), vd_set1(GP_SHIFT_52));
    vd kd = vd_sub(t, vd_set1(GP_SHIFT_52));
    e.k = vd_floor(vd_mul(kd, vd_set1(0.0625)));
    vd r0 = vd_fnma(kd, vd_set1(GP_LN2_16_HI), x);
    e.rh = vd_fnma(kd, vd_set1(GP_LN2_16_LO), r0);
    e.rl = vd_fnma(kd, vd_set1(GP_LN2_16_LO), vd_sub(r0, e.rh));
    vd r = e.rh;
    vd p = vd_fma(r, vd_set1(0x1.a01a01a01a01ap-16), vd_set1(0x1.a01a01a01a01ap-13));
    p = vd_fma(p, r, vd_set1(0x1.6c16c16c16c17p-10));
    p = vd_fma(p, r, vd_set1(0x1.1111111111111p-7));
    p = vd_fma(p, r, vd_set1(0x1.5555555555555p-5));
    p = vd_fma(p, r, vd_set1(0x1.5555555555555p-3));
    p = vd_fma(p, r, vd_set1(0.5));
    e.r2 = vd_mul(r, r);
    e.p = p;
    e.q = vd_mul(e.r2, p);
    e.th = vd_lookup16(gp_exp2_16_hi, t);
    e.tl = vd_lookup16(gp_exp2_16_lo, t);
    return e;
}

/* e^x = 2^k (mh + ml): mh = th, ml = th*(r + r^2 P) + tl. */
static inline vd gp_exp_mantissa(const gp_exp_parts *e, vd *ml)
{
    *ml = vd_fma(e->th, vd_fma(e->r2, e->p, e->rh), e->tl);
    return e->th;
}

/* 2^k for the part of k where 2^k*m still matters next to 1 (k >= -1022). */
static inline vd gp_exp_scale(vd k) { return vd_ldexp(vd_set1(1.0), vd_max(k, vd_set1(-1022.0))); }

/* 1 + E = dh + dl (renormalised) for E = s*(mh + ml) <= 1, s = 2^k. */
static inline vd gp_one_plus(vd s, vd mh, vd ml, vd *dl)
{
    vd eh = vd_mul(s, mh), e;
    vd dh = vd_fast_two_sum(vd_set1(1.0), eh, &e);
    return vd_norm(dh, vd_fma(s, ml, e), dl);
}

/* (dh + dl)^2 = sh + sl for a renormalised pair; relative error < 2^-100. */
static inline vd gp_square_dd(vd dh, vd dl, vd *sl)
{
    vd sh = vd_mul(dh, dh);
    *sl = vd_fma(vd_add(dh, dh), dl, vd_fms(dh, dh, sh));
    return sh;
}

/* E/(1+E)^2 * 2^extra for E = e^-y, y >= 0 (y may be +inf or NaN: the caller
 * masks NaN).  This is sigmoid'(y) (extra = 0, y = |z|) and tanh'(z) (extra = 2,
 * y = 2|z|).  Written as num/den * 2^k with den = (1+E)^2 in [1, 4]: the final
 * ldexp is the only rounding into the subnormal range.  Error: the division's
 * 0.5 + 0.07 ulp, plus the relative errors of E (2^-56.9) and of den (2^-55.9),
 * 0.07 + 0.13 ulp -> below 0.77 ulp.  *num_q and *k receive the unscaled quotient and exponent
 * so that backward can form da*q*2^k with one rounding even when g' is subnormal. */
static inline vd gp_bell_scaled(vd y, vd extra, vd *k)
{
    /* No spurious flag (issue 19), in the rare lanes, found by one branch:
     * y above 1500 (+inf, NaN) is computed at y = 0 and gives q = +0, which
     * is what the scaling below rounded it to (and with +inf the exact 0,
     * which must raise no FE_UNDERFLOW); y below 2^-60 is computed at y = 0
     * (E = 1), whose q = 1/4 it gave anyway (r*r would underflow). */
    vdm far = vd_nle(y, vd_set1(1500.0));
    vdm odd = vd_mask_or(far, vd_lt(y, vd_set1(0x1p-60)));
    int rare = vd_any(odd);
    if (rare)
        y = vd_select(odd, vd_set1(0.0), y);
    /* 1500: beyond it even DBL_MAX * bell underflows, so backward is exact too */
    gp_exp_parts e = gp_exp_reduce(vd_neg(vd_min(y, vd_set1(1500.0))));
    vd ml, mh = gp_exp_mantissa(&e, &ml);
    vd dl, dh = gp_one_plus(gp_exp_scale(e.k), mh, ml, &dl);
    vd sl, sh = gp_square_dd(dh, dl, &sl);
    *k = vd_add(e.k, extra);
    vd q = vd_div_dd(mh, ml, sh, sl);
    return rare ? vd_select(far, vd_set1(0.0), q) : q;
}

/* bell(y) * 2^extra, rounded once. */
static inline vd gp_bell(vd y, vd extra)
{
    vd k, q = gp_bell_scaled(y, extra, &k);
    return vd_ldexp(q, k);
}

/* da * bell(y) * 2^extra.  While g = bell is a normal number, da*g rounds once
 * after g's own rounding; below that, the product is formed before the scaling
 * so that g's subnormal rounding does not leak into a large da*g.  An infinite
 * da gives the IEEE product da*g with g rounded (inf*0 = NaN where g underflows),
 * as documented for backward. */
static inline vd gp_bell_times(vd y, vd extra, vd da)
{
    vd k, q = gp_bell_scaled(y, extra, &k);
    /* rare lanes, fixed only in a vector that has one: g below 2^-1000 and
     * finite da (the product before the scaling) */
    vdm tiny = vd_lt(k, vd_set1(-1000.0));
    int any_tiny = vd_any(tiny);
    vd kg = k;
    if (any_tiny) /* da * g, replaced there, is formed with g = q/4: no spurious FE_UNDERFLOW from g */
        kg = vd_select(tiny, vd_select(vd_eq(vd_abs(da), vd_set1(INFINITY)), k, vd_set1(-2.0)), k);
    vd g = vd_ldexp(q, kg);
    vd r = vd_mul(da, g);
    if (any_tiny) {
        vd t = vd_ldexp(vd_mul(vd_mul(da, vd_set1(0.25)), q), vd_add(k, vd_set1(2.0)));
        r = vd_select(vd_eq(vd_abs(da), vd_set1(INFINITY)), r, vd_select(tiny, t, r));
    }
    return r;
}

/* e^(xh + xl) = 2^k (mh + ml) for xh in [-1500, 0], |xl| <= ulp(xh) (x may
 * also be +0).  The reduction above: kd = round(16 xh/ln2), r0 = xh -
 * kd L1 (exact), then r = r0 - kd L2 + xl as rh + rl (kd L2 split by FMA,
 * TwoSum, error below 2^-100); q = rh^2 P(rh) + rh rl = e^r - 1 - r to 2^-64;
 * mantissa (Th + Tl)(1 + rh + rl + q) = Th + Th rh [exact pair] + (Th (rl + q)
 * + Tl (1 + rh)) renormalised: relative error below 2^-62 (the truncation of
 * P, 2^-68, and the roundings of r^2 P and Th (rl + q), 2^-64 and 2^-65). */
static inline vd gp_exp_dd_pair(vd xh, vd xl, vd *k, vd *ml)
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

#endif
