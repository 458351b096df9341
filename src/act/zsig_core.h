/* The core that silu and gelu_tanh share: activations g(z) = z sigmoid(v(z))
 * with v odd and increasing, w(z) = z v'(z):
 *   silu:      v(z) = z,                       w(z) = z
 *   gelu_tanh: v(z) = 2c (z + a z^3),          w(z) = 2c (z + 3a z^3),
 *              2c = sqrt(8/pi), a = 0.044715
 * With E = e^-|v|:
 *   z >= 0:  g = z / (1+E)                     g' = (1 + E (1 + w)) / (1+E)^2
 *   z <  0:  g = z E / (1+E)                   g' = E h / (1+E)^2,  h = 1 + w + E
 * (g' = sigmoid(v) + z v' sigmoid(v) sigmoid(-v), over a common denominator.)
 * Every quantity on the right is positive except z and h, so the only
 * cancellation is in h, at the zero z* of g'; each activation gives h there
 * by a local expansion in t = z - z* (its file).
 *
 * Included by src/act/silu.h and src/act/gelu_tanh.h; it provides the part
 * the including file is compiled for:
 *   GP_ACT_KERNELS    gp_zsig_mul_dd, gp_exp_dd_pair (E as a double-double),
 *                     gp_zsig_core (g and g' from E, w and the local h),
 *                     gp_zsig_g (g, its +-0 and large z), gp_zsig_times
 *                     (da g' for a tiny g')
 *   GP_ACT_REFERENCE  gp_zsig_ref (MPFR), gp_zsig_screen (long double)
 *
 * f64 algorithm and bounds (gp_exp_dd_pair, gp_zsig_core):
 * 1. E = e^-|v| = 2^k (mh + ml): relative error below 2^-62.
 * 2. Denominators 1 + E and (1+E)^2 as double-doubles (gp_one_plus,
 *    gp_square_dd): relative error below 2^-100 given E.
 * 3. Numerators as double-doubles: z (1 + w), M (1 + w) with M = mh + ml, h
 *    from (1 + w) + E by TwoSum, then M h.  h is off by at most 2^-62 E +
 *    2^-100 |1+w| absolute, relative to h below 2^-58 outside |z - z*| <
 *    2^-6 (there |h| > 2^-6.5 for silu, 2^-4.7 for gelu_tanh); inside it
 *    the caller's local h, relative error below 2^-56.
 * 4. One division (vd_div_dd: 0.5 + 0.07 ulp), then * 2^k (z < 0) by
 *    vd_ldexp, the only rounding into the subnormal range.
 * Error bounds (f64): forward 0.5 + 0.07 + 0.02 < 0.6 ulp; grad < 0.65 ulp;
 * a subnormal result rounds twice, < 1 ulp of the subnormal spacing.
 * backward = da * (g' rounded): g''s 0.65 ulp can weigh 1.3 ulp of the
 * product, plus its own 0.5: below 1.8 ulp.  Where g' is tiny (k < -1000)
 * the product da 2^-16 q is formed before the scaling (|q| < 2^13, which
 * the callers' clamps of z ensure). */
#ifndef GP_ACT_ZSIG_CORE_H
#define GP_ACT_ZSIG_CORE_H

#if defined(GP_ACT_KERNELS)

/* (ah + al)(bh + bl) = h + l, relative error < 2^-103 (al bl dropped), |l| < 2^-51 |h| */
static inline vd gp_zsig_mul_dd(vd ah, vd al, vd bh, vd bl, vd *l)
{
    vd h = vd_mul(ah, bh);
    *l = vd_fma(ah, bl, vd_fma(al, bh, vd_fms(ah, bh, h)));
    return h;
}

/* The shared tail.  Given z (clamped), the double-double w = z v'(z), the
 * exponential E = e^-|v| = 2^k (mh + ml), and (loc, lh + ll) the local h
 * for the lanes near z*: returns q and *kk with g' = q 2^kk, and the
 * forward quotient *fq (g = fq 2^kk) when fq is not NULL. */
