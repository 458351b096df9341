/* The reference library (gp_ref.h): the table of every activation's
 * GP_ACT_REFERENCE part, and the operations formed from it. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define GP_ACT_REFERENCE 1
#include "gp_ref.h"
#include "act/desc.h"
#include "ref_part.h"
#include "act/list.h"

#define GP_REF_ROW(KIND, act) [KIND] = &gp_##act##_ref,
static const gp_act_ref *const gp_ref_table[GP_KIND_COUNT] = {GP_ACTIVATIONS(GP_REF_ROW)};

#define GP_REF_PREC 200

static void gp_ref_fail(const char *what, const gp_act *act, gp_op op)
{
    fprintf(stderr, "gp_ref: %s: kind %d (%s), op %d (%s)\n", what, act ? (int)act->kind : -1,
            act ? gp_kind_name(act->kind) : "NULL act", (int)op, gp_op_name(op));
    abort();
}

const gp_act_ref *gp_ref_of(gp_kind kind)
{
    if ((unsigned)kind >= GP_KIND_COUNT || !gp_ref_table[kind]) {
        fprintf(stderr, "gp_ref: no reference for kind %d\n", (int)kind);
        abort();
    }
    return gp_ref_table[kind];
}

int gp_ref_fn_of(gp_op op)
{
    switch (op) {
    case GP_OP_FORWARD: return GP_REF_G;
    case GP_OP_GRAD:
    case GP_OP_BACKWARD: return GP_REF_DG;
    case GP_OP_GRAD_FROM_OUTPUT:
    case GP_OP_BACKWARD_FROM_OUTPUT: return GP_REF_DG_FROM_A;
    }
    fprintf(stderr, "gp_ref: no operation %d\n", (int)op);
    abort();
}

int gp_ref_is_backward(gp_op op) { return op == GP_OP_BACKWARD || op == GP_OP_BACKWARD_FROM_OUTPUT; }

/* *p rounded to float.  Through a volatile float: GCC 12.2 at -O2 drops the
 * round trip (double)(float)x when it builds a returned struct from it
 * (gp_ref_act_f32 returned alpha = 0.01 unrounded). */
static void gp_ref_to_float(double *p)
{
    volatile float f = (float)*p;
    *p = f;
}

gp_act gp_ref_act_f32(const gp_act *act)
{
    gp_act a = *act;
    for (int s = 0; s < GP_SLOT_COUNT; s++)
        gp_ref_to_float(gp_act_field(&a, s));
    return a;
}

void gp_ref_fn_mpfr(const gp_act *act, int fn, mpfr_ptr out, double x)
{
    if (!act || (unsigned)fn >= GP_REF_FN_COUNT)
        gp_ref_fail("no such function", act, GP_OP_FORWARD);
    const gp_ref_fn f = gp_ref_of(act->kind)->fn[fn];
    if (!f) {
        fprintf(stderr, "gp_ref: %s has no reference for function %d\n", gp_kind_name(act->kind), fn);
        abort();
    }
    if (isnan(x))
        mpfr_set_nan(out);
    else
        f(out, act, x);
}

void gp_ref_mpfr(const gp_act *act, gp_op op, mpfr_ptr out, double x, double da)
{
    if (!act || !gp_has_op(act->kind, op))
        gp_ref_fail("the activation has no such operation", act, op);
    if (!gp_ref_is_backward(op)) {
        gp_ref_fn_mpfr(act, gp_ref_fn_of(op), out, x);
        return;
    }
    mpfr_t g;
    mpfr_init2(g, GP_REF_PREC);
    gp_ref_fn_mpfr(act, gp_ref_fn_of(op), g, x);
    mpfr_mul_d(out, g, da, MPFR_RNDN);
    mpfr_clear(g);
}

/* MPFR rounds correctly into the subnormals of both types */
double gp_ref_round(mpfr_srcptr x, int f32)
{
    return f32 ? (double)mpfr_get_flt(x, MPFR_RNDN) : mpfr_get_d(x, MPFR_RNDN);
}

double gp_ref_f64(const gp_act *act, gp_op op, double x, double da)
{
    mpfr_t y;
    mpfr_init2(y, GP_REF_PREC + 64);
    gp_ref_mpfr(act, op, y, x, da);
    double r = gp_ref_round(y, 0);
    mpfr_clear(y);
    return r;
}

float gp_ref_f32(const gp_act *act, gp_op op, float x, float da)
{
    gp_act a = gp_ref_act_f32(act);
    mpfr_t y;
    mpfr_init2(y, GP_REF_PREC + 64);
    gp_ref_mpfr(&a, op, y, x, da);
    float r = (float)gp_ref_round(y, 1); /* exact */
    mpfr_clear(y);
    return r;
}

double gp_ref_err(mpfr_srcptr exact, double got, int f32)
{
    int prec = f32 ? 24 : 53;
    long emin = f32 ? -149 : -1074, emax = f32 ? 104 : 971;
    if (mpfr_nan_p(exact) || isnan(got))
        return mpfr_nan_p(exact) && isnan(got) ? 0.0 : INFINITY;
    if (isinf(got) || mpfr_inf_p(exact)) {
        double w = gp_ref_round(exact, f32);
        return got == w ? 0.0 : INFINITY; /* the correctly rounded infinity, or a wrong one */
    }
    mpfr_t d;
    mpfr_init2(d, mpfr_get_prec(exact) + 64);
    mpfr_d_sub(d, got, exact, MPFR_RNDN);
    long e = mpfr_zero_p(exact) ? emin : (long)mpfr_get_exp(exact) - prec; /* |x| in [2^(E-1), 2^E): ulp 2^(E-p) */
    e = e < emin ? emin : e > emax ? emax : e;
    mpfr_mul_2si(d, d, -e, MPFR_RNDN);
    double r = fabs(mpfr_get_d(d, MPFR_RNDU));
    mpfr_clear(d);
    return r;
}

double gp_ref_ulps_f64(const gp_act *act, gp_op op, double x, double da, double got)
{
    mpfr_t y;
    mpfr_init2(y, GP_REF_PREC + 64);
    gp_ref_mpfr(act, op, y, x, da);
    double r = gp_ref_err(y, got, 0);
    mpfr_clear(y);
    return r;
}

double gp_ref_ulps_f32(const gp_act *act, gp_op op, float x, float da, float got)
{
    gp_act a = gp_ref_act_f32(act);
    mpfr_t y;
    mpfr_init2(y, GP_REF_PREC + 64);
    gp_ref_mpfr(&a, op, y, x, da);
    double r = gp_ref_err(y, got, 1);
    mpfr_clear(y);
    return r;
}
