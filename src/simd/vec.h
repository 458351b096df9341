/* The vector layer: a thin set of inline operations over the native vector
 * type, so that every algorithm in src/act/ is written once and compiled per
 * instruction set (SLEEF style).  src/kernels.c is built once per ISA with one
 * of GP_BUILD_AVX512, GP_BUILD_AVX2 or GP_BUILD_GENERIC defined.
 *
 * Types:  vd  - VD_N doubles     vdm - a lane mask for vd
 *         vf  - VF_N floats      vfm - a lane mask for vf     (VF_N == 2*VD_N, or 1 and 1)
 * Every operation is exactly rounded as in IEEE 754 (fma: one rounding), so
 * the same algorithm gives bit-identical results on every back end.
 * min(a, b) is a where a < b, else b (b where either is NaN, as x86's minpd),
 * max likewise; both raise no flag on a quiet NaN.  max_nn(a, b) is max for
 * operands that are never NaN: the hardware's one instruction (maxps raises
 * FE_INVALID on a quiet NaN; min/max take a compare and a blend).  nle(a, b) is
 * !(a <= b), true for NaN; relu(z) is max(z, 0) with +0 for z <= 0 and z
 * quieted for NaN; nan_or(z, r) is z quieted where z is NaN, else r (one
 * vfixupimm on AVX-512, no branch: for the short relu kernels);
 * neg(a) flips the sign bit (a logic operation, not an FP one);
 * hinge(z, left) is 1 for z > 0, left for z <= 0, z quieted for NaN; any(m)
 * tells whether some lane of m is set (a branch for rare lanes).
 * A NEON build would add vec_neon.h with the same ~60 names. */
#ifndef GP_SIMD_VEC_H
#define GP_SIMD_VEC_H

#include <float.h>
#include <math.h>

#if defined(GP_BUILD_AVX512)
#include "vec_avx512.h"
#elif defined(GP_BUILD_AVX2)
#include "vec_avx2.h"
#else
#include "vec_generic.h"
#endif

/* ---- helpers written once over the layer ---------------------------------- */

/* a + b = s + e exactly (Knuth's TwoSum, any magnitudes). */
static inline vd vd_two_sum(vd a, vd b, vd *e)
{
    vd s = vd_add(a, b);
    vd bb = vd_sub(s, a);
    *e = vd_add(vd_sub(a, vd_sub(s, bb)), vd_sub(b, bb));
    return s;
}

/* a + b = s + e exactly, given |a| >= |b| or a == 0 (Dekker's FastTwoSum). */
static inline vd vd_fast_two_sum(vd a, vd b, vd *e)
{
    vd s = vd_add(a, b);
    *e = vd_sub(b, vd_sub(s, a));
    return s;
}

/* Renormalise a double-double: h + l = s + e with |e| <= ulp(s)/2, given |h| >= |l|. */
static inline vd vd_norm(vd h, vd l, vd *e) { return vd_fast_two_sum(h, l, e); }

/* (nh + nl) / (dh + dl) rounded, for nh >= 0, |nl| <= nh/32 and a normalised
 * denominator (dh >= 1/2, |dl| <= 2^-50 dh): one division and one correction
 * by the remainder.  The remainder nh - q0*dh is exact by FMA; the rest of it
 * and the correction r/dh (r <= nh/32 + 2^-51) round with relative error
 * 2^-53 each, and the correction misses r/dh * dl/dh < 2^-55 of r: at most
 * 0.5 ulp + 3 * 2^-58 relative = 0.5 + 0.1 ulp (0.5 + 0.07 for the
 * |nl| <= 0.023 nh of exp_dd.h). */
static inline vd vd_div_dd(vd nh, vd nl, vd dh, vd dl)
{
    vd inv = vd_div(vd_set1(1.0), dh);
    vd q0 = vd_mul(nh, inv);
    vd r = vd_fnma(q0, dh, nh);                       /* nh - q0*dh, exact */
    r = vd_add(r, vd_fnma(q0, dl, nl));               /* + nl - q0*dl       */
    return vd_fma(r, inv, q0);
}

