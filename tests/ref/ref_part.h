/* Helpers for the GP_ACT_REFERENCE parts of src/act/<name>.h, which
 * tests/ref/ref.c includes after this file: c - a^2 of the from-output
 * formulas, in MPFR and exactly formed in the screening precisions. */
#ifndef GP_REF_PART_H
#define GP_REF_PART_H

#include <math.h>
#include <mpfr.h>

/* Round to odd: out was just set by an MPFR call with MPFR_RNDZ that returned
 * ternary; where that was inexact its last bit is made 1.  A later rounding
 * to nearest, at least two bits shorter (a double), of out or of its exact
 * product with a double is then the correct rounding of the exact value
 * (Boldo and Melquiond): a low part far below out's precision still decides
 * a midpoint.  From-output slopes at a tiny a need it: a - a^2, a + alpha
 * and a/alpha + 1 times da on a midpoint of da a, da alpha (issue 19). */
static inline void gp_ref_odd(mpfr_ptr out, int ternary)
{
    if (ternary == 0 || !mpfr_number_p(out) || mpfr_zero_p(out) ||
        mpfr_min_prec(out) == mpfr_get_prec(out))
        return;
    if (mpfr_sgn(out) > 0)
        mpfr_nextabove(out);
    else
        mpfr_nextbelow(out);
}

/* out = c - a^2 for doubles c and a, rounded once to out's precision (a^2
 * exact), to odd */
static inline void gp_ref_mpfr_c_minus_sq(mpfr_ptr out, double c, double a)
{
    mpfr_t sq;
    mpfr_init2(sq, 2 * 53 + 2);
    mpfr_set_d(sq, a, MPFR_RNDN);
    mpfr_sqr(sq, sq, MPFR_RNDN);
    gp_ref_odd(out, mpfr_d_sub(out, c, sq, MPFR_RNDZ));
    mpfr_clear(sq);
}

/* s + e = a + b exactly (TwoSum) */
static inline double gp_ref_two_sum(double a, double b, double *e)
{
    double s = a + b, bb = s - a;
    *e = (a - (s - bb)) + (b - bb);
    return s;
}

/* c - a^2 for a float a (a^2 exact in double): one rounding to double.  At
 * a = +-inf the IEEE value, as MPFR gives it (inf - inf = NaN, 1 - inf = -inf). */
static inline double gp_ref_c_minus_sq_d(double c, double a)
{
    double p = a * a, t;
    if (isinf(a))
        return c - p;
    double s = gp_ref_two_sum(c, -p, &t);
    return s + t;
}

/* c - a^2 for a double a: a^2 = p + e exactly (FMA), c - p = s + t (TwoSum),
 * one rounding to long double; beyond |a| = 2^500 a^2 dominates. */
static inline long double gp_ref_c_minus_sq_ld(double c, double a)
{
    if (fabs(a) > 0x1p500 || isinf(a))
        return (long double)c - (long double)a * (long double)a;
    double p = a * a, e = fma(a, a, -p), t;
    double s = gp_ref_two_sum(c, -p, &t);
    return (long double)s + ((long double)t - (long double)e);
}

#endif
