/* References for gprime-ulp.
 *
 * Screening values (used to decide, for every input, whether a result is
 * certainly correctly rounded; anything close to a rounding boundary is
 * re-measured against MPFR):
 *
 *   ulp_ref_d (float inputs, double arithmetic):
 *     sigmoid  z >= 0: 1/(1+e^-z),  z < 0: e^z/(1+e^z)
 *     sigmoid' E/(1+E)^2, E = e^-|z|
 *     tanh     -t/(2+t), t = expm1(-2|z|), sign of z restored (no cancellation:
 *              t in [-1, 0], 2+t in [1, 2])
 *     tanh'    4E/(1+E)^2, E = e^-2|z|
 *   With glibc's exp/expm1 within 1 ulp (its documented maxima are below
 *   that on x86_64), every expression above has a relative error below
 *   4 * 2^-52 = 2^-50, i.e. below 2^-26 of a float ulp.
 *
 *   ulp_ref_ld (double inputs, x87 long double, 64-bit significand): the same
 *   expressions with expl/expm1l.  With those within 2 ulp (2^-63 relative),
 *   the relative error stays below 2^-60, i.e. below 2^-7 of a double ulp.
 *   Both bounds rest on glibc's documented accuracy, so they are also
 *   checked at run time: ulp_main.c measures the screening error against
 *   MPFR on a random sample and fails if it exceeds 1/4 of the margin.
 *
 *   The from-output formulas c - a^2 (c = a for sigmoid, 1 for tanh) are
 *   formed exactly: a^2 = p + e (p rounded, e by FMA), c - p = s + t by
 *   TwoSum, then s + (t - e) rounded once in the screening format.  In float
 *   a^2 is exact in double, so only the last rounding remains.
 *
 * MPFR values (ULP_MPFR_PREC = 200 bits, default exponent range, so no
 * under- or overflow for any double input that matters):
 *   sigmoid = 1/(1+exp(-z)), sigmoid' = sech(z/2)^2/4, tanh = tanh,
 *   tanh' = sech(z)^2, a - a^2, 1 - a^2.  Each is within a few ulps of 200
 *   bits, i.e. below 2^-140 of a double ulp. */
#include <math.h>
#include <float.h>
#include "ulp.h"

static double two_sum_d(double a, double b, double *e)
{
    double s = a + b, bb = s - a;
    *e = (a - (s - bb)) + (b - bb);
    return s;
}

double ulp_ref_d(int fid, float xf)
{
    double z = xf, E, d, s, t, p;
    switch (fid) {
    case F_SIG:
        if (z >= 0)
            return 1.0 / (1.0 + exp(-z));
        E = exp(z);
        return E / (1.0 + E);
    case F_DSIG:
        E = exp(-fabs(z));
        d = 1.0 + E;
        return E / (d * d);
    case F_TANH:
        t = expm1(-2.0 * fabs(z));
        return copysign(-t / (2.0 + t), z);
    case F_DTANH:
        E = exp(-2.0 * fabs(z));
        d = 1.0 + E;
        return 4.0 * E / (d * d);
    case F_SIGFO:
        p = z * z; /* exact: 24 x 24 bits */
        s = two_sum_d(z, -p, &t);
        return s + t;
    case F_TANHFO:
        p = z * z;
        s = two_sum_d(1.0, -p, &t);
        return s + t;
    }
    return NAN;
}

/* c - a^2 for double a and c in {a, 1}: one rounding to long double. */
static long double fo_ld(double c, double a)
{
    if (isnan(a))
        return a + a;
    if (fabs(a) > 0x1p500 || isinf(a)) /* no cancellation possible: a^2 dominates */
        return (long double)c - (long double)a * (long double)a;
    double p = a * a, e = fma(a, a, -p), t;
    double s = two_sum_d(c, -p, &t);
    return (long double)s + ((long double)t - (long double)e);
}

long double ulp_ref_ld(int fid, double x)
{
    long double z = x, E, d, t;
    switch (fid) {
    case F_SIG:
        if (z >= 0)
            return 1.0L / (1.0L + expl(-z));
        E = expl(z);
        return E / (1.0L + E);
    case F_DSIG:
        E = expl(-fabsl(z));
        d = 1.0L + E;
        return E / (d * d);
    case F_TANH:
        t = expm1l(-2.0L * fabsl(z));
        return copysignl(-t / (2.0L + t), z);
    case F_DTANH:
        E = expl(-2.0L * fabsl(z));
        d = 1.0L + E;
        return 4.0L * E / (d * d);
    case F_SIGFO:
        return fo_ld(x, x);
    case F_TANHFO:
        return fo_ld(1.0, x);
    }
    return NAN;
}