/* (w + 3)/6 correctly rounded, for |w| <= 6 (hardsigmoid's z/6 + 1/2,
 * hardswish's (2z + 3)/6).  w + 3 = s + e exactly (TwoSum); Q = (s + e)/6.
 *   y = q1 + (s - 6 q1 + e)/6 with q1 = s/6: |y - Q| <= ulp(y)/2 + 2^-49 ulp.
 *   T = s - 6y + e is exact: s - 6y is exact by FMA and a multiple of
 *   2 ulp(y) (ulp(y) <= ulp(s)/4, as y ~ s/6); |e| <= ulp(s)/2 <= 4 ulp(y), so
 *   e has no bit below 2^-51 ulp(y) unless |e| = 4 ulp(y) (one bit); and
 *   |T| = 6|Q - y| < 4 ulp(y): T fits 53 bits.  Q = y + T/6 exactly.
 *   result = y + RN(T/6), rounded: RN(T/6) is off by < 2^-53 |T|/6 < g/6,
 *   g = the lowest set bit of T (T has at most 53 bits), while Q is at least
 *   g/6 from every midpoint M of the result's grid unless it is one: Q - M =
 *   (6(y - M) + T)/6 and 6(y - M) is a multiple of g or coarser.  Where Q is
 *   a midpoint, T/6 = M - y is exact and the tie is rounded as Q's.  So the
 *   result is RN(Q).  w = -3 gives +0; no intermediate under- or overflows
 *   (s is 0 or |s| >= 2^-52). */
static inline vd vd_plus3_div6(vd w)
{
    vd six = vd_set1(6.0), e, s = vd_two_sum(w, vd_set1(3.0), &e);
    vd q1 = vd_div(s, six);
    vd y = vd_fma(vd_add(vd_fnma(q1, six, s), e), vd_set1(1.0 / 6.0), q1);
    vd t = vd_add(vd_fnma(y, six, s), e);
    return vd_add(y, vd_div(t, six));
}

/* r, with z (quieted, by adding 0: z + z would raise FE_OVERFLOW in the lanes
 * that are not NaN but large) where z is NaN.  NaN lanes are rare: the select is
 * skipped, by one branch, in a vector that has none (in the long sigmoid/tanh
 * kernels this beats the layer's nan_or: f64 tanh grad 3 % faster) */
static inline vd vd_nan_keep(vd z, vd r)
{
    vdm m = vd_isnan(z);
    return vd_any(m) ? vd_select(m, vd_add(z, vd_set1(0.0)), r) : r;
}

static inline vf vf_nan_keep(vf z, vf r)
{
    vfm m = vf_isnan(z);
    return vf_any(m) ? vf_select(m, vf_add(z, vf_set1(0.0f)), r) : r;
}

/* r, unless a or then da is NaN: that NaN, quieted (a deterministic choice
 * where two NaNs meet, whatever operand order the compiler gave a multiply).
 * NaN lanes are rare: one branch skips the selects in a vector without one. */
static inline vd vd_nan_first(vd a, vd da, vd r)
{
    vdm na = vd_isnan(a), nd = vd_isnan(da);
    if (vd_any(vd_mask_or(na, nd)))
        r = vd_select(na, vd_add(a, vd_set1(0.0)), vd_select(nd, vd_add(da, vd_set1(0.0)), r));
    return r;
}

static inline vf vf_nan_first(vf a, vf da, vf r)
{
    vfm na = vf_isnan(a), nd = vf_isnan(da);
    if (vf_any(vf_mask_or(na, nd)))
        r = vf_select(na, vf_add(a, vf_set1(0.0f)), vf_select(nd, vf_add(da, vf_set1(0.0f)), r));
    return r;
}

