/* gprime's reference values: one library (MPFR), keyed by activation and
 * operation, for the unit tests, the ULP checker (tools/ulp) and the bench's
 * error column.  Each activation states its own references in the
 * GP_ACT_REFERENCE part of its file in src/act/ (a gp_act_ref, below);
 * tests/ref/ref.c gathers them from src/act/list.h.  backward = da * g' is
 * formed here, once, for every activation.
 *
 * A missing reference is an error, never a silent wrong value: an activation
 * of the list without its reference part does not compile, and asking for an
 * operation the activation lacks (or a kind outside the enum) aborts with a
 * message naming it. */
#ifndef GP_REF_H
#define GP_REF_H

#include <mpfr.h>
#include "gprime.h"

/* The three functions an operation is made of: g, g' from z and g' from the
 * output a.  forward is g; grad and backward are g' (backward times da);
 * grad_from_output and backward_from_output are g' from a (times da). */
enum { GP_REF_G, GP_REF_DG, GP_REF_DG_FROM_A, GP_REF_FN_COUNT };

/* out = the function at x (exact in a double), rounded to out's precision
 * (>= 200 bits) with an error of a few of its ulps; parameters from act (for
 * f32, rounded to float first: gp_ref_act_f32).  x is never NaN here. */
typedef void (*gp_ref_fn)(mpfr_ptr out, const gp_act *act, double x);

/* One activation's references (the GP_ACT_REFERENCE part of its file). */
typedef struct {
    gp_ref_fn fn[GP_REF_FN_COUNT]; /* [GP_REF_DG_FROM_A] NULL: no from-output forms */
    /* Optional fast screens for tools/ulp (NULL: it screens with MPFR, slower
     * but right).  screen_d: every function of the act at a float x in double
     * arithmetic, relative error <= 2^-49 (out[fn]; a missing fn untouched);
     * screen_ld: one function at a double x in long double, relative error
     * <= 2^-60.  x is never NaN; the bounds are checked against MPFR at run
     * time by the checker. */
    void (*screen_d)(const gp_act *act, float x, double out[GP_REF_FN_COUNT]);
    long double (*screen_ld)(const gp_act *act, int fn, double x);
} gp_act_ref;

/* op of act at x (z or a; da read by the backward ops), the exact value
 * correctly rounded to the type (subnormals included; MPFR at >= 200 bits). */
double gp_ref_f64(const gp_act *act, gp_op op, double x, double da);
float gp_ref_f32(const gp_act *act, gp_op op, float x, float da);

/* |got - exact| in ulps of the exact value in the type (below the normal
 * range: in units of the subnormal spacing); 0 where both are the same
 * NaN-ness/infinity; INFINITY for NaN vs number or a wrong infinity. */
double gp_ref_ulps_f64(const gp_act *act, gp_op op, double x, double da, double got);
double gp_ref_ulps_f32(const gp_act *act, gp_op op, float x, float da, float got);

/* ---- lower level (tools/ulp) ---------------------------------------------- */

/* The references of kind; aborts for a kind outside the enum. */
const gp_act_ref *gp_ref_of(gp_kind kind);
/* The function op is made of (GP_REF_*), and whether op multiplies it by da. */
int gp_ref_fn_of(gp_op op);
int gp_ref_is_backward(gp_op op);
/* act with its parameters rounded to float, as the f32 kernels use them. */
gp_act gp_ref_act_f32(const gp_act *act);
/* out = function fn of act at x (NaN for NaN) at out's precision; aborts
 * where act has no such function. */
void gp_ref_fn_mpfr(const gp_act *act, int fn, mpfr_ptr out, double x);
/* out = op of act at x (times da for the backward ops) at out's precision
 * (give it 53 bits more than 200 for an exact product). */
void gp_ref_mpfr(const gp_act *act, gp_op op, mpfr_ptr out, double x, double da);
/* |got - exact| in ulps of exact in the type (f32 != 0: float), as
 * gp_ref_ulps_*; the ulp is clamped to the type's range (the subnormal
 * spacing below it, the spacing at the largest finite value above it). */
double gp_ref_err(mpfr_srcptr exact, double got, int f32);
/* exact rounded to the nearest double (f32 != 0: float), ties to even,
 * subnormals included. */
double gp_ref_round(mpfr_srcptr exact, int f32);

#endif