void ulp_ref_mpfr(int fid, double x, mpfr_t out)
{
    mpfr_t t;
    mpfr_init2(t, ULP_MPFR_PREC);
    mpfr_set_d(t, x, MPFR_RNDN);
    switch (fid) {
    case F_SIG:
        mpfr_neg(t, t, MPFR_RNDN);
        mpfr_exp(t, t, MPFR_RNDN);
        mpfr_add_ui(t, t, 1, MPFR_RNDN);
        mpfr_ui_div(out, 1, t, MPFR_RNDN);
        break;
    case F_DSIG:
        mpfr_div_2ui(t, t, 1, MPFR_RNDN);
        mpfr_sech(t, t, MPFR_RNDN);
        mpfr_sqr(t, t, MPFR_RNDN);
        mpfr_div_2ui(out, t, 2, MPFR_RNDN);
        break;
    case F_TANH:
        mpfr_tanh(out, t, MPFR_RNDN);
        break;
    case F_DTANH:
        mpfr_sech(t, t, MPFR_RNDN);
        mpfr_sqr(out, t, MPFR_RNDN);
        break;
    case F_SIGFO: /* a - a^2 */
        mpfr_sqr(out, t, MPFR_RNDN);
        mpfr_sub(out, t, out, MPFR_RNDN);
        break;
    case F_TANHFO: /* 1 - a^2 */
        mpfr_sqr(out, t, MPFR_RNDN);
        mpfr_ui_sub(out, 1, out, MPFR_RNDN);
        break;
    default:
        mpfr_set_nan(out);
    }
    mpfr_clear(t);
}

/* exponent limits of the ulp in each target format */
static int ulp_emin(int prec) { return prec == 24 ? -149 : -1074; }
static int ulp_emax(int prec) { return prec == 24 ? 104 : 971; }

double ulp_of_d(double x, int prec)
{
    int e;
    if (x == 0 || !isfinite(x))
        return ldexp(1.0, x == 0 ? ulp_emin(prec) : ulp_emax(prec));
    frexp(x, &e); /* |x| in [2^(e-1), 2^e) */
    e -= prec;
    if (e < ulp_emin(prec))
        e = ulp_emin(prec);
    if (e > ulp_emax(prec))
        e = ulp_emax(prec);
    return ldexp(1.0, e);
}

long double ulp_of_ld(long double x, int prec)
{
    int e;
    if (x == 0 || !isfinite(x))
        return ldexpl(1.0L, x == 0 ? ulp_emin(prec) : ulp_emax(prec));
    frexpl(x, &e);
    e -= prec;
    if (e < ulp_emin(prec))
        e = ulp_emin(prec);
    if (e > ulp_emax(prec))
        e = ulp_emax(prec);
    return ldexpl(1.0L, e);
}

/* |x| from which round-to-nearest gives infinity */
static long double overflow_threshold(int prec)
{
    return prec == 24 ? 0x1p128L - 0x1p103L : 0x1p1024L - 0x1p970L;
}

double ulp_err_ld(double r, long double x, int prec)
{
    if (isnan(x))
        return isnan(r) ? 0.0 : INFINITY;
    if (isnan(r))
        return INFINITY;
    if (isinf(r)) {
        if (signbit(r) != signbit(x) || fabsl(x) < overflow_threshold(prec) * (1 - 0x1p-40L))
            return INFINITY;
        /* within 2^-40 of the threshold the screen cannot decide: 0.5 sends it to MPFR */
        return fabsl(x) >= overflow_threshold(prec) * (1 + 0x1p-40L) ? 0.0 : 0.5;
    }
    if (isinf(x))
        return INFINITY;
    return (double)(fabsl((long double)r - x) / ulp_of_ld(x, prec));
}

double ulp_err_d(double r, double x, int prec) { return ulp_err_ld(r, (long double)x, prec); }

double ulp_err_mpfr(double r, mpfr_t x, int prec, int *cr, double *want)
{
    if (mpfr_nan_p(x)) {
        *cr = isnan(r) != 0;
        *want = NAN;
        return isnan(r) ? 0.0 : INFINITY;
    }
    double w = prec == 24 ? (double)mpfr_get_flt(x, MPFR_RNDN) : mpfr_get_d(x, MPFR_RNDN);
    *want = w;
    *cr = (r == w);
    if (isnan(r))
        return INFINITY;
    if (isinf(r) || mpfr_inf_p(x))
        return r == w ? 0.0 : INFINITY;
    mpfr_t d;
    mpfr_init2(d, ULP_MPFR_PREC + 64);
    mpfr_d_sub(d, r, x, MPFR_RNDN);
    long e = mpfr_zero_p(x) ? ulp_emin(prec) : (long)mpfr_get_exp(x) - prec;
    if (e < ulp_emin(prec))
        e = ulp_emin(prec);
    if (e > ulp_emax(prec))
        e = ulp_emax(prec);
    mpfr_mul_2si(d, d, -e, MPFR_RNDN);
    double err = fabs(mpfr_get_d(d, MPFR_RNDN));
    mpfr_clear(d);
    return err;
}
