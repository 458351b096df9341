/* The textbook loops over the C library, written once and compiled twice:
 * peers/libm.c (IEEE, no contraction) and peers/libm_fast.c (-ffast-math).
 * PFX names the functions, LIBNAME the row label. */
#include <math.h>
#include "gprime.h"
#include "peers.h"

#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)
#define FN(name) CAT(PFX, name)

static void FN(sig32)(size_t n, const float *x, const float *da, float *o)
{
    (void)da;
    for (size_t i = 0; i < n; i++)
        o[i] = 1.0f / (1.0f + expf(-x[i]));
}
static void FN(tanh32)(size_t n, const float *x, const float *da, float *o)
{
    (void)da;
    for (size_t i = 0; i < n; i++)
        o[i] = tanhf(x[i]);
}
static void FN(dsig32)(size_t n, const float *x, const float *da, float *o)
{
    (void)da;
    for (size_t i = 0; i < n; i++) {
        float s = 1.0f / (1.0f + expf(-x[i]));
        o[i] = s * (1.0f - s);
    }
}
static void FN(dtanh32)(size_t n, const float *x, const float *da, float *o)
{
    (void)da;
    for (size_t i = 0; i < n; i++) {
        float t = tanhf(x[i]);
        o[i] = 1.0f - t * t;
    }
}
static void FN(sigfo32)(size_t n, const float *x, const float *da, float *o)
{
    (void)da;
    for (size_t i = 0; i < n; i++)
        o[i] = x[i] * (1.0f - x[i]);
}
static void FN(tanhfo32)(size_t n, const float *x, const float *da, float *o)
{
    (void)da;
    for (size_t i = 0; i < n; i++)
        o[i] = 1.0f - x[i] * x[i];
}
static void FN(sig64)(size_t n, const double *x, const double *da, double *o)
{
    (void)da;
    for (size_t i = 0; i < n; i++)
        o[i] = 1.0 / (1.0 + exp(-x[i]));
}
static void FN(tanh64)(size_t n, const double *x, const double *da, double *o)
{
    (void)da;
    for (size_t i = 0; i < n; i++)
        o[i] = tanh(x[i]);
}
static void FN(dsig64)(size_t n, const double *x, const double *da, double *o)
{
    (void)da;
    for (size_t i = 0; i < n; i++) {
        double s = 1.0 / (1.0 + exp(-x[i]));
        o[i] = s * (1.0 - s);
    }
}
static void FN(dtanh64)(size_t n, const double *x, const double *da, double *o)
{
    (void)da;
    for (size_t i = 0; i < n; i++) {
        double t = tanh(x[i]);
        o[i] = 1.0 - t * t;
    }
}
static void FN(sigfo64)(size_t n, const double *x, const double *da, double *o)
{
    (void)da;
    for (size_t i = 0; i < n; i++)
        o[i] = x[i] * (1.0 - x[i]);
}
static void FN(tanhfo64)(size_t n, const double *x, const double *da, double *o)
{
    (void)da;
    for (size_t i = 0; i < n; i++)
        o[i] = 1.0 - x[i] * x[i];
}

size_t ENTRY(ulp_peer *out)
{
    size_t k = 0;
    out[k++] = (ulp_peer){LIBNAME, "1/(1+expf(-z))", GP_SIGMOID, GP_OP_FORWARD, 32, FN(sig32), 0};
    out[k++] = (ulp_peer){LIBNAME, "tanhf(z)", GP_TANH, GP_OP_FORWARD, 32, FN(tanh32), 0};
    out[k++] = (ulp_peer){LIBNAME, "s(1-s), s = 1/(1+expf(-z))", GP_SIGMOID, GP_OP_GRAD, 32, FN(dsig32), 0};
    out[k++] = (ulp_peer){LIBNAME, "1-t*t, t = tanhf(z)", GP_TANH, GP_OP_GRAD, 32, FN(dtanh32), 0};
    out[k++] = (ulp_peer){LIBNAME, "a*(1-a)", GP_SIGMOID, GP_OP_GRAD_FROM_OUTPUT, 32, FN(sigfo32), 0};
    out[k++] = (ulp_peer){LIBNAME, "1-a*a", GP_TANH, GP_OP_GRAD_FROM_OUTPUT, 32, FN(tanhfo32), 0};
    out[k++] = (ulp_peer){LIBNAME, "1/(1+exp(-z))", GP_SIGMOID, GP_OP_FORWARD, 64, 0, FN(sig64)};
    out[k++] = (ulp_peer){LIBNAME, "tanh(z)", GP_TANH, GP_OP_FORWARD, 64, 0, FN(tanh64)};
    out[k++] = (ulp_peer){LIBNAME, "s(1-s), s = 1/(1+exp(-z))", GP_SIGMOID, GP_OP_GRAD, 64, 0, FN(dsig64)};
    out[k++] = (ulp_peer){LIBNAME, "1-t*t, t = tanh(z)", GP_TANH, GP_OP_GRAD, 64, 0, FN(dtanh64)};
    out[k++] = (ulp_peer){LIBNAME, "a*(1-a)", GP_SIGMOID, GP_OP_GRAD_FROM_OUTPUT, 64, 0, FN(sigfo64)};
    out[k++] = (ulp_peer){LIBNAME, "1-a*a", GP_TANH, GP_OP_GRAD_FROM_OUTPUT, 64, 0, FN(tanhfo64)};
    return k;
}