static inline vd gp_zsig_core(vd z, vd wh, vd wl, vd k, vd mh, vd ml, vdm loc, vd lh, vd ll, vd *kk, vd *fq)
{
    vd s = gp_exp_scale(k);
    vd dl, dh = gp_one_plus(s, mh, ml, &dl);        /* 1 + E */
    vd sl, sh = gp_square_dd(dh, dl, &sl);          /* (1 + E)^2 */
    vdm neg = vd_lt(z, vd_set1(0.0));
    /* A = 1 + w */
    vd ae, ah = vd_two_sum(vd_set1(1.0), wh, &ae);
    vd al = vd_add(ae, wl);
    ah = vd_fast_two_sum(ah, al, &al);
    /* z >= 0: 1 + E A, E A <= 1 */
    vd pl, ph = gp_zsig_mul_dd(mh, ml, ah, al, &pl);
    vd e1, n1h = vd_two_sum(vd_set1(1.0), vd_mul(s, ph), &e1);
    vd n1l = vd_fma(s, pl, e1);
    /* z < 0: M h, h = A + E, or the local h.  E below 2^-960 (k < -960: |v|
     * > 665, |A| > 600) lies far below h's last bit and is left out, since
     * 2^k ml would underflow there beside a backward product da g' that is
     * normal for a huge da (issue 19) */
    vd se = vd_select(vd_lt(k, vd_set1(-960.0)), vd_set1(0.0), s);
    vd he, hh = vd_two_sum(ah, vd_mul(se, mh), &he);
    vd hl = vd_add(vd_add(he, al), vd_mul(se, ml));
    hh = vd_fast_two_sum(hh, hl, &hl);
    hh = vd_select(loc, lh, hh);
    hl = vd_select(loc, ll, hl);
    vd n2l, n2h = gp_zsig_mul_dd(mh, ml, hh, hl, &n2l);
    vd nh = vd_select(neg, n2h, n1h);
    vd nl = vd_select(neg, n2l, n1l);
    nh = vd_fast_two_sum(nh, nl, &nl);
    *kk = vd_select(neg, k, vd_set1(0.0));
    if (fq) {
        /* z >= 0: z / (1 + E);  z < 0: z M / (1 + E) */
        vd fl, fh = gp_zsig_mul_dd(z, vd_set1(0.0), mh, ml, &fl);
        fh = vd_fast_two_sum(fh, fl, &fl);
        *fq = vd_div_dd(vd_select(neg, fh, z), vd_select(neg, fl, vd_set1(0.0)), dh, dl);
    }
    return vd_div_dd(nh, nl, sh, sl);
}

/* Rare lanes (issue 19), found by one branch, of the clamped z: above hi
 * (+inf, NaN), where g = z and g' = 1 to the last bit; at or below lo (-inf),
 * where g and g' underflow to -0; and |z| below 2^-60, where E = 1 and w = 0
 * give the same bits (g' = 1/2, g = z/2: the terms in z they drop are below
 * half an ulp, or underflow to 0 in it).  Returned: the z that e^-|v| and w
 * are taken of (0 in those lanes: no spurious FE_UNDERFLOW from e^-|v|, z^2
 * or w), and in *zn the z for g's numerator and sign (0 but in the tiny
 * lanes); gp_zsig_rare_out puts the far lanes' results. */
typedef struct {
    vdm hi, lo;
    int rare;
} gp_zsig_rare_t;

static inline vd gp_zsig_rare_in(vd z, double hi, double lo, gp_zsig_rare_t *o, vd *zn)
{
    o->hi = vd_nle(z, vd_set1(hi));
    o->lo = vd_le(z, vd_set1(lo));
    vdm far = vd_mask_or(o->hi, o->lo);
    vdm odd = vd_mask_or(far, vd_lt(vd_abs(z), vd_set1(0x1p-60)));
    o->rare = vd_any(odd);
    if (!o->rare) {
        *zn = z;
        return z;
    }
    *zn = vd_select(far, vd_set1(0.0), z);
    return vd_select(odd, vd_set1(0.0), z);
}

/* q (g' = q 2^kk, kk = 0 in the far lanes) and *fq (if fq) in the far lanes */
static inline vd gp_zsig_rare_out(const gp_zsig_rare_t *o, vd z, vd q, vd *fq)
{
    if (!o->rare)
        return q;
    if (fq)
        *fq = vd_select(o->hi, z, vd_select(o->lo, vd_set1(-0.0), *fq));
    return vd_select(o->hi, vd_set1(1.0), vd_select(o->lo, vd_set1(-0.0), q));
}

/* g = fq 2^kk, or z itself for z > zmax (where g rounds to z) and for +-0
 * (-0 sigmoid(-0) = -0, which the division's correction would turn into
 * +0); NaN -> the same NaN, quieted. */
static inline vd gp_zsig_g(vd z, vd fq, vd kk, double zmax)
{
    vd g = vd_select(vd_gt(z, vd_set1(zmax)), z, vd_ldexp(fq, kk));
    g = vd_select(vd_eq(z, vd_set1(0.0)), z, g);
    return vd_nan_keep(z, g);
}

/* da * q 2^kk: the IEEE product with g' = q 2^kk rounded, or, where g' is
 * tiny (kk < -1000) and da finite, (da 2^-16 q) 2^(kk+16), rounded once
 * into the subnormal range (|q| < 2^13: no overflow for any finite da; da
 * 2^-16 rounds only for |da| < 2^-1006, where |g'| < 2^-987 makes the
 * result 0 anyway). */
