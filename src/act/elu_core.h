/* The exponential-linear core shared by elu, selu and celu: for w <= 0
 *     C (e^w - 1)   (their forward for z <= 0)    and    C e^w  (their slope),
 * with C a run-time constant (elu's alpha, celu's alpha or 1) or a
 * double-double (selu's L A0), and w = z (elu, selu) or z/alpha (celu, kept
 * as a double-double wh + wl).  Every function here is exact to a relative
 * 2^-56 or better before its one final rounding.
 *
 * C's scale: C = (ch + cl) 2^ce with |ch| in [1, 2) (or C = 0), split once
 * per call (gp_xc_split): every product below stays normal and finite for
 * every finite C, the power of 2 comes last (an exact scaling, or the one
 * rounding into the subnormals; elu(alpha=DBL_MAX)(-inf) = -DBL_MAX).
 *
 * e^w - 1 = mh + ml for w = wh + wl, wh in [-64, -2^-60], |wl| <= 2^-52 |wh|:
 *   exp_dd.h's reduction e^wh = 2^k (th + tl) e^r, r = rh + rl, |r| <= ln2/32;
 *   with s = 2^k and a = s th (exact; a <= 1):
 *     e^w - 1 = (a - 1) + a rh + [a (rl + wl (1 + rh) + q) + s tl (1 + rh)]
 *   a - 1 = am1 + t exactly (FastTwoSum, |-1| >= a), a rh = ph + pl exactly
 *   (FMA), am1 + ph = sh + sl exactly (TwoSum); the bracket and the low parts
 *   round with relative error 2^-53 of terms below 2^-11 |e^w - 1|; dropped:
 *   s tl (rl + wl + q) < 2^-65 s, a wl r^2/2 < 2^-64 |wh| a and a rh rl <
 *   2^-63.5 a, below 2^-62 of |e^w - 1| (which is >= 0.63 |w| for |w| <= 1,
 *   and >= 0.63 where a <= 1/e).  q = r^2 P(r) is exp_dd.h's (2^-64).  wl
 *   needs its factor e^r = 1 + rh + ...: |wl| reaches 2^-52 |wh|, 2^-46 at
 *   |wh| = 64 (and 2^-41 at 2300 below), so wl rh alone could be an ulp.
 *   So mh + ml is e^w - 1 to a relative 2^-57, with no cancellation left
 *   near w = 0 (where k = 0, a = 1: e^w - 1 = rh + (rl + wl + q)).
 *   wh <= -2^-60 keeps r^2 normal (no spurious underflow); callers give
 *   |w| <= 2^-60 its own path.
 * C (e^w - 1) = (ch + cl)(mh + ml) 2^ce: one FMA chain, the relative error
 *   2^-57 + 2^-104, one rounding (|P| < 2: normal), then the exact scaling by
 *   2^ce (or the rounding into the subnormals: below 1 ulp there).  Error:
 *   0.5 + 2^-57 * 2^53 = 0.5 + 0.0625 ulp -> below 0.57 ulp.
 *
 * C e^w = P 2^K for wh in [-2300, 0] (|kd| < 2^16 as exp_dd.h needs; -2300
 *   reaches below DBL_MAX * DBL_MAX * e^w = 2^-1270, so backward's tails are
 *   whole for every finite alpha and da): P = (ch + cl)(th + ml) with
 *   ml = th (rh + rl + wl (1 + rh) + r^2 P) + tl, e^w to exp_dd.h's 2^-56.9
 *   (celu's wl, up to 2^-41 absolute, enters with its factor 1 + rh; the
 *   rest, wl r^2/2, is below 2^-53 |wl| < 2^-94), |P| in [1, 4)
 *   rounded once, K = k + ce clamped at -2200 (below it even
 *   4 DBL_MAX 2^K is 0).  slope = P 2^K: 0.5 + 0.07 ulp -> below 0.57 ulp
 *   (a subnormal slope: below 1 ulp of the spacing, two roundings).
 * da C e^w (backward): da times the rounded slope while it is normal: the
 *   slope's 0.57 ulp weighs up to 1.14 ulp of dz, plus the product's 0.5:
 *   below 1.64 ulp; below 2^-1000 (K < -1000, rare lanes fixed only in a
 *   vector that has one) the product da P / 4 first, scaled by 2^(K+2) last,
 *   so a large da keeps a subnormal slope's bits (as exp_dd.h's
 *   gp_bell_times); an infinite da multiplies the rounded slope (inf * 0 =
 *   NaN where the slope underflows), as documented for backward.
 * x (h + l) for a double-double constant h + l (selu's L, L A0): one FMA
 *   over the exact x h and the rounded x l: 0.5 ulp + 2^-104 relative.  Rare
 *   lanes |x| < 2^-900, where x l would underflow although x (h + l) may be
 *   normal, go through x 2^200 and an exact scaling back (no spurious
 *   FE_UNDERFLOW). */
