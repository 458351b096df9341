/* Peer: plain C loops over libm, the code a user would write by hand.
 * Compiled twice (bench/CMakeLists.txt): -O3 -march=native, and the same with
 * -ffast-math (GP_LIBM_FAST=1) in its own object library, so that fast-math
 * never touches gprime's code nor the link (no crtfastmath, no FTZ/DAZ).
 *
 * Formulas: sigmoid 1/(1+e^-z), sigmoid' e^-|z|/(1+e^-|z|)^2, tanh via tanh(),
 * tanh' 1-tanh(z)^2, from the output a(1-a) and 1-a^2; relu/leaky_relu by
 * comparison.  backward multiplies by da. */
#include <math.h>
#include <stddef.h>

#include "../peer.h"

#if GP_LIBM_FAST
#define GP_LOOP(name) gp_libm_fast_##name
#define GP_PEER_VAR gp_peer_libm_fast
#define GP_PEER_NAME "libm-fast"
#define GP_PEER_WHAT "C loop over libm, -O3 -march=native -ffast-math (vectorised via libmvec)"
#else
#define GP_LOOP(name) gp_libm_##name
#define GP_PEER_VAR gp_peer_libm
#define GP_PEER_NAME "libm"
#define GP_PEER_WHAT "C loop over libm, -O3 -march=native"
#endif

