/* gprime-ulp: the accuracy checker (issue #4).  Shared declarations.
 *
 * A "function" (fid) is the exact mathematical value a kernel approximates:
 * sigmoid, sigmoid', tanh, tanh', and the from-output formulas a(1-a) and
 * 1-a^2 evaluated exactly on the given a.  backward ops are da times one of
 * these.  relu and leaky_relu are checked bit for bit (ulp_exact.c). */
#ifndef GP_ULP_H
#define GP_ULP_H

#include <stddef.h>
#include <stdint.h>
#include <mpfr.h>

enum { F_SIG, F_DSIG, F_TANH, F_DTANH, F_SIGFO, F_TANHFO, F_COUNT };

/* MPFR working precision of the reference (bits). */
#define ULP_MPFR_PREC 200

/* Screening references.  ref_d: double, relative error <= 2^-49 (see
 * ulp_ref.c for the derivation); ref_ld: long double (x87, 64-bit
 * significand), relative error <= 2^-60. */
double ulp_ref_d(int fid, float x);
void ulp_ref_d_all(float x, double out[F_COUNT]); /* out[fid] = ulp_ref_d(fid, x) */
long double ulp_ref_ld(int fid, double x);
/* The value at ULP_MPFR_PREC bits (out must have that precision). */
void ulp_ref_mpfr(int fid, double x, mpfr_t out);

/* ulp(x) in a target format: prec 24 (float) or 53 (double), subnormal
 * spacing below the normal range, the spacing at the largest finite value
 * above it. */
double ulp_of_d(double x, int prec);
long double ulp_of_ld(long double x, int prec);

/* Error of r against a screening value x, in ulps of the target format.
 * NaN x: 0 if r is NaN, else +inf.  r NaN, x not: +inf.  r = +-inf: 0 if
 * x rounds to that infinity (beyond the overflow threshold), else +inf. */
double ulp_err_d(double r, double x, int prec);
double ulp_err_ld(double r, long double x, int prec);
/* The same against an MPFR value; *cr is set to 1 when r is the correctly
 * rounded value of x (NaN for NaN). */
double ulp_err_mpfr(double r, mpfr_t x, int prec, int *cr, double *want);

#endif