#ifndef GP_ACT_ELU_CORE_H
#define GP_ACT_ELU_CORE_H

#if defined(GP_ACT_KERNELS)

/* C = (ch + cl) 2^ce, |ch| in [1, 2), or ch = C = 0 (also -0) */
typedef struct {
    double ch, cl, ce;
} gp_xc;

/* c (plus cl: only for |c| in [1, 2)) split as above: exact, integer steps
 * only (hoisted out of the kernel's loop). */
static inline gp_xc gp_xc_split(double c, double cl)
{
    gp_xc x = {c, cl, 0.0};
    if (c == 0.0)
        return x;
    double s = c, e0 = 0.0;
    if (fabs(c) < 0x1p-1000) /* subnormal or close: scale up first (exact) */
        s = c * 0x1p200, e0 = -200.0;
    uint64_t b;
    memcpy(&b, &s, sizeof b);
    int ex = (int)(b >> 52 & 0x7ffu) - 1023;
    b = (b & ~(UINT64_C(0x7ff) << 52)) | (UINT64_C(0x3ff) << 52);
    memcpy(&x.ch, &b, sizeof b);
    x.ce = e0 + ex;
    return x;
}

/* (ch + cl)(mh + ml) rounded once (relative 2^-104 before the rounding) */
static inline vd gp_xc_times(gp_xc c, vd mh, vd ml)
{
    vd ch = vd_set1(c.ch);
    return vd_fma(ch, mh, vd_fma(vd_set1(c.cl), mh, vd_mul(ch, ml)));
}

/* e^w - 1 = mh + ml, wh in [-64, -2^-60], |wl| <= 2^-52 |wh| */
static inline vd gp_expm1_dd(vd wh, vd wl, vd *ml)
{
    gp_exp_parts e = gp_exp_reduce(wh);
    vd s = gp_exp_scale(e.k);
    vd a = vd_mul(s, e.th);
    vd t, am1 = vd_fast_two_sum(vd_set1(-1.0), a, &t);
    vd ph = vd_mul(a, e.rh);
    vd pl = vd_fms(a, e.rh, ph);
    vd sl, sh = vd_two_sum(am1, ph, &sl);
    vd stl = vd_mul(s, e.tl);
    vd br = vd_fma(a, vd_add(vd_add(e.rl, vd_fma(wl, e.rh, wl)), e.q), vd_fma(stl, e.rh, stl));
    vd lo = vd_add(vd_add(sl, vd_add(pl, t)), br);
    return vd_fast_two_sum(sh, lo, ml);
}

/* C (e^w - 1) for wh in [-64, -2^-60], rounded once (and scaled by 2^ce) */
static inline vd gp_expm1_times(vd wh, vd wl, gp_xc c)
{
    vd ml, mh = gp_expm1_dd(wh, wl, &ml);
    return vd_ldexp(gp_xc_times(c, mh, ml), vd_set1(c.ce));
}

/* C e^w = P 2^K for wh in [-2300, 0]: returns P, |P| in [1, 4) or 0 */
static inline vd gp_exp_times(vd wh, vd wl, gp_xc c, vd *K)
{
    /* Rare lanes (issue 19), found by one branch: wh below -1500 (z = -inf
     * too) is computed at 0 and gives P = C * 0, K = 0: the +-0 that the
     * scaling rounded C e^w to, even times DBL_MAX, without the FE_UNDERFLOW
     * (for -inf the exact 0 calls for none) */
    vdm far = vd_lt(wh, vd_set1(-1500.0));
    int rare = vd_any(far);
    if (rare) {
        wh = vd_select(far, vd_set1(0.0), wh);
        wl = vd_select(far, vd_set1(0.0), wl);
    }
    gp_exp_parts e = gp_exp_reduce(wh);
    vd ml = vd_fma(e.th, vd_fma(e.r2, e.p, vd_add(e.rh, vd_add(e.rl, vd_fma(wl, e.rh, wl)))), e.tl);
    *K = vd_max(vd_add(e.k, vd_set1(c.ce)), vd_set1(-2200.0));
    vd P = gp_xc_times(c, e.th, ml);
    if (rare) {
        P = vd_select(far, vd_mul(P, vd_set1(0.0)), P);
        *K = vd_select(far, vd_set1(0.0), *K);
    }
    return P;
}