/* T: element type, S: suffix of the libm function (f or empty). */
#define GP_DEFINE_LOOPS(T, S, EXP, TANH, FABS)                                                           \
    static void GP_LOOP(sigmoid_forward_##S)(float af, double ad, size_t n, const void *xv, const void *dv, \
                                             void *ov)                                                  \
    {                                                                                                   \
        (void)af, (void)ad, (void)dv;                                                                   \
        const T *restrict x = xv;                                                                       \
        T *restrict o = ov;                                                                             \
        for (size_t i = 0; i < n; i++)                                                                  \
            o[i] = (T)1 / ((T)1 + EXP(-x[i]));                                                          \
    }                                                                                                   \
    static void GP_LOOP(sigmoid_grad_##S)(float af, double ad, size_t n, const void *xv, const void *dv,    \
                                          void *ov)                                                     \
    {                                                                                                   \
        (void)af, (void)ad, (void)dv;                                                                   \
        const T *restrict x = xv;                                                                       \
        T *restrict o = ov;                                                                             \
        for (size_t i = 0; i < n; i++) {                                                                \
            T e = EXP(-FABS(x[i])), d = (T)1 + e;                                                       \
            o[i] = e / (d * d);                                                                         \
        }                                                                                               \
    }                                                                                                   \
    static void GP_LOOP(sigmoid_backward_##S)(float af, double ad, size_t n, const void *xv,              \
                                              const void *dv, void *ov)                                 \
    {                                                                                                   \
        (void)af, (void)ad;                                                                             \
        const T *restrict x = xv, *restrict da = dv;                                                    \
        T *restrict o = ov;                                                                             \
        for (size_t i = 0; i < n; i++) {                                                                \
            T e = EXP(-FABS(x[i])), d = (T)1 + e;                                                       \
            o[i] = da[i] * (e / (d * d));                                                               \
        }                                                                                               \
    }                                                                                                   \
    static void GP_LOOP(sigmoid_gfo_##S)(float af, double ad, size_t n, const void *xv, const void *dv,     \
                                         void *ov)                                                      \
    {                                                                                                   \
        (void)af, (void)ad, (void)dv;                                                                   \
        const T *restrict x = xv;                                                                       \
        T *restrict o = ov;                                                                             \
        for (size_t i = 0; i < n; i++)                                                                  \
            o[i] = x[i] * ((T)1 - x[i]);                                                                \
    }                                                                                                   \
    static void GP_LOOP(sigmoid_bfo_##S)(float af, double ad, size_t n, const void *xv, const void *dv,     \
                                         void *ov)                                                      \
    {                                                                                                   \
        (void)af, (void)ad;                                                                             \
        const T *restrict x = xv, *restrict da = dv;                                                    \
        T *restrict o = ov;                                                                             \
        for (size_t i = 0; i < n; i++)                                                                  \
            o[i] = da[i] * (x[i] * ((T)1 - x[i]));                                                      \
    }                                                                                                   \
    static void GP_LOOP(tanh_forward_##S)(float af, double ad, size_t n, const void *xv, const void *dv,    \
                                          void *ov)                                                     \
    {                                                                                                   \
        (void)af, (void)ad, (void)dv;                                                                   \
        const T *restrict x = xv;                                                                       \
        T *restrict o = ov;                                                                             \
        for (size_t i = 0; i < n; i++)                                                                  \
            o[i] = TANH(x[i]);                                                                          \
    }                                                                                                   \
    static void GP_LOOP(tanh_grad_##S)(float af, double ad, size_t n, const void *xv, const void *dv,       \
                                       void *ov)                                                        \
    {                                                                                                   \
        (void)af, (void)ad, (void)dv;                                                                   \
        const T *restrict x = xv;                                                                       \
        T *restrict o = ov;                                                                             \
        for (size_t i = 0; i < n; i++) {                                                                \
            T t = TANH(x[i]);                                                                           \
            o[i] = (T)1 - t * t;                                                                        \
        }                                                                                               \
    }                                                                                                   \
    static void GP_LOOP(tanh_backward_##S)(float af, double ad, size_t n, const void *xv, const void *dv,   \
                                           void *ov)                                                    \
    {                                                                                                   \
        (void)af, (void)ad;                                                                             \
        const T *restrict x = xv, *restrict da = dv;                                                    \
        T *restrict o = ov;                                                                             \
        for (size_t i = 0; i < n; i++) {                                                                \
            T t = TANH(x[i]);                                                                           \
            o[i] = da[i] * ((T)1 - t * t);                                                              \
        }                                                                                               \
    }                                                                                                   \
    static void GP_LOOP(tanh_gfo_##S)(float af, double ad, size_t n, const void *xv, const void *dv,        \
                                      void *ov)                                                         \
    {                                                                                                   \
        (void)af, (void)ad, (void)dv;                                                                   \
        const T *restrict x = xv;                                                                       \
        T *restrict o = ov;                                                                             \
        for (size_t i = 0; i < n; i++)                                                                  \
            o[i] = (T)1 - x[i] * x[i];                                                                  \
    }                                                                                                   \
    static void GP_LOOP(tanh_bfo_##S)(float af, double ad, size_t n, const void *xv, const void *dv,        \
                                      void *ov)                                                         \
    {                                                                                                   \
        (void)af, (void)ad;                                                                             \
        const T *restrict x = xv, *restrict da = dv;                                                    \
        T *restrict o = ov;                                                                             \
        for (size_t i = 0; i < n; i++)                                                                  \
            o[i] = da[i] * ((T)1 - x[i] * x[i]);                                                        \
    }                                                                                                   \
    /* relu and leaky_relu: the slope is read from alpha (0 for relu) */                                \
    static void GP_LOOP(lrelu_forward_##S)(float af, double ad, size_t n, const void *xv, const void *dv,   \
                                           void *ov)                                                    \
    {                                                                                                   \
        (void)dv;                                                                                       \
        const T al = sizeof(T) == sizeof(float) ? (T)af : (T)ad;                                        \
        const T *restrict x = xv;                                                                       \
        T *restrict o = ov;                                                                             \
        for (size_t i = 0; i < n; i++)                                                                  \
            o[i] = x[i] > 0 ? x[i] : al * x[i];                                                         \
    }                                                                                                   \
    static void GP_LOOP(relu_forward_##S)(float af, double ad, size_t n, const void *xv, const void *dv,    \
                                          void *ov)                                                     \
    {                                                                                                   \
        (void)af, (void)ad, (void)dv;                                                                   \
        const T *restrict x = xv;                                                                       \
        T *restrict o = ov;                                                                             \
        for (size_t i = 0; i < n; i++)                                                                  \
            o[i] = x[i] > 0 ? x[i] : (T)0;                                                              \
    }                                                                                                   \
    static void GP_LOOP(lrelu_grad_##S)(float af, double ad, size_t n, const void *xv, const void *dv,      \
                                        void *ov)                                                       \
    {                                                                                                   \
        (void)dv;                                                                                       \
        const T al = sizeof(T) == sizeof(float) ? (T)af : (T)ad;                                        \
        const T *restrict x = xv;                                                                       \
        T *restrict o = ov;                                                                             \
        for (size_t i = 0; i < n; i++)                                                                  \
            o[i] = x[i] > 0 ? (T)1 : al;                                                                \
    }                                                                                                   \
    static void GP_LOOP(lrelu_backward_##S)(float af, double ad, size_t n, const void *xv, const void *dv,  \
                                            void *ov)                                                   \
    {                                                                                                   \
        const T al = sizeof(T) == sizeof(float) ? (T)af : (T)ad;                                        \
        const T *restrict x = xv, *restrict da = dv;                                                    \
        T *restrict o = ov;                                                                             \
        for (size_t i = 0; i < n; i++)                                                                  \
            o[i] = x[i] > 0 ? da[i] : al * da[i];                                                       \
    }                                                                                                   \
    static void GP_LOOP(relu_backward_##S)(float af, double ad, size_t n, const void *xv, const void *dv,   \
                                           void *ov)                                                    \
    {                                                                                                   \
        (void)af, (void)ad;                                                                             \
        const T *restrict x = xv, *restrict da = dv;                                                    \
        T *restrict o = ov;                                                                             \
        for (size_t i = 0; i < n; i++)                                                                  \
            o[i] = x[i] > 0 ? da[i] : (T)0;                                                             \
    }

