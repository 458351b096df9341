/* The exponential core of the fast tier (GP_ACCURACY_FAST) for float32, in
 * float arithmetic over the vector layer: e^-a for a in [0, 200] (the
 * callers clamp; a NaN lane gives some finite value, the callers put the
 * NaN back) as
 *
 *   e^-a = 2^kn (1 - w),   w = s qm(s),   kn = -round(a/ln2),  |s| <= ln2/2
 *
 *   kn: 1.5*2^23 + a/ln2 rounded holds round(a/ln2) in its low bits.
 *   s = a + kn ln2 by Cody-Waite with FMA: a + kn C1 is exact (C1 has 21
 *       bits, |kn| <= 289; for a >= 1 both are multiples of 2^-23 and the
 *       difference is below 2^24 of them, below 1 it is Sterbenz), + kn C2
 *       rounds once: |error| < 2^-30 |s|-relative, C1 + C2 = ln2 to 2^-55.
 *   qm(s) = (1 - e^-s)/s: a degree-5 polynomial, Chebyshev fit (mpmath
 *       chebyfit of expm1(r)/r on [-ln2/2, ln2/2], r = -s, coefficients
 *       rounded to float): with p = 1 - s qm, |p/e^-s - 1| < 2^-26.5 over
 *       the interval (coefficients as rounded, exact arithmetic), and
 *       w = s qm keeps that relative error down to s = 0 (expm1 form: no
 *       cancellation near a = 0).  Horner's rounding adds below 2^-25 of qm.
 * The callers round p = 1 - w (fnma) or use w itself (tanh); 10 layer
 * operations here. */
#ifndef GP_ACT_FEXP_F32_H
#define GP_ACT_FEXP_F32_H

typedef struct {
    vf s, qm; /* w = s qm = 1 - e^-(a + kn ln2) */
    vf kn;    /* -round(a/ln2), an integer in [-289, 0] */
} gp_fexpf_t;

GP_INLINE gp_fexpf_t gp_fexpf_neg(vf a)
{
    gp_fexpf_t e;
    vf t = vf_fma(a, vf_set1(0x1.715476p+0f), vf_set1(0x1.8p23f));
    e.kn = vf_sub(vf_set1(0x1.8p23f), t);
    vf s = vf_fma(e.kn, vf_set1(0x1.62e43p-1f), a);
    e.s = vf_fma(e.kn, vf_set1(-0x1.05c61p-29f), s);
    /* expm1(r)/r = 1 + r/2 + c2 r^2 + ..., at r = -s: the odd terms change sign */
    vf q = vf_fma(e.s, vf_set1(-0x1.6d4316p-10f), vf_set1(0x1.123d82p-7f));
    q = vf_fma(q, e.s, vf_set1(-0x1.5554eap-5f));
    q = vf_fma(q, e.s, vf_set1(0x1.55547cp-3f));
    q = vf_fma(q, e.s, vf_set1(-0x1p-1f));
    e.qm = vf_fma(q, e.s, vf_set1(1.0f));
    return e;
}

/* The bell 2^sh e^-a / (1 + e^-a)^2 (sigmoid' at a = |z|, sh = 0; tanh' at
 * a = 2|z|, sh = 2) as q 2^k, q = p / D unscaled (in [2^-4, 2]):
 *   p = 1 - w rounded once (FMA); E = p 2^max(kn, -64) (exact: E is normal;
 *   below 2^-64 it is lost in 1 + E, D = 1 exactly either way, and the
 *   clamp keeps a large a from raising FE_UNDERFLOW here);
 *   D = (1 + E)^2 = E (E + 2) + one in one FMA after E + 2 rounds, where
 *   `one` is 1 (the grad callers: 1 + |z| 2^-126, which is 1 up to
 *   |z| = 2^102, beyond the clamp, where it only lowers a q whose scaled
 *   result is 0 anyway; +inf at an infinite z: D = inf, q = 0 exactly, no
 *   flag; NaN at a NaN z: q NaN, quietly, and the caller puts z back);
 *   q = p / D, one division.
 * Error: p's 2^-24 + 2^-26.5 enters bell = E/(1+E)^2 with weight
 * (1-E)/(1+E) <= 1, D's two roundings below 1.75 * 2^-24, the quotient's
 * 0.5 ulp: at most 3.3 ulp of q; k = kn + sh scales it exactly, or rounds
 * once more into the subnormal range (below 1 more unit of the smallest
 * subnormal). */