/* da * P 2^K: the rounded slope times da, or (slope below 2^-1000, finite
 * da) the product before the scaling */
static inline vd gp_exp_times_da(vd P, vd K, vd da)
{
    vdm tiny = vd_lt(K, vd_set1(-1000.0));
    if (!vd_any(tiny))
        return vd_mul(da, vd_ldexp(P, K));
    /* the slope is rounded into the subnormals only where da is infinite:
     * elsewhere that rounding would raise FE_UNDERFLOW for a normal dz */
    vdm inf = vd_eq(vd_abs(da), vd_set1(INFINITY));
    vd r = vd_mul(da, vd_ldexp(P, vd_select(inf, K, vd_max(K, vd_set1(-1000.0)))));
    vd t = vd_ldexp(vd_mul(vd_mul(da, vd_set1(0.25)), P), vd_add(K, vd_set1(2.0)));
    return vd_select(inf, r, vd_select(tiny, t, r));
}

/* x where m, else 0: a branch's operand in its own lanes only (the others
 * then raise no flag in a product that is not returned) */
static inline vd gp_vd_if(vdm m, vd x) { return vd_select(m, x, vd_set1(0.0)); }

/* x (h + l) rounded once, for a double-double constant h + l */
static inline vd gp_dd_times(vd x, double h, double l)
{
    vdm tiny = vd_lt(vd_select(vd_eq(x, vd_set1(0.0)), vd_set1(1.0), vd_abs(x)), vd_set1(0x1p-900));
    vd vh = vd_set1(h), vl = vd_set1(l);
    if (!vd_any(tiny))
        return vd_fma(x, vh, vd_mul(x, vl));
    vd xs = vd_mul(x, vd_select(tiny, vd_set1(0x1p200), vd_set1(1.0)));
    return vd_ldexp(vd_fma(xs, vh, vd_mul(xs, vl)), vd_select(tiny, vd_set1(-200.0), vd_set1(0.0)));
}

/* The slope and backward of elu and selu at z: right (z > 0), gaz (z = +-0),
 * C e^z (z < 0); backward da times it, z's NaN first, then da's. */
static inline vd gp_elu_slope(vd z, gp_xc c, vd right, vd gaz)
{
    vd K, P = gp_exp_times(vd_max(vd_min(z, vd_set1(-0x1p-60)), vd_set1(-2300.0)), vd_set1(0.0), c, &K);
    vd g = vd_select(vd_eq(z, vd_set1(0.0)), gaz, vd_ldexp(P, K));
    return vd_nan_keep(z, vd_select(vd_gt(z, vd_set1(0.0)), right, g));
}
/* the slope for z > 0 is rh + rl (a double-double; 1 + 0 for elu).  Each
 * branch sees da only in its own lanes (0 elsewhere): no spurious
 * FE_OVERFLOW/FE_UNDERFLOW from a product that is not returned. */
static inline vd gp_elu_slope_da(vd z, vd da, gp_xc c, double rh, double rl, vd gaz)
{
    vd zero = vd_set1(0.0);
    vdm pos = vd_gt(z, zero), at0 = vd_eq(z, zero);
    /* da for z < 0 only: not for a NaN z either (da = DBL_MAX times C e^z
     * would raise FE_OVERFLOW there, issue 19; nan_first replaces it) */
    vd da_neg = vd_select(vd_lt(z, zero), da, zero);
    vd K, P = gp_exp_times(vd_max(vd_min(z, vd_set1(-0x1p-60)), vd_set1(-2300.0)), zero, c, &K);
    vd r = vd_select(at0, vd_mul(gp_vd_if(at0, da), gaz), gp_exp_times_da(P, K, da_neg));
    vd right = rh == 1.0 && rl == 0.0 ? da : gp_dd_times(gp_vd_if(pos, da), rh, rl);
    return vd_nan_first(z, da, vd_select(pos, right, r));
}

/* elu and selu forward at z, given the z > 0 side (right) and small = C z
 * for |z| <= 2^-60 (C (e^z - 1) - C z < 2^-61 |C z|), each formed from
 * gp_elu_small_z / the z of its own lanes */
