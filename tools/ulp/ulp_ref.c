/* References for gprime-ulp.
 *
 * Screening values (used to decide, for every input, whether a result is
 * certainly correctly rounded; anything close to a rounding boundary is
 * re-measured against MPFR):
 *
 *   ulp_ref_d_all (float inputs, double arithmetic, two libm calls per
 *   input: E = exp(-|z|), t = expm1(-2|z|)):
 *     sigmoid  z >= 0: 1/(1+E),  z < 0: E/(1+E)
 *     sigmoid' E/(1+E)^2
 *     tanh     -t/(2+t), sign of z restored (no cancellation: t in [-1, 0],
 *              2+t in [1, 2])
 *     tanh'    4E2/(1+E2)^2, E2 = E*E = e^-2|z| (relative error <= 2.5 * 2^-52)
 *   With glibc's exp/expm1 within 1 ulp (its documented maxima are below
 *   that on x86_64), every expression above has a relative error below
 *   8 * 2^-52 = 2^-49, i.e. below 2^-25 of a float ulp (where E2 or a
 *   result is a subnormal double the absolute error is below 2^-1074, i.e.
 *   2^-925 of the smallest float ulp).  Backward values are da times these,
 *   one more rounding in double: below 2^-48 relative, 2^-24 float ulp.
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

/* All six screening values of one float input, sharing the two libm calls
 * (exp and expm1 of -|z| and -2|z|); the value of fid is out[fid]. */
void ulp_ref_d_all(float xf, double out[F_COUNT])
{
    double z = xf, az = fabs(z);
    double E = exp(-az);          /* glibc: < 1 ulp */
    double t = expm1(-2.0 * az);  /* glibc: < 1 ulp; in [-1, 0] */
    double E2 = E * E;            /* e^-2|z|, relative error <= 2 * 2^-52 + 2^-53 */
    double d = 1.0 + E, d2 = 1.0 + E2, p = z * z, s, tt;
    out[F_SIG] = z >= 0 ? 1.0 / d : E / d;
    out[F_DSIG] = E / (d * d);
    out[F_TANH] = copysign(-t / (2.0 + t), z);
    out[F_DTANH] = 4.0 * E2 / (d2 * d2);
    s = two_sum_d(z, -p, &tt); /* p = z^2 is exact: 24 x 24 bits */
    out[F_SIGFO] = s + tt;
    s = two_sum_d(1.0, -p, &tt);
    out[F_TANHFO] = s + tt;
    if (isinf(z)) { /* as MPFR: inf - inf = NaN at +inf, -inf at -inf; 1 - inf = -inf */
        out[F_SIGFO] = z - p;
        out[F_TANHFO] = 1.0 - p;
    }
    if (isnan(z)) /* NaN in, NaN out for every function */
        for (int f = 0; f < F_COUNT; f++)
            out[f] = z;
}

double ulp_ref_d(int fid, float xf)
{
    double v[F_COUNT];
    ulp_ref_d_all(xf, v);
    return fid >= 0 && fid < F_COUNT ? v[fid] : NAN;
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
        /* signbit() only promises some nonzero value, and not the same one
         * for double and long double: compare truth values */
        if (!signbit(r) != !signbit(x) || fabsl(x) < overflow_threshold(prec) * (1 - 0x1p-40L))
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