GP_DEFINE_LOOPS(float, f32, expf, tanhf, fabsf)
GP_DEFINE_LOOPS(double, f64, exp, tanh, fabs)

/* The loop for (kind, op, type), or NULL.  From the output, relu and
 * leaky_relu test a > 0 just as the from-z loops test z > 0. */
static gp_bench_loop GP_LOOP(find)(gp_kind kind, gp_op op, int f64)
{
    static const gp_bench_loop t[2][GP_KIND_COUNT][GP_OP_COUNT] = {
        {{GP_LOOP(sigmoid_forward_f32), GP_LOOP(sigmoid_grad_f32), GP_LOOP(sigmoid_gfo_f32),
          GP_LOOP(sigmoid_backward_f32), GP_LOOP(sigmoid_bfo_f32)},
         {GP_LOOP(tanh_forward_f32), GP_LOOP(tanh_grad_f32), GP_LOOP(tanh_gfo_f32), GP_LOOP(tanh_backward_f32),
          GP_LOOP(tanh_bfo_f32)},
         {GP_LOOP(relu_forward_f32), GP_LOOP(lrelu_grad_f32), GP_LOOP(lrelu_grad_f32),
          GP_LOOP(relu_backward_f32), GP_LOOP(relu_backward_f32)},
         {GP_LOOP(lrelu_forward_f32), GP_LOOP(lrelu_grad_f32), GP_LOOP(lrelu_grad_f32),
          GP_LOOP(lrelu_backward_f32), GP_LOOP(lrelu_backward_f32)}},
        {{GP_LOOP(sigmoid_forward_f64), GP_LOOP(sigmoid_grad_f64), GP_LOOP(sigmoid_gfo_f64),
          GP_LOOP(sigmoid_backward_f64), GP_LOOP(sigmoid_bfo_f64)},
         {GP_LOOP(tanh_forward_f64), GP_LOOP(tanh_grad_f64), GP_LOOP(tanh_gfo_f64), GP_LOOP(tanh_backward_f64),
          GP_LOOP(tanh_bfo_f64)},
         {GP_LOOP(relu_forward_f64), GP_LOOP(lrelu_grad_f64), GP_LOOP(lrelu_grad_f64),
          GP_LOOP(relu_backward_f64), GP_LOOP(relu_backward_f64)},
         {GP_LOOP(lrelu_forward_f64), GP_LOOP(lrelu_grad_f64), GP_LOOP(lrelu_grad_f64),
          GP_LOOP(lrelu_backward_f64), GP_LOOP(lrelu_backward_f64)}},
    };
    if ((unsigned)kind >= GP_KIND_COUNT || (unsigned)op >= GP_OP_COUNT)
        return NULL;
    return t[f64 ? 1 : 0][kind][op];
}

static int GP_LOOP(prepare)(const gp_bench_case *c, gp_bench_runner *r)
{
    gp_bench_loop loop = GP_LOOP(find)(c->kind, c->op, c->f64);
    if (!loop)
        return GP_PEER_UNSUPPORTED;
    return gp_bench_loop_runner(c, loop, r);
}

const gp_bench_peer GP_PEER_VAR = {GP_PEER_NAME, GP_PEER_WHAT, NULL, 1, NULL, GP_LOOP(prepare)};