/* z > 0 is zeroed by a product with 0, not by select(z > 0, 0, z): clang 14
 * turns that select into select(z >= 0, 0, z), which makes -0 into +0. */
static inline vd gp_elu_small_z(vd z)
{
    vd zero = vd_set1(0.0);
    vd keep = vd_select(vd_gt(z, zero), zero, vd_set1(1.0));
    return vd_mul(gp_vd_if(vd_le(vd_abs(z), vd_set1(0x1p-60)), z), keep);
}
static inline vd gp_elu_value(vd z, gp_xc c, vd right, vd small)
{
    vd big = gp_expm1_times(vd_max(vd_min(z, vd_set1(-0x1p-60)), vd_set1(-50.0)), vd_set1(0.0), c);
    vd r = vd_select(vd_le(vd_abs(z), vd_set1(0x1p-60)), small, big);
    return vd_nan_keep(z, vd_select(vd_gt(z, vd_set1(0.0)), right, r));
}

/* da (s + e) in one FMA, or the IEEE da * s where that is not finite */
static inline vd gp_pair_times_da_plain(vd s, vd e, vd da)
{
    vd r = vd_fma(da, s, vd_mul(da, e));
    vdm bad = vd_nle(vd_abs(r), vd_set1(DBL_MAX));
    return vd_any(bad) ? vd_select(bad, vd_mul(da, s), r) : r;
}
/* da (s + e) rounded once, s + e a double-double (|e| <= ulp(s)); where
 * that is not finite (da or s infinite: NaN from inf*0 or inf - inf; da e
 * overflowing, which needs da s past 2^1077) the IEEE da * s, which is then
 * the right infinity or NaN.  The caller zeroes da and e in lanes it does
 * not use (no spurious flags from them).  Where da e itself underflows (a
 * tiny da, or a tiny a beside alpha) FE_UNDERFLOW is raised although da s
 * may be normal, as in sigmoid's and tanh's backward_from_output: the fast
 * kernels leave it to src/api.c, which runs the careful twin then
 * (careful = 1, issue 19): rare lanes, 0 < |e| < 2^-900 beside
 * |s| >= 2^-790 (a tiny a beside alpha), take vd_mul_pair_sticky, the same
 * correctly rounded result with e's sign breaking a midpoint and no
 * FE_UNDERFLOW; a tiny da is the careful loop's (gp_bwd_vd, src/loops.h). */
static inline vd gp_pair_times_da(vd s, vd e, vd da, int careful)
{
    if (!careful)
        return gp_pair_times_da_plain(s, e, da);
    vd zero = vd_set1(0.0);
    vdm low = vd_lt(vd_select(vd_eq(e, zero), vd_set1(1.0), vd_abs(e)), vd_set1(0x1p-900));
    if (vd_any(low)) {
        low = vd_le(vd_set1(0x1p-790), vd_select(low, vd_abs(s), zero));
        vdm st = vd_sticky_lanes(low, vd_mul(vd_select(low, da, zero), s));
        vd r = vd_mul_pair_sticky(vd_select(st, da, zero), vd_select(st, s, zero), e);
        return vd_select(st, r, gp_pair_times_da_plain(s, vd_select(st, zero, e), da));
    }
    return gp_pair_times_da_plain(s, e, da);
}

#elif defined(GP_ACT_REFERENCE)

/* out = c * expm1(w) (fn GP_REF_G) or c * exp(w) (GP_REF_DG) for an MPFR w
 * and c, at out's precision + 16 (tests/ref/gp_ref.h) */
static void gp_ref_c_exp(mpfr_ptr out, int fn, mpfr_srcptr c, mpfr_srcptr w)
{
    mpfr_t t;
    mpfr_init2(t, mpfr_get_prec(out) + 16);
    if (fn == GP_REF_G)
        mpfr_expm1(t, w, MPFR_RNDN);
    else
        mpfr_exp(t, w, MPFR_RNDN);
    mpfr_mul(out, t, c, MPFR_RNDN);
    mpfr_clear(t);
}

/* a + c (c = ch + cl, doubles): the exact double-double sum to long double */
static inline long double gp_ref_plus_dd_ld(double a, double ch, double cl)
{
    double e, s = gp_ref_two_sum(a, ch, &e);
    if (isinf(s))
        return (long double)a + (long double)ch;
    return (long double)s + ((long double)e + (long double)cl);
}

#endif
#endif