typedef struct {
    vf q, k;
} gp_fbellf_t;

GP_INLINE gp_fbellf_t gp_fbellf(vf a, float sh, vf one)
{
    gp_fbellf_t b;
    gp_fexpf_t e = gp_fexpf_neg(a);
    vf p = vf_fnma(e.s, e.qm, vf_set1(1.0f));
    vf E = vf_scalef(p, vf_max_nn(e.kn, vf_set1(-64.0f)));
    vf D = vf_fma(E, vf_add(E, vf_set1(2.0f)), one);
    b.q = vf_div(p, D);
    b.k = sh == 0.0f ? e.kn : vf_add(e.kn, vf_set1(sh));
    return b;
}

/* da * q 2^k, rounded once and scaled: for |da| <= 2^120 the product
 * cannot overflow (q < 2); a result that leaves the normal range rounds once
 * more (below 1 unit of the smallest subnormal), and a product that is
 * itself subnormal (|da| < 2^-100 or so) is scaled by 2^k <= 4 after its
 * rounding (below 2.5 units in all).  The rare lanes (|da| > 2^120, an
 * infinite or NaN da or x, the input), found by one branch, take da = 0 in
 * that product (so it neither overflows nor underflows there), and then:
 *   |da| > 2^120, x finite: da 2^-64 (exact, above 2^56) times q (below
 *     2^65: no overflow) rounds as da q would, then 2^(k + 64) scales it:
 *     the same result, and an underflow only where the result is tiny;
 *   an infinite da or x: da times 1 or 0 as the slope rounded to float
 *     (q 2^k) is nonzero or 0, decided as q 2^(k + 150) > 1 with k + 150
 *     clamped to [-8, 8] (no underflow), so that inf * (a slope that is 0
 *     in float) is NaN, as the default tier does; at x = +-inf the callers'
 *     stand-in a (the clamp) makes that slope 0: the limit, 0 with da's sign;
 *   a NaN x, or then a NaN da, comes out quieted (no inf * 0 on the way). */
GP_INLINE vf gp_fbellf_times(vf x, vf da, gp_fbellf_t b)
{
    vf ada = vf_abs(da);
    vfm big = vf_nle(ada, vf_set1(0x1p120f));                /* also inf, NaN */
    vfm odd = vf_nle(vf_abs(x), vf_set1(0x1.fffffep127f)); /* x inf or NaN */
    vfm rare = vf_mask_or(big, odd);
    vf g = vf_scalef(vf_mul(vf_select(rare, vf_set1(0.0f), da), b.q), b.k);
    if (vf_any(rare)) {
        vf ds = vf_select(odd, vf_set1(0.0f), vf_select(big, da, vf_set1(0.0f)));
        ds = vf_mul(ds, vf_set1(0x1p-64f));
        vf gs = vf_scalef(vf_mul(ds, b.q), vf_add(b.k, vf_set1(64.0f)));
        vf k150 = vf_max(vf_min(vf_add(b.k, vf_set1(150.0f)), vf_set1(8.0f)), vf_set1(-8.0f));
        vfm nz = vf_mask_or(vf_gt(vf_scalef(b.q, k150), vf_set1(1.0f)), vf_isnan(x)); /* NaN x: no inf * 0 */
        gs = vf_select(vf_mask_or(vf_eq(ada, vf_set1(INFINITY)), odd),
                       vf_mul(da, vf_select(nz, vf_set1(1.0f), vf_set1(0.0f))), gs);
        g = vf_select(rare, vf_nan_first(x, da, gs), g);
    }
    return g;
}

#endif