static inline vd gp_zsig_times(vd q, vd kk, vd da)
{
    vdm tiny = vd_lt(kk, vd_set1(-1000.0));
    int any_tiny = vd_any(tiny);
    vd kg = kk;
    if (any_tiny) /* da * g', replaced there, is formed with g' = q 2^-16: no spurious FE_UNDERFLOW (issue 19) */
        kg = vd_select(tiny, vd_select(vd_eq(vd_abs(da), vd_set1(INFINITY)), kk, vd_set1(-16.0)), kk);
    vd r = vd_mul(da, vd_ldexp(q, kg));
    if (any_tiny) {
        vd t = vd_ldexp(vd_mul(vd_mul(da, vd_set1(0x1p-16)), q), vd_add(kk, vd_set1(16.0)));
        r = vd_select(vd_eq(vd_abs(da), vd_set1(INFINITY)), r, vd_select(tiny, t, r));
    }
    return r;
}

#elif defined(GP_ACT_REFERENCE)

/* MPFR: out = g (fn = GP_REF_G) or g' (GP_REF_DG) of z sigmoid(v) from z and
 * the values v = v(z), w = z v'(z) at the working precision W = 2 prec(out)
 * + 64, with E = e^-|v|:
 *   z >= 0:  g = z/(1+E),   g' = (1 + E (1 + w))/(1+E)^2
 *   z <  0:  g = z E/(1+E), g' = E (1 + w + E)/(1+E)^2.
 * The only cancellation is in 1 + w + E at the zero z* of g', an absolute
 * error of a few 2^-W against |h| >= |h'(z*)| |z - z*|; the double next to
 * z* is 2^-53 (silu) and 2^-54.6 (gelu_tanh) away, so at most ~58 bits are
 * lost and the relative error stays below 2^-(W-60) < 2^-prec(out).
 * z = +-inf: the limits. */
static void gp_zsig_ref(mpfr_ptr out, int fn, double z, mpfr_srcptr v, mpfr_srcptr w)
{
    if (isinf(z)) {
        if (fn == GP_REF_G)
            mpfr_set_d(out, z > 0 ? z : -0.0, MPFR_RNDN);
        else
            mpfr_set_d(out, z > 0 ? 1.0 : -0.0, MPFR_RNDN);
        return;
    }
    mpfr_t e, d, n;
    mpfr_inits2(2 * mpfr_get_prec(out) + 64, e, d, n, (mpfr_ptr)0);
    mpfr_abs(e, v, MPFR_RNDN);
    mpfr_neg(e, e, MPFR_RNDN);
    mpfr_exp(e, e, MPFR_RNDN);            /* E */
    mpfr_add_ui(d, e, 1, MPFR_RNDN);      /* 1 + E */
    if (fn == GP_REF_G) {
        mpfr_set_d(n, z, MPFR_RNDN);
        if (z < 0)
            mpfr_mul(n, n, e, MPFR_RNDN);
        mpfr_div(out, n, d, MPFR_RNDN);
    } else {
        if (z < 0) {
            mpfr_add(n, d, w, MPFR_RNDN); /* h = 1 + w + E */
            mpfr_mul(n, n, e, MPFR_RNDN);
        } else {
            mpfr_add_ui(n, w, 1, MPFR_RNDN);
            mpfr_mul(n, n, e, MPFR_RNDN);
            mpfr_add_ui(n, n, 1, MPFR_RNDN);
        }
        mpfr_sqr(d, d, MPFR_RNDN);
        mpfr_div(out, n, d, MPFR_RNDN);
    }
    mpfr_clears(e, d, n, (mpfr_ptr)0);
}

/* Screen (tools/ulp) in long double, rounded to double: with E = e^-|v| and,
 * for z < 0, h = 1 + w + E given without cancellation by the caller,
 *   z >= 0:  g = z/(1+E),   g' = (1 + E (1 + w))/(1+E)^2
 *   z <  0:  g = z E/(1+E), g' = E h/(1+E)^2;
 * sums of positive terms, products and quotients, each 2^-64 relative, so
 * their error is the inputs' plus ~2^-61; z = +-inf: the limits. */
static void gp_zsig_screen(long double z, long double E, long double w, long double h, double out[GP_REF_FN_COUNT])
{
    if (isinf(z)) {
        out[GP_REF_G] = z > 0 ? INFINITY : -0.0;
        out[GP_REF_DG] = z > 0 ? 1.0 : -0.0;
        return;
    }
    long double d = 1.0L + E;
    out[GP_REF_G] = (double)(z < 0 ? z * E / d : z / d);
    out[GP_REF_DG] = (double)(z < 0 ? E * h / (d * d) : (1.0L + E * (1.0L + w)) / (d * d));
}

#endif
#endif