/* da * (s + e) rounded once, for lanes where e is nonzero and lies far
 * below s's last bit (|e| < 2^-110 |s|), so that only e's sign matters: the
 * callers' tiny-output lanes, where da * e would underflow beside a normal
 * result (issue 19).  The exact P = da * s has at most 106 significant bits:
 * unless P is a double or a midpoint, it is more than 2^-106 |P| from one, and
 * e cannot move its rounding; on one, e's sign decides (a midpoint rounds
 * toward it).  A stand-in c = |P| 2^-110 with da*e's sign does the same in
 * one FMA.  c is normal where |P| >= 2^-800; below that the smaller factor
 * is scaled by 2^300 (exact; it is below 2^-400, so no overflow) and the sum
 * back (exact where the result is normal).  For lanes where da * s is
 * normal; where it is 0, inf or NaN the IEEE da * s, the limit of da (s + e).
 * Lanes of a subnormal da * s must not be passed (their flag is due anyway,
 * and the scaled sum would round twice): callers pick the lanes with
 * vd_sticky_lanes and pass 0 elsewhere. */
static inline vd vd_mul_pair_sticky(vd da, vd s, vd e)
{
    vd zero = vd_set1(0.0);
    vd p = vd_mul(da, s);
    vd k = vd_select(vd_lt(vd_abs(p), vd_set1(0x1p-800)), vd_set1(300.0), zero);
    vdm sda = vd_lt(vd_abs(da), vd_abs(s));
    vd xs = vd_ldexp(da, vd_select(sda, k, zero)), ss = vd_ldexp(s, vd_select(sda, zero, k));
    vd sgn = vd_mul(da, vd_copysign(vd_set1(1.0), e)); /* da * e's sign, with no underflow */
    vd c = vd_copysign(vd_mul(vd_abs(vd_mul(xs, ss)), vd_set1(0x1p-110)), sgn);
    vd r = vd_ldexp(vd_fma(xs, ss, c), vd_sub(zero, k));
    vdm lim = vd_nle(vd_select(vd_eq(p, zero), vd_set1(INFINITY), vd_abs(p)), vd_set1(DBL_MAX));
    return vd_select(lim, p, r);
}

/* the lanes of m where p = da * s is not subnormal (0, normal, inf or NaN):
 * those vd_mul_pair_sticky serves */
static inline vdm vd_sticky_lanes(vdm m, vd p)
{
    vd t = vd_select(vd_eq(p, vd_set1(0.0)), vd_set1(INFINITY), vd_abs(p));
    return vd_nle(vd_select(m, t, vd_set1(0x1p-1074)), vd_set1(0x0.fffffffffffffp-1022));
}

/* da * (c - a*a) rounded once (c = a for sigmoid's a(1-a), c = 1 for tanh's
 * 1-a^2): a*a = p + pe exactly (FMA), c - p = s + e exactly, then
 * da*s + da*(e - pe) in one FMA.  Error: 0.5 ulp + below 2^-50 ulp.  Where
 * |a| <= 1 and da is finite (every output of sigmoid and tanh) |c| >= p and
 * FastTwoSum gives s + e; a vector with another lane takes TwoSum, and where
 * a*a overflows (|a| > sqrt(DBL_MAX)) or da is not finite (inf*0 inside the
 * split) the plain da * fma(-a, a, c), which keeps the IEEE limits (+-inf, NaN). */
static inline vd vd_times_c_minus_sq(vd da, vd c, vd a)
{
    vd p = vd_mul(a, a);
    vd pe = vd_fms(a, a, p);
    vd s, e;
    /* |a| + |da|*0: NaN unless da is finite */
    vd chk = vd_fma(vd_abs(da), vd_set1(0.0), vd_abs(a));
    int common = !vd_any(vd_nle(chk, vd_set1(1.0)));
    if (common) {
        s = vd_sub(c, p);
        e = vd_sub(vd_sub(c, s), p);
    } else {
        s = vd_two_sum(c, vd_mul(p, vd_set1(-1.0)), &e);
    }
    vd exact = vd_fma(da, s, vd_mul(da, vd_sub(e, pe)));
    if (common)
        return exact;
    vdm ok = vd_le(chk, vd_set1(0x1.fffffffffffffp511));
    return vd_nan_first(a, da, vd_select(ok, exact, vd_mul(da, vd_fnma(a, a, c))));
}

#endif
