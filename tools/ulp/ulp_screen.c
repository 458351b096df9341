/* gprime-ulp: the screening values and errors in ulps.
 *
 * Every input is first screened against a cheap value of each function of
 * each activation: its screens from tests/ref (the GP_ACT_REFERENCE part of
 * src/act/<name>.h): double arithmetic for float inputs, relative error
 * <= 2^-49 (below 2^-25 of a float ulp; backward values are da times these,
 * one more double rounding: 2^-48), x87 long double for double inputs,
 * <= 2^-60 (below 2^-7 of a double ulp).  An activation without screens is
 * screened with MPFR itself, rounded to double / long double (2^-53 / 2^-64
 * relative): slower, right.  The screens' bounds rest on libm's accuracy,
 * so validate_refs measures them against MPFR at run time; the checker
 * fails when one exceeds a quarter of its margin. */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "ulp.h"

double screen_err[2][NSLOT];

void screen32(int kind, float x, double out[GP_REF_FN_COUNT])
{
    const gp_act_ref *r = gp_ref_of((gp_kind)kind);
    const gp_act *act = ref_act(kind, 32);
    for (int fn = 0; fn < GP_REF_FN_COUNT; fn++)
        out[fn] = NAN;
    if (isnan(x) || !act_selected(kind)) /* --act: no path of an act left out runs */
        return;
    if (r->screen_d) {
        r->screen_d(act, x, out);
        return;
    }
    mpfr_t m;
    mpfr_init2(m, ULP_MPFR_PREC);
    for (int fn = 0; fn < GP_REF_FN_COUNT; fn++)
        if (r->fn[fn]) {
            gp_ref_fn_mpfr(act, fn, m, x);
            out[fn] = mpfr_get_d(m, MPFR_RNDN);
        }
    mpfr_clear(m);
}

long double screen64(int kind, int fn, double x)
{
    const gp_act_ref *r = gp_ref_of((gp_kind)kind);
    const gp_act *act = ref_act(kind, 64);
    if (isnan(x) || !r->fn[fn] || !act_selected(kind))
        return NAN;
    if (r->screen_ld)
        return r->screen_ld(act, fn, x);
    mpfr_t m;
    mpfr_init2(m, ULP_MPFR_PREC);
    gp_ref_fn_mpfr(act, fn, m, x);
    long double v = mpfr_get_ld(m, MPFR_RNDN);
    mpfr_clear(m);
    return v;
}

/* exponent limits of the ulp in each target format */
static int ulp_emin(int prec) { return prec == 24 ? -149 : -1074; }
static int ulp_emax(int prec) { return prec == 24 ? 104 : 971; }

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

double ulp_err_mpfr(double r, mpfr_srcptr x, int prec, int *cr, double *want)
{
    int nan = mpfr_nan_p(x) != 0;
    double w = nan ? NAN : gp_ref_round(x, prec == 24);
    *want = w;
    *cr = nan ? isnan(r) != 0 : r == w;
    return gp_ref_err(x, r, prec == 24);
}

/* Error in float ulps of the float c against the double v (c = (float)v):
 * exact arithmetic (v - c is exact, the ulp a power of two), the same value
 * as ulp_err_ld(c, v, 24), which handles the rare NaN and infinite cases. */
float err24(double v, float c)
{
    if (!(fabs(v) <= DBL_MAX) || isinf(c))
        return (float)ulp_err_ld((double)c, (long double)v, 24);
    int ue = (int)((d_bits(v) >> 52) & 0x7ff) - 1023 - 23;
    ue = ue < -149 ? -149 : ue > 104 ? 104 : ue;
    return (float)(fabs(v - (double)c) / bits_d((uint64_t)(ue + 1023) << 52));
}

/* The largest error of every screen, in ulps of the target format, against
 * MPFR on n inputs: float inputs half from the body, half any finite
 * pattern; double inputs half from the body, half as the sweep draws them.
 * Values beyond the largest finite value round to inf: there the screen only
 * has to tell which side of the overflow threshold x lies on (ulp_err_ld
 * leaves a 2^-40 relative zone around it to MPFR), so they are left out. */
void validate_refs(uint64_t n)
{
    mpfr_t m, diff, lm;
    mpfr_init2(m, ULP_MPFR_PREC);
    mpfr_init2(diff, ULP_MPFR_PREC + 64);
    mpfr_init2(lm, 64);
    int debug = getenv("GP_ULP_DEBUG") != NULL;
    for (int kind = 0; kind < GP_KIND_COUNT; kind++) {
        const gp_act_ref *r = gp_ref_of((gp_kind)kind);
        if (!act_selected(kind))
            continue; /* --act: only the screens the sweep uses */
        for (uint64_t i = 0; i < n; i++) {
            uint64_t h = splitmix(i ^ 0x5151);
            float xf = (i & 1) ? bits_f((uint32_t)h & 0xff7fffffu) : (float)((double)(int64_t)h * 0x1p-57);
            double xd = (i & 1) ? random64(h) : (double)(int64_t)h * 0x1p-57;
            double v[GP_REF_FN_COUNT];
            if (r->screen_d)
                screen32(kind, xf, v);
            for (int fn = 0; fn < GP_REF_FN_COUNT; fn++) {
                int s = kind * GP_REF_FN_COUNT + fn;
                if (!r->fn[fn])
                    continue;
                if (r->screen_d) {
                    gp_ref_fn_mpfr(ref_act(kind, 32), fn, m, xf);
                    double d = v[fn];
                    if (isfinite(d) && !mpfr_nan_p(m) && fabs(mpfr_get_d(m, MPFR_RNDN)) <= FLT_MAX) {
                        mpfr_d_sub(diff, d, m, MPFR_RNDN);
                        double ue = (double)(fabsl((long double)mpfr_get_d(diff, MPFR_RNDN)) /
                                             ulp_of_ld(mpfr_get_d(m, MPFR_RNDN), 24));
                        if (ue > screen_err[0][s]) {
                            screen_err[0][s] = ue;
                            if (debug)
                                fprintf(stderr, "f32 %s fn %d x %a d %a ue %g\n", kind_s(kind), fn, (double)xf, d, ue);
                        }
                    }
                }
                if (r->screen_ld) {
                    gp_ref_fn_mpfr(ref_act(kind, 64), fn, m, xd);
                    long double l = screen64(kind, fn, xd);
                    if (isfinite(l) && !mpfr_nan_p(m) && fabsl(mpfr_get_ld(m, MPFR_RNDN)) <= DBL_MAX) {
                        mpfr_set_ld(lm, l, MPFR_RNDN);
                        mpfr_sub(diff, lm, m, MPFR_RNDN);
                        long double ul = ulp_of_ld(mpfr_get_ld(m, MPFR_RNDN), 53);
                        double ue = (double)(fabsl(mpfr_get_ld(diff, MPFR_RNDN)) / ul);
                        if (ue > screen_err[1][s]) {
                            screen_err[1][s] = ue;
                            if (debug)
                                fprintf(stderr, "f64 %s fn %d x %a l %La ue %g\n", kind_s(kind), fn, xd, l, ue);
                        }
                    }
                }
            }
        }
    }
    mpfr_clears(m, diff, lm, (mpfr_ptr)0);
}
