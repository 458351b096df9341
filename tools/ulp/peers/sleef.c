/* SLEEF (Debian libsleef-dev): the 1-ulp exp and tanh, scalar entry points. */
#include <sleef.h>
#include "gprime.h"
#include "peers.h"

static void sig32(size_t n, const float *x, const float *da, float *o)
{
    (void)da;
    for (size_t i = 0; i < n; i++)
        o[i] = 1.0f / (1.0f + Sleef_expf_u10(-x[i]));
}
static void tanh32(size_t n, const float *x, const float *da, float *o)
{
    (void)da;
    for (size_t i = 0; i < n; i++)
        o[i] = Sleef_tanhf_u10(x[i]);
}
static void dsig32(size_t n, const float *x, const float *da, float *o)
{
    (void)da;
    for (size_t i = 0; i < n; i++) {
        float s = 1.0f / (1.0f + Sleef_expf_u10(-x[i]));
        o[i] = s * (1.0f - s);
    }
}
static void dtanh32(size_t n, const float *x, const float *da, float *o)
{
    (void)da;
    for (size_t i = 0; i < n; i++) {
        float t = Sleef_tanhf_u10(x[i]);
        o[i] = 1.0f - t * t;
    }
}
static void sig64(size_t n, const double *x, const double *da, double *o)
{
    (void)da;
    for (size_t i = 0; i < n; i++)
        o[i] = 1.0 / (1.0 + Sleef_exp_u10(-x[i]));
}
static void tanh64(size_t n, const double *x, const double *da, double *o)
{
    (void)da;
    for (size_t i = 0; i < n; i++)
        o[i] = Sleef_tanh_u10(x[i]);
}
static void dsig64(size_t n, const double *x, const double *da, double *o)
{
    (void)da;
    for (size_t i = 0; i < n; i++) {
        double s = 1.0 / (1.0 + Sleef_exp_u10(-x[i]));
        o[i] = s * (1.0 - s);
    }
}
static void dtanh64(size_t n, const double *x, const double *da, double *o)
{
    (void)da;
    for (size_t i = 0; i < n; i++) {
        double t = Sleef_tanh_u10(x[i]);
        o[i] = 1.0 - t * t;
    }
}

size_t ulp_peers_sleef(ulp_peer *out)
{
    size_t k = 0;
    out[k++] = (ulp_peer){"SLEEF", "1/(1+Sleef_expf_u10(-z))", GP_SIGMOID, GP_OP_FORWARD, 32, sig32, 0};
    out[k++] = (ulp_peer){"SLEEF", "Sleef_tanhf_u10(z)", GP_TANH, GP_OP_FORWARD, 32, tanh32, 0};
    out[k++] = (ulp_peer){"SLEEF", "s(1-s) from its sigmoid", GP_SIGMOID, GP_OP_GRAD, 32, dsig32, 0};
    out[k++] = (ulp_peer){"SLEEF", "1-t*t from Sleef_tanhf_u10", GP_TANH, GP_OP_GRAD, 32, dtanh32, 0};
    out[k++] = (ulp_peer){"SLEEF", "1/(1+Sleef_exp_u10(-z))", GP_SIGMOID, GP_OP_FORWARD, 64, 0, sig64};
    out[k++] = (ulp_peer){"SLEEF", "Sleef_tanh_u10(z)", GP_TANH, GP_OP_FORWARD, 64, 0, tanh64};
    out[k++] = (ulp_peer){"SLEEF", "s(1-s) from its sigmoid", GP_SIGMOID, GP_OP_GRAD, 64, 0, dsig64};
    out[k++] = (ulp_peer){"SLEEF", "1-t*t from Sleef_tanh_u10", GP_TANH, GP_OP_GRAD, 64, 0, dtanh64};
    return k;
}
